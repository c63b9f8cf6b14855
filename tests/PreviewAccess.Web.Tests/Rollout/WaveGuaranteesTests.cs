using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Rollout;

namespace PreviewAccess.Web.Tests.Rollout;

/// <summary>
/// What a wave promises while several workers run at once: a pause stops all of them at once, the per-minute rate
/// holds for all of them together, a grant left half-way by a dead instance is finished once, and two people filling
/// one wave cannot together exceed its capacity. (<see cref="EnablementWorkerTests"/> covers the single-step cases.)
/// </summary>
[Collection(UndisturbedCollectionDefinition.Name)]
public sealed class WaveGuaranteesTests(PostgresServer postgres) : PortalTest(postgres)
{
    private const int Workers = 4;
    protected override bool SeedDemoData => false;

    // The background loops are off: each test runs as many concurrent "instances" of the worker as it likes.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Rollout:WorkerEnabled"] = "false",
        ["Mail:DispatcherEnabled"] = "false",
    };

    [Fact]
    public async Task Once_a_pause_has_returned_no_worker_moves_another_grant_even_in_the_middle_of_a_batch()
    {
        const int grants = 200;
        var waveId = await SeedAsync(grants, rate: 10_000);
        var worker = App.Services.GetRequiredService<EnablementWorker>();
        using var stop = new CancellationTokenSource();
        var passes = new int[Workers];
        var loops = Enumerable.Range(0, Workers).Select(n => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await worker.RunOnceAsync(CancellationToken.None);
                Interlocked.Increment(ref passes[n]);
            }
        })).ToArray();

        try
        {
            while ((await CountsAsync())[GrantStatus.Enabled] < 20) await Task.Delay(10);
            await using var scope = App.Scope();
            Assert.True((await scope.ServiceProvider.GetRequiredService<WaveUseCases>().PauseAsync(waveId, CancellationToken.None)).Succeeded);
            var atPause = await CountsAsync();
            var eventsAtPause = await TransitionEventsAsync();

            // Every worker finishes the pass it was in (its batch chosen before the pause) and runs two more.
            var seen = Enumerable.Range(0, Workers).Select(n => Volatile.Read(ref passes[n])).ToArray();
            while (Enumerable.Range(0, Workers).Any(n => Volatile.Read(ref passes[n]) < seen[n] + 3)) await Task.Delay(10);
            await stop.CancelAsync();
            await Task.WhenAll(loops);

            Assert.True(atPause[GrantStatus.Scheduled] > 0, "The wave was done before the pause; the test proves nothing like this.");
            Assert.Equal(atPause, await CountsAsync());
            Assert.Equal(eventsAtPause, await TransitionEventsAsync());

            Assert.True((await scope.ServiceProvider.GetRequiredService<WaveUseCases>().ResumeAsync(waveId, CancellationToken.None)).Succeeded);
            for (var pass = 0; pass < 100 && (await CountsAsync())[GrantStatus.Enabled] < grants; pass++)
            {
                await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(() => worker.RunOnceAsync(CancellationToken.None))));
            }

            Assert.Equal(grants, (await CountsAsync())[GrantStatus.Enabled]);
            Assert.Equal((grants, grants), await TransitionEventsAsync());
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(loops);
        }
    }

    [Fact]
    public async Task Concurrent_workers_together_never_enable_more_than_the_waves_rate_in_a_minute()
    {
        await SeedAsync(40, rate: 10);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var worker = new EnablementWorker(App.Services.GetRequiredService<IServiceScopeFactory>(), clock, NullLogger<EnablementWorker>.Instance);

        async Task RoundsAsync()
        {
            for (var round = 0; round < 3; round++)
            {
                await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(() => worker.RunOnceAsync(CancellationToken.None))));
            }
        }

        await RoundsAsync();
        Assert.Equal(10, (await CountsAsync())[GrantStatus.Enabled]);

        clock.Advance(TimeSpan.FromSeconds(61));
        await RoundsAsync();
        Assert.Equal(20, (await CountsAsync())[GrantStatus.Enabled]);
    }

    [Fact]
    public async Task A_grant_left_in_provisioning_by_an_instance_that_died_is_enabled_by_another_exactly_once()
    {
        await SeedAsync(3, rate: 10_000);
        await using (var scope = App.Scope())
        {
            // What a dead instance leaves behind: its Scheduled → Provisioning transaction committed, the next never ran.
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            foreach (var grant in await db.Grants.ToListAsync())
            {
                grant.StartProvisioning(await db.Organizations.SingleAsync(o => o.Id == grant.OrganizationId));
            }

            await db.SaveChangesAsync();
        }

        var worker = App.Services.GetRequiredService<EnablementWorker>();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(() => worker.RunOnceAsync(CancellationToken.None))));

        Assert.Equal(3, (await CountsAsync())[GrantStatus.Enabled]);
        Assert.Equal((0, 3), await TransitionEventsAsync());
        await using var check = App.Scope();
        Assert.Equal(3, await check.ServiceProvider.GetRequiredService<PortalDbContext>().OutboxMessages.CountAsync(m => m.Payload.Contains("access enabled")));
    }

    [Fact]
    public async Task Two_people_filling_one_wave_at_once_never_together_exceed_its_capacity()
    {
        const int rounds = 8;
        await SeedAsync(rounds * 4, rate: 60, schedule: false);
        List<Guid> grantIds;
        await using (var scope = App.Scope())
        {
            grantIds = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Grants.OrderBy(g => g.Id).Select(g => g.Id).ToListAsync();
        }

        for (var round = 0; round < rounds; round++)
        {
            Guid waveId;
            await using (var scope = App.Scope())
            {
                var planned = await scope.ServiceProvider.GetRequiredService<WaveUseCases>()
                    .PlanAsync(new PlanWaveInput($"Race {round}", DateTimeOffset.UtcNow.AddDays(1), Capacity: 3), CancellationToken.None);
                waveId = planned.Value!.Id;
            }

            // Two grants each: either fits alone, both together would make four.
            var mine = grantIds.Skip(round * 4).Take(2).ToList();
            var theirs = grantIds.Skip((round * 4) + 2).Take(2).ToList();
            var outcomes = await Task.WhenAll(new[] { mine, theirs }.Select(ids => Task.Run(async () =>
            {
                await using var scope = App.Scope();
                return await scope.ServiceProvider.GetRequiredService<WaveUseCases>().AssignAsync(waveId, ids, CancellationToken.None);
            })));

            Assert.Single(outcomes, o => o.Succeeded);
            await using var check = App.Scope();
            Assert.Equal(2, await check.ServiceProvider.GetRequiredService<PortalDbContext>().Grants.CountAsync(g => g.WaveId == waveId));
        }
    }

    private async Task<Guid> SeedAsync(int organizations, int rate, bool schedule = true)
    {
        await using var scope = App.Scope();
        return await RolloutData.SeedAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), organizations, coordinated: true, rate, schedule);
    }

    private async Task<Dictionary<GrantStatus, int>> CountsAsync()
    {
        await using var scope = App.Scope();
        var counts = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Grants.GroupBy(g => g.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        foreach (var status in Enum.GetValues<GrantStatus>()) counts.TryAdd(status, 0);
        return counts;
    }

    /// <returns>How many grant.provisioning and grant.enabled events the audit log holds.</returns>
    private async Task<(int Provisioning, int Enabled)> TransitionEventsAsync()
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return (await db.AuditEvents.CountAsync(e => e.Action == "grant.provisioning"), await db.AuditEvents.CountAsync(e => e.Action == "grant.enabled"));
    }
}
