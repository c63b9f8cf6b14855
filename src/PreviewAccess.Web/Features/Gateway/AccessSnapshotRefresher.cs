using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using PreviewAccess.Data;

namespace PreviewAccess.Web.Features.Gateway;

/// <summary>
/// Loads the <see cref="AccessSnapshot"/> at start-up (in the background: /health/live answers meanwhile, and
/// /health/ready waits for it) and keeps it fresh within a second of any change, on every instance.
/// PostgreSQL: the database's triggers NOTIFY the changed organization on commit; a dedicated connection
/// LISTENs, and the changed organizations are reloaded. A sequence the triggers move is polled as the safety
/// net: if it moved and no notification came, or the listening connection was lost, everything is reloaded.
/// SQLite (one instance): a counter the triggers move is polled, and a move reloads everything.
/// </summary>
public sealed class AccessSnapshotRefresher(AccessSnapshot snapshot, IServiceScopeFactory scopes, ILogger<AccessSnapshotRefresher> logger) : BackgroundService
{
    public const string Channel = "access_changes";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan QuietBeforeFullReload = TimeSpan.FromSeconds(1.5);

    private readonly Channel<string> _changes = System.Threading.Channels.Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private long _lastNotificationTicks = DateTimeOffset.UtcNow.UtcTicks;
    private Task _fold = Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var (provider, connectionString) = await DatabaseAsync();
        var versionSql = provider == DatabaseProvider.Postgres ? PostgresVersionSql : SqliteVersionSql;
        // The version is read before the load: a change made while loading then still shows as a change.
        var loadedVersion = await LoadFirstAsync(versionSql, stoppingToken);
        if (provider == DatabaseProvider.Postgres)
        {
            await Task.WhenAll(ListenAsync(connectionString, stoppingToken), ApplyChangesAsync(stoppingToken), PollAsync(versionSql, loadedVersion, stoppingToken));
        }
        else
        {
            await PollAsync(versionSql, loadedVersion, stoppingToken);
        }
    }

    private async Task<long> ReadVersionAsync(string versionSql, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Database.SqlQueryRaw<long>(versionSql).SingleAsync(cancellationToken);
    }

    private const string PostgresVersionSql = "SELECT last_value AS \"Value\" FROM access_change_seq";
    private const string SqliteVersionSql = "SELECT \"Value\" FROM \"AccessChangeVersion\" WHERE \"Id\" = 1";

    private async Task<(DatabaseProvider, string)> DatabaseAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return (db.Provider, db.Database.GetConnectionString()!);
    }

    private async Task<long> LoadFirstAsync(string versionSql, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var started = DateTimeOffset.UtcNow;
                var version = await ReadVersionAsync(versionSql, stoppingToken);
                await snapshot.ReloadAllAsync(stoppingToken);
                var gc = GC.GetGCMemoryInfo();
                logger.LogInformation("Access snapshot loaded: {Organizations} organizations in {Milliseconds:0} ms (managed heap {HeapMB} MB after the last collection, {CommittedMB} MB committed)",
                    snapshot.OrganizationCount, (DateTimeOffset.UtcNow - started).TotalMilliseconds, gc.HeapSizeBytes >> 20, gc.TotalCommittedBytes >> 20);
                return version;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Loading the access snapshot failed (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(10, attempt)), stoppingToken);
            }
        }
    }

    /// <summary>LISTEN on a connection of its own; after any loss of it, reconnect and reload everything (a notification may have been missed).</summary>
    private async Task ListenAsync(string connectionString, CancellationToken stoppingToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 15 };
        var reconnecting = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => _changes.Writer.TryWrite(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(stoppingToken);
                if (reconnecting) _changes.Writer.TryWrite("reload");
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.IO.IOException)
            {
                logger.LogWarning(e, "Lost the access-change listener; reconnecting");
                reconnecting = true;
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    /// <summary>Drains whatever notifications have arrived and applies them together.</summary>
    private async Task ApplyChangesAsync(CancellationToken stoppingToken)
    {
        while (await _changes.Reader.WaitToReadAsync(stoppingToken))
        {
            var batch = new HashSet<string>(StringComparer.Ordinal);
            while (batch.Count < 5000 && _changes.Reader.TryRead(out var change)) batch.Add(change);
            Interlocked.Exchange(ref _lastNotificationTicks, DateTimeOffset.UtcNow.UtcTicks);
            try
            {
                if (batch.Contains("reload")) await snapshot.ReloadAllAsync(stoppingToken);
                else await snapshot.RefreshAsync(batch, stoppingToken);
                if (snapshot.OverlayCount > AccessSnapshot.OverlayLimit && _fold.IsCompleted) _fold = FoldAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Applying {Count} access changes failed; reloading everything", batch.Count);
                _changes.Writer.TryWrite("reload");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    /// <summary>
    /// Folds a grown overlay into a new base, in the background: changes keep being applied meanwhile, and those
    /// made during the reload stay in the overlay.
    /// </summary>
    private async Task FoldAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var folding = snapshot.OverlayCount;
            await snapshot.ReloadAllAsync(stoppingToken);
            logger.LogInformation("Access snapshot rebuilt to fold in {Organizations} changed organizations", folding);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Folding the access-change overlay into the snapshot failed; it is retried after the next change");
        }
    }

    /// <summary>
    /// The safety net (and, on SQLite, the only signal): a version the database's triggers move. On PostgreSQL a
    /// move with no notification for a while means one was missed; on SQLite any move means a reload.
    /// </summary>
    private async Task PollAsync(string versionSql, long loadedVersion, CancellationToken stoppingToken)
    {
        var notified = versionSql == PostgresVersionSql;
        var seen = loadedVersion;
        // When `seen` was last confirmed: a notification received since then explains a move, even one that arrived
        // before this poll noticed the move (the usual order: NOTIFY comes within milliseconds, the poll every 250).
        var seenAt = DateTimeOffset.UtcNow;
        DateTimeOffset? unexplainedSince = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollInterval, stoppingToken);
                var polledAt = DateTimeOffset.UtcNow;
                var version = await ReadVersionAsync(versionSql, stoppingToken);
                if (version == seen)
                {
                    (seenAt, unexplainedSince) = (polledAt, null);
                    continue;
                }

                if (notified)
                {
                    var lastNotification = new DateTimeOffset(Interlocked.Read(ref _lastNotificationTicks), TimeSpan.Zero);
                    if (lastNotification >= seenAt) { (seen, seenAt, unexplainedSince) = (version, polledAt, null); continue; }
                    // The version moves before the commit that notifies: give the notification time to arrive.
                    unexplainedSince ??= polledAt;
                    if (polledAt - unexplainedSince < QuietBeforeFullReload) continue;
                    logger.LogWarning("Access changes without a notification: reloading the snapshot");
                }

                await snapshot.ReloadAllAsync(stoppingToken);
                (seen, seenAt, unexplainedSince) = (version, polledAt, null);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Polling the access-change version failed");
            }
        }
    }
}

/// <summary>/health/ready waits for the first load of the access snapshot.</summary>
public sealed class AccessSnapshotHealthCheck(AccessSnapshot snapshot) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(snapshot.IsLoaded
            ? HealthCheckResult.Healthy($"{snapshot.OrganizationCount} organizations loaded at {snapshot.LoadedAt:O}")
            : HealthCheckResult.Unhealthy("The access snapshot is still loading."));
}
