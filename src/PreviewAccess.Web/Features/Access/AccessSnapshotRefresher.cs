using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using PreviewAccess.Data;
using PreviewAccess.Data.Access;

namespace PreviewAccess.Web.Features.Access;

/// <summary>
/// Loads the <see cref="AccessSnapshot"/> at start-up (in the background: /health/live answers meanwhile, and
/// /health/ready waits for it) and keeps it fresh within a second of any change, on every instance.
/// PostgreSQL: at each commit that changes an access fact, the database's triggers take a version from a sequence and
/// NOTIFY "organization|version"; a dedicated connection LISTENs, and the changed organizations are reloaded. The
/// sequence is polled as the safety net, and it is exact: every version up to the polled one must have been applied
/// from a notification, and a version that never is (a change nobody was told of, whatever else was notified
/// meanwhile) reloads everything. A lost listening connection reloads everything too. The first load reads the image
/// another instance stored (<see cref="StoredAccessImage"/>) and the organizations changed since, when there is a
/// usable one; after a load from the tables, this instance stores its own for the next.
/// SQLite (one instance): a counter the triggers move is polled, and a move reloads everything.
/// </summary>
public sealed class AccessSnapshotRefresher(AccessSnapshot snapshot, IServiceScopeFactory scopes, ILogger<AccessSnapshotRefresher> logger) : BackgroundService
{
    private const string Reload = "reload";
    private const string PingPrefix = "ping|";

    /// <summary>Organizations from which the first load's leftovers are handed back to the operating system at once.</summary>
    private const int LargeSnapshot = 10_000;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a missing version may stay missing before everything is reloaded. The triggers take the version at
    /// commit, so a change in flight is missing for the time its commit takes, not the time its transaction takes.
    /// </summary>
    private static readonly TimeSpan QuietBeforeFullReload = TimeSpan.FromSeconds(1.5);

    private readonly Channel<string> _changes = System.Threading.Channels.Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly AppliedVersions _applied = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _pingsAnswered;
    private Task _fold = Task.CompletedTask;
    private Task _storing = Task.CompletedTask;

    /// <summary>Whether the first load came from the image another instance stored rather than from the tables.</summary>
    public bool StartedFromImage { get; private set; }

