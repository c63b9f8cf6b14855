using System.Diagnostics;
using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Access;
using PreviewAccess.Web.Features.Grants;

using static PreviewAccess.Web.Tests.Gateway.SnapshotProbe;

namespace PreviewAccess.Web.Tests.Gateway;

/// <summary>The access check's in-memory snapshot: answered without the database, and fresh within a second on every instance.</summary>
[Collection(UndisturbedCollectionDefinition.Name)]
public sealed class AccessSnapshotTests(PostgresServer postgres)
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_grant_suspended_through_one_instance_is_denied_by_another_within_a_second()
    {
        var connectionString = await postgres.CreateDemoDatabaseAsync("snapshot");
        await using var first = new PortalApp(connectionString, seedDemoData: true);
        await first.WaitUntilReadyAsync();
        await using var second = new PortalApp(connectionString);
        await second.WaitUntilReadyAsync();
        var (grantId, request) = await AnEnabledGrantAsync(first);
        Assert.Equal(AccessReason.Allowed, (await DecideAsync(second, request)).Reason);

        await using (var scope = first.Scope())
        {
            var suspended = await scope.ServiceProvider.GetRequiredService<GrantChanges>().SuspendAsync(new GrantReasonInput(grantId, "Unusual traffic."), CancellationToken.None);
            Assert.True(suspended.Succeeded, suspended.Message);
        }

        var elapsed = await TimeUntilAsync(second, request, AccessReason.Suspended);
        Assert.True(elapsed < Freshness, $"The second instance saw the suspension after {elapsed.TotalMilliseconds:0} ms.");
    }

    /// <summary>
    /// A notified change is applied to the few organizations it names. The safety net (a full reload, seconds of work
    /// and a second copy of the snapshot while it runs) is for changes nobody was told of, and must not fire because
    /// the notification arrived before or after the version poll noticed the change, however slow the machine is.
    /// </summary>
    [Fact]
    public async Task A_notified_change_does_not_set_off_a_full_reload()
    {
        var connectionString = await postgres.CreateDemoDatabaseAsync("snapshotquiet");
        await using var app = new PortalApp(connectionString, seedDemoData: true);
        await app.WaitUntilReadyAsync();
        var snapshot = app.Services.GetRequiredService<AccessSnapshot>();
        var (grantId, request) = await AnEnabledGrantAsync(app);
        var loadedAt = snapshot.LoadedAt;

        for (var change = 0; change < 3; change++)
        {
            await using (var scope = app.Scope())
            {
                var grants = scope.ServiceProvider.GetRequiredService<GrantChanges>();
                var outcome = change % 2 == 0
                    ? await grants.SuspendAsync(new GrantReasonInput(grantId, "Unusual traffic."), CancellationToken.None)
                    : await grants.ReinstateAsync(new GrantReasonInput(grantId, "Traffic explained."), CancellationToken.None);
                Assert.True(outcome.Succeeded, outcome.Message);
            }

            await EventuallyAsync(app, request, change % 2 == 0 ? AccessReason.Suspended : AccessReason.Allowed);
            // Longer than the safety net waits for a missing version before it reloads everything.
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        Assert.Equal(0, Refresher(app).SafetyNetReloads);
        Assert.Equal(loadedAt, snapshot.LoadedAt);
        Assert.True(snapshot.OverlayCount >= 1, "The change was applied to the overlay, not folded in by a reload.");
    }

    /// <summary>
    /// A change nobody was told of (its notification lost) still reaches the snapshot: its version never arrives in a
    /// notification, so the poll reloads everything, even while other changes keep being notified (the safety net
    /// once took any notification as the explanation of any move, and another organization's change masked it).
    /// </summary>
    [Fact]
    public async Task A_change_without_a_notification_is_picked_up_by_the_version_poll_whatever_else_is_notified()
    {
        await using var app = await PortalApp.OnNewDatabaseAsync(postgres, DatabaseProvider.Postgres, "snapshotnet", seedDemoData: true);
        await app.WaitUntilReadyAsync();
        var (grantId, request) = await AnEnabledGrantAsync(app);
        var (otherGrantId, otherRequest) = await AnEnabledGrantAsync(app, "Margie's Travel AI");
        Assert.Equal(AccessReason.Allowed, (await DecideAsync(app, request)).Reason);
        var snapshot = app.Services.GetRequiredService<AccessSnapshot>();
        var loadedAt = snapshot.LoadedAt;

        await using (var scope = app.Scope())
        {
            // Triggers off for this session (as a bulk load would run): the row changes, nothing notifies; the version
            // moves as the trigger would have moved it.
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("SET session_replication_role = replica");
            await db.Database.ExecuteSqlAsync($"UPDATE \"Grants\" SET \"Status\" = 'Suspended' WHERE \"Id\" = {grantId}");
            await db.Database.ExecuteSqlRawAsync("SELECT nextval('access_change_seq')");
        }

        // Another organization's change, notified as usual, right behind the unannounced one.
        await using (var scope = app.Scope())
        {
            var suspended = await scope.ServiceProvider.GetRequiredService<GrantChanges>().SuspendAsync(new GrantReasonInput(otherGrantId, "Unusual traffic."), CancellationToken.None);
            Assert.True(suspended.Succeeded, suspended.Message);
        }

        await EventuallyAsync(app, otherRequest, AccessReason.Suspended);
        await EventuallyAsync(app, request, AccessReason.Suspended);
        // Picked up by reloading everything: the safety net, or (on a machine slow enough to drop the listening
        // connection) the reload that follows reconnecting.
        Assert.NotEqual(loadedAt, snapshot.LoadedAt);
    }

    /// <summary>
    /// Read-your-writes: the instance that commits a change answers from it as soon as the change's request returns,
    /// without waiting for a notification (PostgreSQL) or the poll (SQLite).
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task The_instance_that_commits_a_change_answers_from_it_at_once(DatabaseProvider provider)
    {
        // On SQLite a file of its own, deleted with the portal.
        await using var app = await PortalApp.OnNewDatabaseAsync(postgres, provider, "snapshotryw", seedDemoData: true);
        await app.WaitUntilReadyAsync();
        var (grantId, request) = await AnEnabledGrantAsync(app);
        Assert.Equal(AccessReason.Allowed, (await DecideAsync(app, request)).Reason);

        await using (var scope = app.Scope())
        {
            var suspended = await scope.ServiceProvider.GetRequiredService<GrantChanges>().SuspendAsync(new GrantReasonInput(grantId, "Unusual traffic."), CancellationToken.None);
            Assert.True(suspended.Succeeded, suspended.Message);
        }

        Assert.Equal(AccessReason.Suspended, (await DecideAsync(app, request)).Reason);

        await using (var scope = app.Scope())
        {
            var reinstated = await scope.ServiceProvider.GetRequiredService<GrantChanges>().ReinstateAsync(new GrantReasonInput(grantId, "Explained."), CancellationToken.None);
            Assert.True(reinstated.Succeeded, reinstated.Message);
        }

        Assert.Equal(AccessReason.Allowed, (await DecideAsync(app, request)).Reason);
    }

    [Fact]
    public async Task On_SQLite_a_change_made_outside_the_portal_refreshes_its_organization_only_within_a_second()
    {
        await using var app = await PortalApp.OnNewDatabaseAsync(null, DatabaseProvider.Sqlite, "snapshot", seedDemoData: true);
        await app.WaitUntilReadyAsync();
        var (grantId, request) = await AnEnabledGrantAsync(app);
        Assert.Equal(AccessReason.Allowed, (await DecideAsync(app, request)).Reason);
        var snapshot = app.Services.GetRequiredService<AccessSnapshot>();
        var loadedAt = snapshot.LoadedAt;

        // Another process writes the file (the command line, a script): the portal's own interceptor never sees it.
        await using (var other = new Microsoft.Data.Sqlite.SqliteConnection(app.ConnectionString + ";Pooling=False"))
        {
            await other.OpenAsync();
            await using var update = other.CreateCommand();
            update.CommandText = "UPDATE \"Grants\" SET \"Status\" = 'Suspended' WHERE \"Id\" = $id";
            update.Parameters.AddWithValue("$id", grantId.ToString().ToUpperInvariant());
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        var elapsed = await TimeUntilAsync(app, request, AccessReason.Suspended);
        Assert.True(elapsed < Freshness, $"The snapshot saw the change after {elapsed.TotalMilliseconds:0} ms.");
        // The organization was refreshed; the snapshot was not reloaded, which at program scale takes seconds.
        Assert.Equal(loadedAt, snapshot.LoadedAt);
        Assert.True(snapshot.OverlayCount >= 1);
    }

    [Fact]
    public async Task On_SQLite_a_change_reaches_the_snapshot_within_a_second()
    {
        await using var app = await PortalApp.OnNewDatabaseAsync(null, DatabaseProvider.Sqlite, "snapshot", seedDemoData: true);
        await app.WaitUntilReadyAsync();
        var (grantId, request) = await AnEnabledGrantAsync(app);
        Assert.Equal(AccessReason.Allowed, (await DecideAsync(app, request)).Reason);

        await using (var scope = app.Scope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<GrantChanges>().RevokeAsync(new GrantReasonInput(grantId, "Agreement ended."), CancellationToken.None)).Succeeded);
        }

        var elapsed = await TimeUntilAsync(app, request, AccessReason.Suspended);
        Assert.True(elapsed < Freshness, $"The snapshot saw the revocation after {elapsed.TotalMilliseconds:0} ms.");
    }

    [Fact]
    public async Task The_snapshot_answers_as_the_database_does_for_every_demo_organization()
    {
        await using var app = await PortalApp.OnNewDatabaseAsync(postgres, DatabaseProvider.Postgres, "snapshotparity", seedDemoData: true);
        await app.WaitUntilReadyAsync();
        await SnapshotProbe.AnswersAsTheDatabaseDoesAsync(app);
    }

    private static async Task<TimeSpan> TimeUntilAsync(PortalApp app, AccessRequest request, AccessReason expected)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if ((await DecideAsync(app, request)).Reason == expected) return clock.Elapsed;
            await Task.Delay(20);
        }

        return clock.Elapsed;
    }

    /// <summary>
    /// Waits, without a deadline that depends on the machine's speed, for the snapshot to answer as expected (the
    /// freshness contract has tests of its own above); 60 s only ends a test that would otherwise never end.
    /// </summary>
    private static async Task EventuallyAsync(PortalApp app, AccessRequest request, AccessReason expected)
    {
        var clock = Stopwatch.StartNew();
        while ((await DecideAsync(app, request)).Reason != expected)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"The snapshot never answered {expected} for {request.Identifier}.");
            await Task.Delay(20);
        }
    }
}
