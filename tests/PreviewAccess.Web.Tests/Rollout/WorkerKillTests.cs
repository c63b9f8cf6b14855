using System.Diagnostics;
using System.Text.Json;
using PreviewAccess.Data.Outbox;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Mail;
using Xunit.Abstractions;

namespace PreviewAccess.Web.Tests.Rollout;

/// <summary>
/// Rolling enablement survives a crash: two instances of the built portal, as separate OS processes on one PostgreSQL
/// database, work through an open wave; one is killed outright part-way through and started again. Everything is
/// judged from the database afterwards.
/// </summary>
[Collection(PortalProcessesCollectionDefinition.Name)]
public sealed class WorkerKillTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const int Grants = 1_000;
    private const int KillAfterEnabled = 300;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WaveTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Every_grant_of_a_wave_is_enabled_exactly_once_when_one_of_two_instances_is_killed_mid_way_and_restarted()
    {
        var total = Stopwatch.StartNew();
        var connectionString = await postgres.CreateDatabaseAsync("workerkill");
        Guid waveId;
        await using (var db = TestDatabase.NewContext(DatabaseProvider.Postgres, connectionString))
        {
            await db.Database.MigrateAsync();
            // Planned for tomorrow: the instances start idle, and the wave opens once both are up.
            waveId = await RolloutData.SeedAsync(db, Grants, coordinated: true, rate: 10_000, open: false);
        }

        output.WriteLine($"{Grants} grants seeded after {total.Elapsed.TotalSeconds:0.0} s");

        var settings = new Dictionary<string, string?>
        {
            ["Rollout:WorkerEnabled"] = "true",
            // Mail stays in the outbox, where it is counted: delivery is the dispatcher's business, not the worker's.
            ["Mail:DispatcherEnabled"] = "false",
            ["Mail:PickupFolder"] = Path.Combine(Path.GetTempPath(), "previewaccess-mail", Guid.NewGuid().ToString("N")),
            ["Serilog:MinimumLevel:Default"] = "Warning",
            // The key the seeding context chained with: the instances carry the same chain on.
            ["Audit:ChainKey"] = TestDatabase.ChainKey,
        };
        // One after the other: the first start on a new database seeds reference data, which two at once would both try.
        var first = PortalProcess.StartInstance("A", connectionString, settings);
        await using var killed = first;
        await first.WaitUntilReadyAsync(StartTimeout);
        await using var survivor = PortalProcess.StartInstance("B", connectionString, settings);
        await survivor.WaitUntilReadyAsync(StartTimeout);
        output.WriteLine($"both instances ready after {total.Elapsed.TotalSeconds:0.0} s (pids {first.ProcessId}, {survivor.ProcessId})");

        await using (var db = TestDatabase.NewContext(DatabaseProvider.Postgres, connectionString))
        {
            var wave = await db.Waves.SingleAsync(w => w.Id == waveId);
            wave.Open(DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        var wave0 = total.Elapsed;
        var enabledBeforeKill = await WaitForAsync(connectionString, counts => counts.Enabled >= KillAfterEnabled, first, survivor);
        await first.KillAsync();
        var atKill = await CountAsync(connectionString);
        output.WriteLine($"killed A at {(total.Elapsed - wave0).TotalSeconds:0.0} s into the wave: {enabledBeforeKill.Enabled} enabled when the kill was decided; "
            + $"after it: {atKill.Enabled} enabled, {atKill.Provisioning} provisioning, {atKill.Scheduled} scheduled");
        Assert.True(atKill.Enabled < Grants, "The wave finished before the kill; the test proves nothing like this.");

        await using var restarted = PortalProcess.StartInstance("A'", connectionString, settings);
        await restarted.WaitUntilReadyAsync(StartTimeout);
        var atRestart = await CountAsync(connectionString);
        output.WriteLine($"A restarted and ready at {(total.Elapsed - wave0).TotalSeconds:0.0} s: {atRestart.Enabled} enabled, {atRestart.Provisioning} provisioning");

        var done = await WaitForAsync(connectionString, counts => counts.Enabled == Grants, survivor, restarted);
        output.WriteLine($"all {done.Enabled} enabled {(total.Elapsed - wave0).TotalSeconds:0.0} s into the wave; {total.Elapsed.TotalSeconds:0.0} s in all");
        Assert.False(survivor.HasExited, survivor.OutputTail);
        Assert.False(restarted.HasExited, restarted.OutputTail);

        await using var check = TestDatabase.NewContext(DatabaseProvider.Postgres, connectionString);
        var grants = await check.Grants.AsNoTracking().Where(g => g.WaveId == waveId).Select(g => new { g.Id, g.Status, g.Identifier }).ToListAsync();
        Assert.Equal(Grants, grants.Count);
        Assert.All(grants, g => Assert.Equal(GrantStatus.Enabled, g.Status));
        Assert.Equal(0, await check.Grants.CountAsync(g => g.Status == GrantStatus.Provisioning || g.Status == GrantStatus.Scheduled));

        // One audit event per transition per grant: none missing, none doubled.
        var grantIds = grants.Select(g => g.Id.ToString()).ToHashSet();
        foreach (var action in new[] { "grant.provisioning", "grant.enabled" })
        {
            var perGrant = await check.AuditEvents.AsNoTracking().Where(e => e.Action == action)
                .GroupBy(e => e.SubjectId).Select(g => new { SubjectId = g.Key, Count = g.Count() }).ToListAsync();
            Assert.True(grantIds.SetEquals(perGrant.Select(p => p.SubjectId)), $"{action}: {perGrant.Count} grants have it");
            Assert.All(perGrant, p => Assert.True(p.Count == 1, $"{action} recorded {p.Count} times for grant {p.SubjectId}"));
        }

        // One enablement mail per grant, to its organization's contact, naming the grant's identifier.
        var mails = await check.OutboxMessages.AsNoTracking().Where(m => m.Kind == OutboxMessage.MailKind).Select(m => m.Payload).ToListAsync();
        var enablementMails = mails.Select(p => JsonSerializer.Deserialize<OutgoingMail>(p)!).Where(m => m.Subject.Contains("access enabled", StringComparison.Ordinal)).ToList();
        var expected = Enumerable.Range(0, Grants).Select(i => (RolloutData.ContactEmail(i), RolloutData.ApiOrganizationId(i))).ToHashSet();
        var received = enablementMails
            .Select(m => (m.To, Identifier: expected.Select(e => e.Item2).FirstOrDefault(id => m.Body.Contains(id, StringComparison.Ordinal)) ?? "(none)"))
            .ToList();
        Assert.Equal(Grants, enablementMails.Count);
        Assert.True(expected.SetEquals(received), "Each grant's contact gets exactly the mail for that grant.");

        var chain = await new AuditLogQueries(check).VerifyChainAsync(CancellationToken.None);
        Assert.True(chain.Valid, $"The audit chain breaks at {chain.FirstBrokenId}.");
        Assert.Equal(await check.AuditEvents.CountAsync(), chain.Checked);
        output.WriteLine($"{chain.Checked} audit events, chain valid; {enablementMails.Count} enablement mails queued");
    }

    private sealed record Counts(int Scheduled, int Provisioning, int Enabled);

    private static async Task<Counts> CountAsync(string connectionString)
    {
        await using var db = TestDatabase.NewContext(DatabaseProvider.Postgres, connectionString);
        var byStatus = await db.Grants.AsNoTracking().GroupBy(g => g.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        return new Counts(byStatus.GetValueOrDefault(GrantStatus.Scheduled), byStatus.GetValueOrDefault(GrantStatus.Provisioning), byStatus.GetValueOrDefault(GrantStatus.Enabled));
    }

    /// <summary>Polls the database until <paramref name="done"/>; fails early if an instance that should be working has died.</summary>
    private static async Task<Counts> WaitForAsync(string connectionString, Func<Counts, bool> done, params PortalProcess[] running)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var counts = await CountAsync(connectionString);
            if (done(counts)) return counts;
            foreach (var instance in running)
            {
                Assert.False(instance.HasExited, $"Instance {instance.Name} died:{Environment.NewLine}{instance.OutputTail}");
            }

            Assert.True(stopwatch.Elapsed < WaveTimeout, $"Stuck at {counts} after {WaveTimeout}:{Environment.NewLine}"
                + string.Join(Environment.NewLine, running.Select(r => $"--- {r.Name}{Environment.NewLine}{r.OutputTail}")));
            await Task.Delay(50);
        }
    }
}
