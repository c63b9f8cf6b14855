using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Webhooks;
using PreviewAccess.Web.Features.Grants;
using PreviewAccess.Web.Features.Webhooks;

namespace PreviewAccess.Web.Tests.Webhooks;

/// <summary>The single-instance path on SQLite: the same outbox, claim and retry, without row locks.</summary>
public sealed class WebhookSqliteTests() : WebhookTest(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task On_SQLite_a_grant_change_is_delivered_signed_after_a_failed_attempt()
    {
        Receiver.Answer = n => n == 1 ? 502 : 204;

        string secret;
        await using (var scope = App.Scope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<WebhookAdministration>()
                .CreateAsync(new CreateWebhookInput(Receiver.HookUrl.ToString(), ["grant.revoked"], null), CancellationToken.None);
            Assert.True(created.Succeeded);
            secret = created.Value!.Secret;
            var grant = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Grants.AsNoTracking().FirstAsync(g => g.Status == GrantStatus.Enabled);
            Assert.True((await scope.ServiceProvider.GetRequiredService<GrantChanges>().RevokeAsync(new GrantReasonInput(grant.Id, "Agreement ended."), CancellationToken.None)).Succeeded);
        }

        var dispatcher = App.Services.GetRequiredService<WebhookDispatcher>();
        Assert.Equal(1, await dispatcher.DispatchOnceAsync(CancellationToken.None));
        var failed = await App.ReadAsync(db => db.WebhookDeliveries.AsNoTracking().SingleAsync());
        Assert.Equal(502, failed.LastStatusCode);
        Assert.Equal(0, await dispatcher.DispatchOnceAsync(CancellationToken.None));

        // Bring the next attempt forward instead of waiting half a minute of real time.
        await App.ReadAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE WebhookDeliveries SET NextAttemptAt = 0"));
        Assert.Equal(1, await dispatcher.DispatchOnceAsync(CancellationToken.None));

        var delivered = await App.ReadAsync(db => db.WebhookDeliveries.AsNoTracking().SingleAsync());
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivered.Status);
        Assert.Equal(2, delivered.Attempts);
        Assert.Equal(2, Receiver.Received.Count);
        Assert.All(Receiver.Received, r => Assert.Equal(delivered.EventId.ToString(), r.EventId));
        Assert.All(Receiver.Received, r => Assert.True(WebhookSignature.Verify(secret, r.Timestamp!, r.Body, r.Signature)));
    }
}
