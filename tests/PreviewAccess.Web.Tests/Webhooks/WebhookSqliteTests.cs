using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PreviewAccess.Data;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Webhooks;
using PreviewAccess.Web.Features.Grants;
using PreviewAccess.Web.Features.Webhooks;
using PreviewAccess.Web.Tests.Admin;
using PreviewAccess.Web.Tests.Hosting;

namespace PreviewAccess.Web.Tests.Webhooks;

/// <summary>The single-instance path on SQLite: the same outbox, claim and retry, without row locks.</summary>
public sealed class WebhookSqliteTests
{
    [Fact]
    public async Task On_SQLite_a_grant_change_is_delivered_signed_after_a_failed_attempt()
    {
        var file = Path.Combine(Path.GetTempPath(), $"webhooks-{Guid.NewGuid():N}.db");
        try
        {
            await using var receiver = await WebhookReceiver.StartAsync();
            receiver.Answer = n => n == 1 ? 502 : 204;
            await using var app = new PortalApp($"Data Source={file}", DatabaseProvider.Sqlite, seedDemoData: true, settings: new Dictionary<string, string?>
            {
                ["Webhooks:DispatcherEnabled"] = "false",
                ["Webhooks:AllowPrivateNetworks"] = "true",
                ["Mail:DispatcherEnabled"] = "false",
                ["Rollout:WorkerEnabled"] = "false",
            });

            string secret;
            await using (var scope = app.Scope())
            {
                var created = await scope.ServiceProvider.GetRequiredService<WebhookAdministration>()
                    .CreateAsync(new CreateWebhookInput(receiver.HookUrl.ToString(), ["grant.revoked"], null), CancellationToken.None);
                Assert.True(created.Succeeded);
                secret = created.Value!.Secret;
                var grant = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Grants.AsNoTracking().FirstAsync(g => g.Status == GrantStatus.Enabled);
                Assert.True((await scope.ServiceProvider.GetRequiredService<GrantChanges>().RevokeAsync(new GrantReasonInput(grant.Id, "Agreement ended."), CancellationToken.None)).Succeeded);
            }

            var dispatcher = app.Services.GetRequiredService<WebhookDispatcher>();
            Assert.Equal(1, await dispatcher.DispatchOnceAsync(CancellationToken.None));
            var failed = await app.ReadAsync(db => db.WebhookDeliveries.AsNoTracking().SingleAsync());
            Assert.Equal(502, failed.LastStatusCode);
            Assert.Equal(0, await dispatcher.DispatchOnceAsync(CancellationToken.None));

            // Bring the next attempt forward instead of waiting half a minute of real time.
            await app.ReadAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE WebhookDeliveries SET NextAttemptAt = 0"));
            Assert.Equal(1, await dispatcher.DispatchOnceAsync(CancellationToken.None));

            var delivered = await app.ReadAsync(db => db.WebhookDeliveries.AsNoTracking().SingleAsync());
            Assert.Equal(WebhookDeliveryStatus.Delivered, delivered.Status);
            Assert.Equal(2, delivered.Attempts);
            Assert.Equal(2, receiver.Received.Count);
            Assert.All(receiver.Received, r => Assert.Equal(delivered.EventId.ToString(), r.EventId));
            Assert.All(receiver.Received, r => Assert.True(WebhookSignature.Verify(secret, r.Timestamp!, r.Body, r.Signature)));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
