using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Rollout;

namespace PreviewAccess.Web.Tests.Rollout;

/// <summary>Rolling enablement: exactly once across workers, gates respected, pauses honoured, capacity kept.</summary>
[Collection(PortalProcessesCollectionDefinition.Name)]
public sealed class EnablementWorkerTests(PostgresServer postgres) : PortalTest(postgres)
{
    protected override bool SeedDemoData => false;

    // The background loops are off: each test drives passes itself, as many "instances" as it likes.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Rollout:WorkerEnabled"] = "false",
        ["Mail:DispatcherEnabled"] = "false",
    };

    [Fact]
    public async Task Concurrent_workers_enable_every_grant_exactly_once_with_one_audit_event_and_one_mail_each()
    {
        var waveId = await ArrangeAsync(organizations: 60, coordinated: true, rate: 10_000);
        var worker = App.Services.GetRequiredService<EnablementWorker>();

        for (var pass = 0; pass < 40 && await CountAsync(GrantStatus.Enabled) < 60; pass++)
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => worker.RunOnceAsync(CancellationToken.None))));
        }

        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.Equal(60, await db.Grants.CountAsync(g => g.WaveId == waveId && g.Status == GrantStatus.Enabled));
        var enabledEvents = await db.AuditEvents.Where(e => e.Action == "grant.enabled").GroupBy(e => e.SubjectId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(60, enabledEvents.Count);
        Assert.All(enabledEvents, count => Assert.Equal(1, count));
        Assert.Equal(60, await db.OutboxMessages.CountAsync(m => m.Payload.Contains("access enabled")));
    }

    [Fact]
    public async Task A_grant_without_government_coordination_waits_and_goes_on_once_it_is_recorded()
    {
        await ArrangeAsync(organizations: 1, coordinated: false, rate: 60);
        var worker = App.Services.GetRequiredService<EnablementWorker>();

        await worker.RunOnceAsync(CancellationToken.None);
        await worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(1, await CountAsync(GrantStatus.Scheduled));

        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var organization = await db.Organizations.SingleAsync();
            organization.RecordGovernmentCoordination(new GovernmentCoordination(new DateOnly(2026, 11, 1), "USG-1", organization.AccountRepId, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        await worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(1, await CountAsync(GrantStatus.Enabled));
    }

    [Fact]
    public async Task An_organization_whose_invitations_all_ran_out_is_nominated_again_once_and_audited_while_a_pending_one_stays_invited()
    {
        Guid lapsed, pending;
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var now = DateTimeOffset.UtcNow;
            var rep = new PortalUser { UserName = "rep.invites@rollout.example", Email = "rep.invites@rollout.example", DisplayName = "Rep", CreatedAt = now };
            db.Users.Add(rep);
            var old = Organization.Nominate("Lapsed Invitations Ltd", "US", rep.Id, now.AddDays(-30));
            old.Invite("first@lapsed.example", SecretToken.Issue().Hash, rep.Id, now.AddDays(-30));
            old.Invite("second@lapsed.example", SecretToken.Issue().Hash, rep.Id, now.AddDays(-20));
            var fresh = Organization.Nominate("Pending Invitation Ltd", "US", rep.Id, now.AddDays(-1));
            fresh.Invite("contact@pending.example", SecretToken.Issue().Hash, rep.Id, now.AddDays(-1));
            db.Organizations.AddRange(old, fresh);
            await db.SaveChangesAsync();
            (lapsed, pending) = (old.Id, fresh.Id);
        }

        var worker = App.Services.GetRequiredService<EnablementWorker>();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => worker.RunOnceAsync(CancellationToken.None))));
        await worker.RunOnceAsync(CancellationToken.None);

        await using var check = App.Scope();
        var read = check.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.Equal(OrganizationStatus.Nominated, (await read.Organizations.AsNoTracking().SingleAsync(o => o.Id == lapsed)).Status);
        Assert.Equal(OrganizationStatus.Invited, (await read.Organizations.AsNoTracking().SingleAsync(o => o.Id == pending)).Status);
        var events = await read.AuditEvents.AsNoTracking().Where(e => e.Action == "organization.invitation-expired").Select(e => new { e.SubjectId, e.Actor }).ToListAsync();
        var only = Assert.Single(events);
        Assert.Equal(lapsed.ToString(), only.SubjectId);
        Assert.Equal("system", only.Actor);
    }

    [Fact]
    public async Task A_paused_wave_enables_nothing_more_and_resumes_where_it_stopped()
    {
        var waveId = await ArrangeAsync(organizations: 5, coordinated: true, rate: 10_000);
        await using var scope = App.Scope();
        var waves = scope.ServiceProvider.GetRequiredService<WaveUseCases>();
        Assert.True((await waves.PauseAsync(waveId, CancellationToken.None)).Succeeded);
        var worker = App.Services.GetRequiredService<EnablementWorker>();

        await worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(5, await CountAsync(GrantStatus.Scheduled));

        Assert.True((await waves.ResumeAsync(waveId, CancellationToken.None)).Succeeded);
        await worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(5, await CountAsync(GrantStatus.Enabled));
    }

    [Fact]
    public async Task A_wave_never_takes_more_grants_than_its_capacity()
    {
        await ArrangeAsync(organizations: 3, coordinated: true, rate: 60, schedule: false);
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var waves = scope.ServiceProvider.GetRequiredService<WaveUseCases>();
        var small = await waves.PlanAsync(new PlanWaveInput("Small", DateTimeOffset.UtcNow.AddDays(1), 2), CancellationToken.None);
        var grantIds = await db.Grants.Select(g => g.Id).ToListAsync();

        var tooMany = await waves.AssignAsync(small.Value!.Id, grantIds, CancellationToken.None);
        var fits = await waves.AssignAsync(small.Value.Id, grantIds.Take(2).ToList(), CancellationToken.None);
        var oneMore = await waves.AssignAsync(small.Value.Id, grantIds.Skip(2).ToList(), CancellationToken.None);

        Assert.False(tooMany.Succeeded);
        Assert.True(fits.Succeeded);
        Assert.Contains("at most 2", oneMore.Message, StringComparison.Ordinal);
        Assert.Equal(2, await db.Grants.CountAsync(g => g.WaveId == small.Value.Id));
    }

    private async Task<int> CountAsync(GrantStatus status)
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Grants.CountAsync(g => g.Status == status);
    }

    /// <summary>Organizations with one approved API grant each, through the domain, scheduled (unless told otherwise) in an open wave.</summary>
    private async Task<Guid> ArrangeAsync(int organizations, bool coordinated, int rate, bool schedule = true)
    {
        await using var scope = App.Scope();
        return await RolloutData.SeedAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), organizations, coordinated, rate, schedule);
    }
}
