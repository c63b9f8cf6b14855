using Microsoft.Extensions.Time.Testing;
using PreviewAccess.Web.Features.Grants;
using PreviewAccess.Web.Features.Mail;
using PreviewAccess.Web.Features.Seeding;

namespace PreviewAccess.Web.Tests.Recertification;

/// <summary>
/// The 14-day expiry notice on a fake clock: due at 14 days and not at 15, once per grant and expiry date however many
/// passes and instances run, delivered over SMTP to the organization's account representative, and sent again after
/// the grant is re-certified to a later date that comes within 14 days.
/// </summary>
[Collection(RecordsAndSupportCollectionDefinition.Name)]
public sealed class ExpiryNoticeTests(PostgresServer postgres) : PortalTest(postgres)
{
    protected override FakeTimeProvider Clock { get; } = FakeClockAtNow();

    protected override bool MailsOverSmtp => true;

    // The background loops are off: each test drives the passes itself, as many "instances" as it likes.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Rollout:WorkerEnabled"] = "false",
        ["Mail:DispatcherEnabled"] = "false",
    };

    [Fact]
    public async Task The_representative_is_mailed_once_exactly_14_days_before_and_again_after_a_re_certification()
    {
        var expiresOn = Today.AddDays(15);
        var grant = await App.EnabledGrantAsync(expiresOn, Clock.GetUtcNow().AddDays(-10));
        var invitationHashes = await App.ReadAsync(db => db.Invitations.AsNoTracking().Where(i => i.OrganizationId == grant.OrganizationId).Select(i => i.TokenHash).ToListAsync());

        // 15 days before: nothing.
        Assert.Equal(0, await RunWorkersAsync(instances: 2));
        Assert.Equal(0, await NoticesQueuedAsync(grant));

        // 14 days before: one notice, however many passes and instances run.
        Clock.Advance(TimeSpan.FromDays(1));
        await RunWorkersAsync(instances: 3);
        await RunWorkersAsync(instances: 2);
        Assert.Equal(1, await NoticesQueuedAsync(grant));
        Assert.Equal(expiresOn, await App.ReadAsync(db => db.Grants.AsNoTracking().Where(g => g.Id == grant.GrantId).Select(g => g.ExpiryNoticeSentFor).SingleAsync()));
        var audited = await App.ReadAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.SubjectId == grant.GrantId.ToString() && e.Action == "grant.expiry-notice-sent").ToListAsync());
        Assert.Equal("system", Assert.Single(audited).Actor);

        await App.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(CancellationToken.None);
        var mail = await Smtp.WaitForAsync(DemoData.RepEmail, m => m.TextBody!.Contains(grant.Identifier, StringComparison.Ordinal));
        Assert.Contains(grant.OrganizationName, mail.Subject, StringComparison.Ordinal);
        Assert.Contains(expiresOn.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture), mail.Subject, StringComparison.Ordinal);
        var body = mail.TextBody!;
        Assert.Contains("Hello Rosa Rep", body, StringComparison.Ordinal);
        Assert.Contains("in 14 days", body, StringComparison.Ordinal);
        Assert.Contains("https://preview.example/Admin/Recertification", body, StringComparison.Ordinal);
        Assert.DoesNotContain(grant.AccountEmail, mail.To.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("token", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("password", body, StringComparison.OrdinalIgnoreCase);
        Assert.All(invitationHashes, hash => Assert.DoesNotContain(hash, body, StringComparison.Ordinal));
        Assert.Single(Smtp.Received, m => m.TextBody!.Contains(grant.Identifier, StringComparison.Ordinal));

        // Re-certified to a later date: no notice until that date is 14 days away, then one more.
        var later = expiresOn.AddDays(60);
        await using (var scope = App.Scope())
        {
            var version = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Grants.AsNoTracking().Where(g => g.Id == grant.GrantId).Select(g => g.Version).SingleAsync();
            var recertified = await scope.ServiceProvider.GetRequiredService<GrantChanges>().RecertifyAsync(new RecertifyGrantsInput([new GrantPick(grant.GrantId, version)], later), CancellationToken.None);
            Assert.True(recertified.Succeeded, recertified.Message);
        }

        await RunWorkersAsync(instances: 2);
        Clock.Advance(TimeSpan.FromDays(later.DayNumber - Today.DayNumber - 15));
        await RunWorkersAsync(instances: 2);
        Assert.Equal(1, await NoticesQueuedAsync(grant));
        Clock.Advance(TimeSpan.FromDays(1));
        await RunWorkersAsync(instances: 2);
        Assert.Equal(2, await NoticesQueuedAsync(grant));
        Assert.Equal(later, await App.ReadAsync(db => db.Grants.AsNoTracking().Where(g => g.Id == grant.GrantId).Select(g => g.ExpiryNoticeSentFor).SingleAsync()));
    }

    [Fact]
    public async Task Grants_that_ended_or_have_no_end_date_get_no_notice()
    {
        var revoked = await App.EnabledGrantAsync(Today.AddDays(5), Clock.GetUtcNow().AddDays(-10));
        var open = await App.EnabledGrantAsync(null, Clock.GetUtcNow().AddDays(-200));
        await using (var scope = App.Scope())
        {
            var revokedNow = await scope.ServiceProvider.GetRequiredService<GrantChanges>().RevokeAsync(new GrantReasonInput(revoked.GrantId, "Left the program."), CancellationToken.None);
            Assert.True(revokedNow.Succeeded, revokedNow.Message);
        }

        await RunWorkersAsync(instances: 2);

        Assert.Equal(0, await NoticesQueuedAsync(revoked));
        Assert.Equal(0, await NoticesQueuedAsync(open));
    }

    /// <summary>Passes of as many worker instances as asked, at the same time, as several portal instances would run them.</summary>
    private async Task<int> RunWorkersAsync(int instances)
    {
        var workers = Enumerable.Range(0, instances).Select(_ => ActivatorUtilities.CreateInstance<ExpiryNoticeWorker>(App.Services)).ToList();
        var noticed = await Task.WhenAll(workers.Select(w => Task.Run(() => w.RunOnceAsync(CancellationToken.None))));
        return noticed.Sum();
    }

    private Task<int> NoticesQueuedAsync(ArrangedGrant grant) =>
        App.ReadAsync(db => db.OutboxMessages.AsNoTracking().CountAsync(m => m.Payload.Contains(grant.Identifier) && m.Payload.Contains("is about to expire")));
}
