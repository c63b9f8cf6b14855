using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using PreviewAccess.Web.Tests.Admin;

namespace PreviewAccess.Web.Tests.Security;

/// <summary>A person's browser going through the second factor: enrolling an authenticator app, and signing in with it.</summary>
public static class MultiFactorClients
{
    public const string TwoFactorPage = "/Account/Manage/TwoFactor";

    /// <summary>Submits the password form and returns its answer: a redirect to the second step, the area, or the form again.</summary>
    public static async Task<HttpResponseMessage> PasswordStepAsync(this HttpClient client, string email, string returnUrl = "/",
        string password = Features.Seeding.DemoData.Password)
    {
        ArgumentNullException.ThrowIfNull(client);
        var login = await client.GetPageAsync("/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        return await client.SubmitAsync(login, "main form", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
    }

    /// <summary>
    /// Signs in with the password, sets up an authenticator app from the shared key on the page, and reads the recovery codes shown.
    /// The code that sets it up is the previous step's (still accepted), so that the current step's code is left for signing in:
    /// each code is good once.
    /// </summary>
    public static async Task<Enrolled> EnrolledAsync(this WebApplicationFactory<Program> app, string email)
    {
        var client = await app.SignedInAsync(email);
        var setup = await client.GetPageAsync(TwoFactorPage);
        var key = SharedKey(setup);
        var code = Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(-30));
        var codes = await client.SubmitAndFollowAsync(setup, "#enable-form", new Dictionary<string, string> { ["Input.Code"] = code });
        var recoveryCodes = RecoveryCodes(codes);
        Assert.NotEmpty(recoveryCodes);
        return new Enrolled(client, key, recoveryCodes, code);
    }

    /// <summary>Password, then the authenticator's code: the client ends signed in.</summary>
    public static async Task<HttpClient> SignedInWithCodeAsync(this WebApplicationFactory<Program> app, string email, string sharedKey)
    {
        var client = app.NewClient();
        using var password = await client.PasswordStepAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        var second = await client.GetPageAsync(password.Headers.Location!.OriginalString);
        using var done = await client.SubmitAsync(second, "main form", new Dictionary<string, string> { ["Input.TwoFactorCode"] = Totp.Code(sharedKey) });
        Assert.True(done.StatusCode == HttpStatusCode.Redirect, $"The code was refused: {(await HtmlForms.ParseAsync(done)).Text()}");
        return client;
    }

    public static string SharedKey(IHtmlDocument setupPage)
    {
        ArgumentNullException.ThrowIfNull(setupPage);
        return setupPage.QuerySelector("#shared-key")?.TextContent.Trim() ?? throw new InvalidOperationException("The page shows no shared key.");
    }

    public static IReadOnlyList<string> RecoveryCodes(IHtmlDocument page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.QuerySelectorAll("#recovery-codes code").Select(c => c.TextContent.Trim()).ToList();
    }

    /// <summary>Password, then <paramref name="code"/> on the second step, in a browser of its own; the answer to the code.</summary>
    public static async Task<HttpResponseMessage> SecondStepAsync(this WebApplicationFactory<Program> app, string email, string code)
    {
        var client = app.NewClient();
        using var password = await client.PasswordStepAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        var second = await client.GetPageAsync(password.Headers.Location!.OriginalString);
        return await client.SubmitAsync(second, "main form", new Dictionary<string, string> { ["Input.TwoFactorCode"] = code });
    }

    /// <param name="EnrolmentCode">The code that turned the app on.</param>
    public sealed record Enrolled(HttpClient Client, string SharedKey, IReadOnlyList<string> RecoveryCodes, string EnrolmentCode);
}
