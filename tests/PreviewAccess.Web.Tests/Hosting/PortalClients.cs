using Microsoft.AspNetCore.Mvc.Testing;
using PreviewAccess.Web.Features.Seeding;

namespace PreviewAccess.Web.Tests.Hosting;

/// <summary>Browsers of the portal: each client keeps its own cookies, as a person's browser does.</summary>
public static class PortalClients
{
    /// <summary>A browser that is not signed in and does not follow redirects, so that a test sees each one.</summary>
    public static HttpClient NewClient(this WebApplicationFactory<Program> app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
    }

    /// <summary>A browser signed in through the sign-in form.</summary>
    public static async Task<HttpClient> SignedInAsync(this WebApplicationFactory<Program> app, string email, string password = DemoData.Password)
    {
        var client = app.NewClient();
        await client.SignInAsync(email, password);
        return client;
    }

    /// <summary>Signs the browser in through the portal's own sign-in page: its cookie is what a person's browser would hold.</summary>
    public static async Task SignInAsync(this HttpClient browser, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var login = await browser.GetPageAsync("/Account/Login");
        using var response = await browser.SubmitAsync(login, "main form", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Signing in as {email} answered {(int)response.StatusCode}");
    }
}