    /// <summary>How many times the safety net found a change nobody was told of and reloaded everything.</summary>
    public int SafetyNetReloads => Volatile.Read(ref _safetyNetReloads);
    private int _safetyNetReloads;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var (provider, connectionString) = await DatabaseAsync();
        if (provider == DatabaseProvider.Postgres)
        {
            // Listening starts before the version is read: every change after that read is then notified to this instance.
            var listening = ListenAsync(connectionString, stoppingToken);
            await Task.WhenAny(_listening.Task, listening);
            // The version is read before the load: a change made while loading then still shows as a change.
            _applied.ExplainThrough(await LoadFirstAsync(stoppingToken));
            await Task.WhenAll(listening, ApplyChangesAsync(stoppingToken), PollNotifiedAsync(stoppingToken));
        }
        else
        {
            await PollAsync(await LoadFirstAsync(stoppingToken), stoppingToken);
        }
    }

    /// <summary>An image being stored is finished before the host's services go away (a second or two at most).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await _storing.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Shutting down regardless: the image is stored by the next full load.
        }
    }

    private async Task<long> ReadVersionAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await AccessChangeSignals.ReadVersionAsync(db, cancellationToken);
    }

    private async Task<(DatabaseProvider, string)> DatabaseAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return (db.Provider, db.Database.GetConnectionString()!);
    }

    private async Task<long> LoadFirstAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var started = DateTimeOffset.UtcNow;
                var version = await ReadVersionAsync(stoppingToken);
                var restored = await RestoreAsync(stoppingToken);
                StartedFromImage = restored is not null;
                if (restored is null)
                {
                    await snapshot.ReloadAllAsync(stoppingToken);
                    StoreImageInBackground(stoppingToken);
                }

                // What building a large snapshot left behind (rows, strings, the builder's tables: as much again as
                // the snapshot at a million grants) goes back to the operating system once, instead of staying
                // committed under the process for its life. A small one leaves too little to be worth a full pause.
                if (snapshot.OrganizationCount >= LargeSnapshot) GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                var gc = GC.GetGCMemoryInfo();
                logger.LogInformation("Access snapshot loaded: {Organizations} organizations in {Milliseconds:0} ms, {From} (managed heap {HeapMB} MB after the last collection, {CommittedMB} MB committed)",
                    snapshot.OrganizationCount, (DateTimeOffset.UtcNow - started).TotalMilliseconds,
                    restored is { } image
                        ? $"from the image stored at {image.StoredAt:O} ({image.Bytes >> 20} MB) and {image.ChangedSince} organizations changed since"
                        : "from the tables",
                    gc.HeapSizeBytes >> 20, gc.TotalCommittedBytes >> 20);
                return version;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Loading the access snapshot failed (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(10, attempt)), stoppingToken);
            }
        }
    }

    /// <summary>The image another instance stored, if there is a usable one; a broken one is reported and passed over.</summary>
    private async Task<(long Bytes, int ChangedSince, DateTimeOffset StoredAt)?> RestoreAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await snapshot.RestoreFromImageAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never a reason not to start: the tables are read instead (and if the database is away, that load retries).
            logger.LogWarning(e, "The stored access snapshot image could not be used; loading from the tables");
            return null;
        }
    }

    /// <summary>
    /// Stores the image of a base just read from the tables, in the background (seconds of work at a million grants,
    /// none of it on a request's path); one store at a time, a later one takes the newest base.
    /// </summary>
    private void StoreImageInBackground(CancellationToken stoppingToken)
    {
        if (!_storing.IsCompleted) return;
        _storing = Task.Run(async () =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                if (await snapshot.StoreImageAsync(stoppingToken) is { } bytes)
                {
                    logger.LogInformation("Stored the access snapshot's image ({MB} MB) in {Milliseconds:0} ms for the next instance to start from",
                        bytes >> 20, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Storing the access snapshot's image failed; the next instance loads from the tables");
            }
        }, CancellationToken.None);
    }

    /// <summary>Reloads everything; every version taken before the reload began is then in the snapshot.</summary>
    private async Task ReloadEverythingAsync(CancellationToken stoppingToken)
    {
        var version = await ReadVersionAsync(stoppingToken);
        await snapshot.ReloadAllAsync(stoppingToken);
        StoreImageInBackground(stoppingToken);
        _applied.ExplainThrough(version);
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
                await using (var listen = new NpgsqlCommand(AccessChangeSignals.ListenStatement, connection)) await listen.ExecuteNonQueryAsync(stoppingToken);
                _listening.TrySetResult();
                if (reconnecting) _changes.Writer.TryWrite(Reload);
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

    /// <summary>
    /// Drains whatever notifications have arrived and applies them together; only then are their versions counted as
    /// applied, and the safety net's pings answered (notifications arrive in commit order, so a ping answered means
    /// everything committed before it was applied).
    /// </summary>
    private async Task ApplyChangesAsync(CancellationToken stoppingToken)
    {
        while (await _changes.Reader.WaitToReadAsync(stoppingToken))
        {
            var organizations = new HashSet<string>(StringComparer.Ordinal);
            var versions = new List<long>();
            long ping = 0;
            var reload = false;
            for (var read = 0; read < 5000 && _changes.Reader.TryRead(out var change); read++)
            {
                if (change == Reload) reload = true;
                else if (change.StartsWith(PingPrefix, StringComparison.Ordinal)) ping = Math.Max(ping, long.Parse(change.AsSpan(PingPrefix.Length), System.Globalization.CultureInfo.InvariantCulture));
                else
                {
                    var (organization, version) = ParseChange(change);
                    organizations.Add(organization);
                    if (version is { } v) versions.Add(v);
                }
            }

            try
            {
                if (reload) await ReloadEverythingAsync(stoppingToken);
                else if (organizations.Count > 0) await snapshot.RefreshAsync(organizations, stoppingToken);
                _applied.Add(versions);
                if (ping > 0) Interlocked.Exchange(ref _pingsAnswered, Math.Max(ping, Interlocked.Read(ref _pingsAnswered)));
                if (snapshot.OverlayCount > AccessSnapshot.OverlayLimit && _fold.IsCompleted) _fold = FoldAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Applying {Count} access changes failed; reloading everything", organizations.Count);
                _changes.Writer.TryWrite(Reload);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    /// <summary>"organization|version" from the triggers; an organization alone from triggers older than versioned notifications.</summary>
    internal static (string Organization, long? Version) ParseChange(string payload)
    {
        var bar = payload.LastIndexOf('|');
        return bar > 0 && long.TryParse(payload.AsSpan(bar + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? (payload[..bar], version)
            : (payload, null);
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
            StoreImageInBackground(stoppingToken);
            logger.LogInformation("Access snapshot rebuilt to fold in {Organizations} changed organizations", folding);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Folding the access-change overlay into the snapshot failed; it is retried after the next change");
        }
    }

    /// <summary>
    /// The safety net on PostgreSQL. A version up to the polled one that no applied notification carried is either a
    /// commit in progress or a change nobody was told of. Before calling it the latter, the poll sends a ping through
    /// the same channel and waits for it to be applied (so a busy applier is never mistaken for a lost notification),
    /// and lets <see cref="QuietBeforeFullReload"/> pass; a version still missing then reloads everything.
    /// </summary>
    private async Task PollNotifiedAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? missingSince = null;
        long ping = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollInterval, stoppingToken);
                var version = await ReadVersionAsync(stoppingToken);
                if (!_applied.IsMissingAny(version))
                {
                    (missingSince, ping) = (null, 0);
                    continue;
                }

                var now = DateTimeOffset.UtcNow;
                if (missingSince is null)
                {
                    missingSince = now;
                    ping = await PingAsync(stoppingToken);
                    continue;
                }

                if (Interlocked.Read(ref _pingsAnswered) < ping || now - missingSince < QuietBeforeFullReload) continue;
                logger.LogWarning("Access changes without a notification (versions through {Version}, first applied missing {Missing}): reloading the snapshot", version, _applied.FirstMissing);
                await ReloadEverythingAsync(stoppingToken);
                Interlocked.Increment(ref _safetyNetReloads);
                (missingSince, ping) = (null, 0);
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

    private long _pingsSent;

    private async Task<long> PingAsync(CancellationToken cancellationToken)
    {
        var ping = Interlocked.Increment(ref _pingsSent);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var payload = PingPrefix + ping.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await AccessChangeSignals.NotifyAsync(db, payload, cancellationToken);
        return ping;
    }

    /// <summary>
    /// On SQLite (one instance, no notifications) the triggers also write which organization each change concerns: the
    /// poll refreshes those organizations only (and the countries and catalog for <c>*</c>), however large the program,
    /// then forgets the changes it applied.
    /// </summary>
    private async Task PollAsync(long loadedVersion, CancellationToken stoppingToken)
    {
        const int Batch = 5000;
        var seen = loadedVersion;
        var forgottenThrough = 0L;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollInterval, stoppingToken);
                IReadOnlyList<(long Version, string Organization)> changes;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                    changes = await AccessChangeSignals.ReadChangesAsync(db, seen, Batch, stoppingToken);
                    if (changes.Count > 0)
                    {
                        await snapshot.RefreshAsync([.. changes.Select(c => c.Organization).Distinct(StringComparer.Ordinal)], stoppingToken);
                        seen = changes[^1].Version;
                    }

                    // The load read everything through its version: those changes are forgotten too.
                    if (seen > forgottenThrough)
                    {
                        await AccessChangeSignals.ForgetChangesAsync(db, seen, stoppingToken);
                        forgottenThrough = seen;
                    }

                    if (snapshot.OverlayCount > AccessSnapshot.OverlayLimit && _fold.IsCompleted) _fold = FoldAsync(stoppingToken);
                }
                while (changes.Count == Batch);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Polling the access changes failed");
            }
        }
    }

    /// <summary>
    /// Which versions are in the snapshot: every one through <see cref="ExplainedThrough"/> (a reload read them all),
    /// and those above it that applied notifications carried. Versions come from a sequence, so they are unique; a
    /// run of them without a gap is folded into <see cref="ExplainedThrough"/>.
    /// </summary>
    internal sealed class AppliedVersions
    {
        private readonly Lock _lock = new();
        private readonly SortedSet<long> _above = [];
        private long _through;

        public long ExplainedThrough { get { lock (_lock) return _through; } }

        /// <summary>The lowest version not in the snapshot.</summary>
        public long FirstMissing { get { lock (_lock) return _through + 1; } }

        public void ExplainThrough(long version)
        {
            lock (_lock)
            {
                if (version <= _through) return;
                _through = version;
                _above.RemoveWhere(v => v <= version);
                Compact();
            }
        }

        public void Add(IEnumerable<long> versions)
        {
            lock (_lock)
            {
                foreach (var version in versions)
                {
                    if (version > _through) _above.Add(version);
                }

                Compact();
            }
        }

        public bool IsMissingAny(long polled)
        {
            lock (_lock) return polled > _through;
        }

        private void Compact()
        {
            while (_above.Count > 0 && _above.Min == _through + 1)
            {
                _through = _above.Min;
                _above.Remove(_through);
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
