using System.Net.Http.Headers;
using System.Text.Json;
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

    /// <summary>An API client with <paramref name="key"/> as its bearer token, or none.</summary>
    public static HttpClient ClientWith(this WebApplicationFactory<Program> app, string? key)
    {
        var client = app.NewClient();
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>What the access check answers a gateway (a client whose key has <c>access:check</c>): its <c>reason</c>.</summary>
    public static async Task<string?> AccessReasonAsync(this HttpClient gateway, string surface, string identifier, string email, string model = "gpt-5.6-sol")
    {
        ArgumentNullException.ThrowIfNull(gateway);
        using var response = await gateway.GetAsync(new Uri($"/api/v1/access/check?surface={surface}&identifier={identifier}&email={Uri.EscapeDataString(email)}&model={model}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("reason").GetString();
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
