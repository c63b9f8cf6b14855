using PreviewAccess.Domain.Webhooks;
using PreviewAccess.Web.Features.Webhooks;

namespace PreviewAccess.Web.Tests.Webhooks;

public static class WebhookArrangements
{
    /// <summary>A registered endpoint, written directly (its URL is not resolved): for tests that only need one to exist.</summary>
    public static async Task<Guid> AnEndpointAsync(PortalApp app, string url = "https://203.0.113.10/hooks", params string[] eventTypes)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var secrets = scope.ServiceProvider.GetRequiredService<WebhookSecrets>();
        var secret = WebhookSecrets.Generate();
        var endpoint = WebhookEndpoint.Register(new Uri(url), eventTypes.Length > 0 ? eventTypes : ["grant.enabled", "grant.revoked"],
            secrets.Protect(secret), WebhookSecrets.Hint(secret), Guid.Empty, DateTimeOffset.UtcNow);
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync();
        return endpoint.Id;
    }
}
