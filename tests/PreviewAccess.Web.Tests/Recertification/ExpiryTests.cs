using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Access;
using PreviewAccess.Web.Features.Rollout;

namespace PreviewAccess.Web.Tests.Recertification;

/// <summary>Time-bound access on a fake clock: an enabled grant past its expiry date becomes Expired, audited, and the access check denies it.</summary>
[Collection(UndisturbedCollectionDefinition.Name)]
public sealed class ExpiryTests(PostgresServer postgres) : ApiTest(postgres)
{
    protected override FakeTimeProvider Clock { get; } = FakeClockAtNow();

    [Fact]
    public async Task An_enabled_grant_expires_after_its_last_day_is_audited_and_the_check_denies_it()
    {
        var (organizationId, apiOrg, _, email) = await UnderReviewAsync();
        var expiresOn = Today.AddDays(3);
        using (var approval = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/decisions", new
        {
            surface = "Api", decision = "Approve", identifiers = new[] { apiOrg }, models = new[] { Sol }, accountEmails = new[] { email },
            justification = "Time-bound evaluation.", expiresOn = expiresOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }))
        {
            var body = await ExpectAsync(approval, HttpStatusCode.Created);
            var grantId = body.GetProperty("grants")[0].GetProperty("id").GetGuid();
            await RecordGovernmentCoordinationAsync(organizationId);
            await EnableAsync(grantId);
            await SettleAccessAsync();

            // The last day still allows.
            Clock.Advance(TimeSpan.FromDays(3));
            Assert.Equal((true, "Allowed"), await CheckAsync(apiOrg, email));
            var worker = App.Services.GetRequiredService<EnablementWorker>();
            await worker.RunOnceAsync(CancellationToken.None);
            Assert.Equal(GrantStatus.Enabled, await StatusAsync(grantId));

            // The day after: the worker marks it expired, once, with an audit event; the snapshot follows by itself.
            Clock.Advance(TimeSpan.FromDays(1));
            await Task.WhenAll(worker.RunOnceAsync(CancellationToken.None), worker.RunOnceAsync(CancellationToken.None));
            var expiredAt = Stopwatch.StartNew();
            Assert.Equal(GrantStatus.Expired, await StatusAsync(grantId));
            var events = await InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().AuditEvents.AsNoTracking()
                .Where(e => e.SubjectId == grantId.ToString() && e.Action == "grant.expired").ToListAsync());
            var expired = Assert.Single(events);
            Assert.Equal("system", expired.Actor);
            Assert.Contains("Expired", expired.After!, StringComparison.Ordinal);
            // The partners are told once, though two workers ran: the mail commits with the expiry.
            var mails = await InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().OutboxMessages.AsNoTracking()
                .Where(m => m.Payload.Contains("grant expired for") && m.Payload.Contains(apiOrg)).Select(m => m.Payload).ToListAsync());
            Assert.Contains("renewal", Assert.Single(mails), StringComparison.Ordinal);

            var snapshot = App.Services.GetRequiredService<AccessSnapshot>();
            while (snapshot.FindByIdentifier(apiOrg)!.Grants.Single().Status != GrantStatus.Expired && expiredAt.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20);
            Assert.True(expiredAt.Elapsed < TimeSpan.FromSeconds(1), $"The snapshot saw the expiry after {expiredAt.Elapsed.TotalMilliseconds:0} ms.");
            Assert.Equal((false, "Suspended"), await CheckAsync(apiOrg, email));
        }
    }

    private async Task<(bool Allowed, string? Reason)> CheckAsync(string apiOrg, string email)
    {
        using var response = await Client.GetAsync(new Uri($"/api/v1/access/check?surface=Api&identifier={apiOrg}&email={Uri.EscapeDataString(email)}&model={Sol}", UriKind.Relative));
        var body = await ExpectAsync(response, HttpStatusCode.OK);
        return (body.GetProperty("allowed").GetBoolean(), body.GetProperty("reason").GetString());
    }

    private Task<GrantStatus> StatusAsync(Guid grantId) =>
        InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Grants.AsNoTracking().Where(g => g.Id == grantId).Select(g => g.Status).SingleAsync());
}
