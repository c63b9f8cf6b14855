using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Rollout;
using static PreviewAccess.Web.Tests.Hosting.TestData;

namespace PreviewAccess.Web.Tests.Amendments;

/// <summary>An expired grant renewed through an amendment, on a fake clock: approved again, out of its wave, enabled again only through a wave.</summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class RenewalTests(PostgresServer postgres) : ApiTest(postgres)
{
    protected override FakeTimeProvider Clock { get; } = FakeClockAtNow();

    [Fact]
    public async Task An_expired_grant_renewed_through_an_amendment_is_approved_again_and_enabled_again_in_a_wave()
    {
        var organizationId = await EnrollingAsync();
        var (apiOrg, email) = (NewApiOrganizationId(), $"dev-{Guid.NewGuid():N}@partner.example");
        using (var enrolled = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/enrollment", Enrollment(apiOrg, null, email)))
        {
            await ExpectAsync(enrolled, HttpStatusCode.Created);
        }

        Guid grantId;
        using (var approval = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/decisions", new
               {
                   surface = "Api", decision = "Approve", identifiers = new[] { apiOrg }, models = new[] { Sol }, accountEmails = new[] { email },
                   justification = "Time-bound evaluation.", expiresOn = Iso(Today.AddDays(3)),
               }))
        {
            grantId = (await ExpectAsync(approval, HttpStatusCode.Created)).GetProperty("grants")[0].GetProperty("id").GetGuid();
        }

        await RecordGovernmentCoordinationAsync(organizationId);
        await EnableAsync(grantId);
        Assert.Equal("Allowed", await ReasonAsync(apiOrg, email));
        var firstWave = (await GrantAsync(grantId)).WaveId;

        Clock.Advance(TimeSpan.FromDays(4));
        await App.Services.GetRequiredService<EnablementWorker>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(GrantStatus.Expired, (await GrantAsync(grantId)).Status);
        Assert.Equal("Suspended", await ReasonAsync(apiOrg, email));

        using var requested = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/amendments", new { renewGrantIds = new[] { grantId }, note = "Evaluation continues." });
        var amendment = await ExpectAsync(requested, HttpStatusCode.Created);
        var change = Assert.Single(amendment.GetProperty("changes").EnumerateArray());
        Assert.Equal("Api", change.GetProperty("surface").GetString());
        AmendmentsApiTests.AssertScope(change.GetProperty("before"), [], [], []);
        AmendmentsApiTests.AssertScope(change.GetProperty("after"), [apiOrg], [Sol], [email]);

        var until = Today.AddDays(100);
        using var decided = await Client.PostAsJsonAsync($"/api/v1/amendments/{amendment.GetProperty("id").GetGuid()}/decisions", new
        {
            surface = "Api", decision = "Approve", identifiers = new[] { apiOrg }, models = new[] { Sol, Luna }, accountEmails = new[] { email },
            justification = "Renewed for another quarter.", expiresOn = Iso(until),
        });
        var renewed = Assert.Single((await ExpectAsync(decided, HttpStatusCode.Created)).GetProperty("grants").EnumerateArray());
        Assert.Equal(grantId, renewed.GetProperty("id").GetGuid());
        Assert.Equal("Approved", renewed.GetProperty("status").GetString());
        Assert.Equal(Iso(until), renewed.GetProperty("expiresOn").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, renewed.GetProperty("waveId").ValueKind);

        var stored = await GrantAsync(grantId);
        Assert.NotNull(firstWave);
        Assert.Null(stored.WaveId);
        Assert.Null(stored.EnabledAt);
        Assert.Equal("NotYetEnabled", await ReasonAsync(apiOrg, email));

        await EnableAsync(grantId);
        Assert.Equal(GrantStatus.Enabled, (await GrantAsync(grantId)).Status);
        Assert.Equal("Allowed", await ReasonAsync(apiOrg, email));
        Assert.Equal("Allowed", await ReasonAsync(apiOrg, email, Luna));

        var renewalEvent = await InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().AuditEvents.AsNoTracking()
            .SingleAsync(e => e.SubjectId == grantId.ToString() && e.Action == "grant.renewed"));
        Assert.Contains("Expired", renewalEvent.Before!, StringComparison.Ordinal);
        Assert.Contains("Approved", renewalEvent.After!, StringComparison.Ordinal);

        // A renewed grant is live again: it cannot be renewed twice.
        using var twice = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/amendments", new { renewGrantIds = new[] { grantId } });
        await ExpectInvalidAsync(twice, "renewGrantIds[0]");
    }

    private async Task<string?> ReasonAsync(string identifier, string email, string model = Sol)
    {
        await SettleAccessAsync();
        using var response = await Client.GetAsync(new Uri($"/api/v1/access/check?surface=Api&identifier={identifier}&email={Uri.EscapeDataString(email)}&model={model}", UriKind.Relative));
        return (await ExpectAsync(response, HttpStatusCode.OK)).GetProperty("reason").GetString();
    }

    private Task<ScopeGrant> GrantAsync(Guid grantId) => InScopeAsync(sp =>
        sp.GetRequiredService<PortalDbContext>().Grants.AsNoTracking().SingleAsync(g => g.Id == grantId));

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
