using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Data.Access;
using PreviewAccess.Domain.Access;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Features.Access;

/// <summary>
/// The access check's facts, held in memory: every organization's facts in a compact, immutable base
/// (<see cref="CompactFacts"/>) plus a small overlay of the organizations changed since the base was built, and the
/// unsupported countries and the catalog. A question is answered without a database round trip.
/// <see cref="AccessSnapshotRefresher"/> loads it at start-up and keeps it fresh; until the first load completes,
/// questions go to the database instead.
/// </summary>
/// <remarks>
/// Every state is immutable and swapped whole, so a question reads one consistent state. A change re-reads only the
/// changed organizations into a new overlay (copy-on-write, small); the base is rebuilt only by a full reload, which
/// also folds the overlay in once it grows past <see cref="OverlayLimit"/>.
/// </remarks>
public sealed class AccessSnapshot(IServiceScopeFactory scopes, PortalMetrics metrics) : IAccessFactsSource, IAccessDirectory, IDisposable
{
    /// <summary>Changed organizations the overlay holds before the refresher folds them into a new base.</summary>
    public const int OverlayLimit = 2000;

    /// <summary>Organizations re-read in one query when changes are applied.</summary>
    private const int RefreshBatch = 500;

    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private long _sequence;
    private State? _state;
    private UnstoredImage? _unstored;

    public void Dispose()
    {
        _writer.Dispose();
        _reloading.Dispose();
    }

    /// <summary>True once the first full load has completed.</summary>
    public bool IsLoaded => Volatile.Read(ref _state) is not null;

    public int OrganizationCount => Volatile.Read(ref _state)?.OrganizationCount ?? 0;

    /// <summary>Organizations changed since the base was built, held whole in the overlay.</summary>
    public int OverlayCount => Volatile.Read(ref _state)?.Overlay.Changed.Count ?? 0;

    public DateTimeOffset? LoadedAt => Volatile.Read(ref _state)?.LoadedAt;

    public ValueTask<AccessFacts> LoadAsync(string identifier, string normalizedEmail, CancellationToken cancellationToken)
    {
        var state = Volatile.Read(ref _state);
        return state is not null
            ? ValueTask.FromResult(new AccessFacts(state, state.UnsupportedCountries, state.ModelIds))
            : LoadFromDatabaseAsync(identifier, normalizedEmail, cancellationToken);
    }

    /// <summary>Not loaded yet: answer correctly from the database rather than wrongly from nothing.</summary>
    private async ValueTask<AccessFacts> LoadFromDatabaseAsync(string identifier, string normalizedEmail, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await new DatabaseAccessDirectory(scope.ServiceProvider.GetRequiredService<PortalDbContext>()).LoadAsync(identifier, normalizedEmail, cancellationToken);
    }

    public OrganizationFacts? FindByIdentifier(string identifier) => Volatile.Read(ref _state)!.FindByIdentifier(identifier);

    public OrganizationFacts? FindByEmail(string normalizedEmail) => Volatile.Read(ref _state)!.FindByEmail(normalizedEmail);

    /// <summary>
    /// Replaces the base: the first load, the safety net when a change may have been missed, and the fold of a grown
    /// overlay. Organizations changed while it loaded stay in the overlay (their reading is at least as new).
    /// </summary>
    public async Task ReloadAllAsync(CancellationToken cancellationToken)
    {
        // One reload at a time: two would hold two bases at once.
        await _reloading.WaitAsync(cancellationToken);
        try
        {
            var timing = System.Diagnostics.Stopwatch.GetTimestamp();
            long startedAt;
            await _writer.WaitAsync(cancellationToken);
            try { startedAt = _sequence; }
            finally { _writer.Release(); }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var (facts, consistentWith) = await LoadFactsAsync(db, only: null, cancellationToken);
            if (consistentWith is not null && CompactFacts.ImagesSupported) Volatile.Write(ref _unstored, new UnstoredImage(facts, consistentWith));

            await _writer.WaitAsync(cancellationToken);
            try
            {
                // Read under the writer, as a refresh of "*" is: one applied during the load is not undone.
                var (unsupported, models) = await AccessFactRows.ReadReferenceAsync(db, cancellationToken);
                var current = Volatile.Read(ref _state);
                var overlay = current?.Overlay.Since(startedAt) ?? Overlay.Empty;
                Volatile.Write(ref _state, new State(facts, overlay, unsupported, models, DateTimeOffset.UtcNow));
                metrics.SnapshotReloaded(timing);
            }
            finally { _writer.Release(); }
        }
        finally { _reloading.Release(); }
    }

    /// <summary>
    /// The first load from the image another instance stored (<see cref="StoredAccessImage"/>, PostgreSQL), with the
    /// organizations changed after it re-read into the overlay before anything is answered from it.
    /// </summary>
    /// <returns>What was read, or null when there is no usable image (none yet, another format, too many changes since).</returns>
    /// <exception cref="InvalidDataException">The stored bytes do not match their checksum or format.</exception>
    public async Task<(long Bytes, int ChangedSince, DateTimeOffset StoredAt)?> RestoreFromImageAsync(CancellationToken cancellationToken)
    {
        if (!CompactFacts.ImagesSupported) return null;
        await _reloading.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref _state) is not null) return null;
            var timing = System.Diagnostics.Stopwatch.GetTimestamp();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var image = await StoredAccessImage.ReadAsync(db, CompactFacts.ImageFormat, OverlayLimit, CompactFacts.ReadImage, cancellationToken);
            if (image is null) return null;

            var changed = OrganizationIds(image.ChangedSince);
            var fresh = new Dictionary<Guid, OrganizationFacts?>(changed.Length);
            foreach (var batch in changed.Chunk(RefreshBatch))
            {
                foreach (var (id, facts) in await ReadOrganizationsAsync(db, batch, cancellationToken)) fresh[id] = facts;
            }

            await _writer.WaitAsync(cancellationToken);
            try
            {
                var (unsupported, models) = await AccessFactRows.ReadReferenceAsync(db, cancellationToken);
                var overlay = fresh.Count == 0 ? Overlay.Empty : Overlay.Empty.With(fresh, ++_sequence);
                Volatile.Write(ref _state, new State(image.Value, overlay, unsupported, models, DateTimeOffset.UtcNow));
                metrics.SnapshotReloaded(timing);
            }
            finally { _writer.Release(); }

            return (image.Bytes, changed.Length, image.CreatedAt);
        }
        finally { _reloading.Release(); }
    }

    /// <summary>
    /// Stores the image of the latest base read from the tables on PostgreSQL, for the next instance to start from;
    /// nothing when it was stored already or a newer one is there.
    /// </summary>
    /// <returns>The image's size in bytes when one was stored.</returns>
    public async Task<long?> StoreImageAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _unstored, null) is not { } unstored) return null;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        long bytes = 0;
        var stored = await StoredAccessImage.WriteAsync(db, CompactFacts.ImageFormat, unstored.ConsistentWith, stream =>
        {
            unstored.Facts.WriteImage(stream);
            bytes = stream.Position;
        }, cancellationToken);
        return stored ? bytes : null;
    }

    /// <summary>Reloads the given organizations (and, for <c>*</c>, the unsupported countries and the catalog).</summary>
    public async Task RefreshAsync(IReadOnlyCollection<string> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (Volatile.Read(ref _state) is null) return;
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            if (changes.Contains("*"))
            {
                var (unsupported, models) = await AccessFactRows.ReadReferenceAsync(db, cancellationToken);
                var state = Volatile.Read(ref _state)!;
                Volatile.Write(ref _state, state with { UnsupportedCountries = unsupported, ModelIds = models });
            }

            foreach (var batch in OrganizationIds(changes).Chunk(RefreshBatch))
            {
                var fresh = await ReadOrganizationsAsync(db, batch, cancellationToken);
                var state = Volatile.Read(ref _state)!;
                Volatile.Write(ref _state, state with { Overlay = state.Overlay.With(fresh, ++_sequence) });
            }

            metrics.SnapshotChangeApplied();
        }
        finally { _writer.Release(); }
    }

    /// <summary>
    /// The facts of every organization, or of <paramref name="only"/> these, streamed row by row into the compact
    /// layout (<see cref="AccessFactRows"/>), with the transaction snapshot a full read on PostgreSQL was consistent with.
    /// </summary>
    private static async Task<(CompactFacts Facts, string? ConsistentWith)> LoadFactsAsync(PortalDbContext db, Guid[]? only, CancellationToken cancellationToken)
    {
        var counts = only is null
            ? await AccessFactRows.CountAllAsync(db, cancellationToken)
            : new AccessFactRowCounts(only.Length, only.Length * 16, only.Length * 16);
        var builder = new CompactFactsBuilder(counts.Organizations, counts.EnrollmentIdentifiers, counts.Grants);
        var consistentWith = await AccessFactRows.ReadAsync(db, only, builder, cancellationToken);
        return (builder.Build(), consistentWith);
    }

    /// <summary>The organizations a list of changes names; <c>*</c> (the catalog or the countries) is not one.</summary>
    private static Guid[] OrganizationIds(IEnumerable<string> changes) =>
        [.. changes.Select(c => Guid.TryParse(c, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct()];

    /// <summary>These organizations read afresh: each with its facts, or null when it is gone.</summary>
    private static async Task<Dictionary<Guid, OrganizationFacts?>> ReadOrganizationsAsync(PortalDbContext db, Guid[] ids, CancellationToken cancellationToken)
    {
        var (loaded, _) = await LoadFactsAsync(db, ids, cancellationToken);
        var fresh = new Dictionary<Guid, OrganizationFacts?>(ids.Length);
        foreach (var id in ids) fresh[id] = null;
        for (var i = 0; i < loaded.OrganizationCount; i++) fresh[loaded.OrganizationId(i)] = loaded.Materialize(i);
        return fresh;
    }

    /// <summary>A base read from the tables, not stored as an image yet, and the transaction snapshot it was read in.</summary>
    private sealed record UnstoredImage(CompactFacts Facts, string ConsistentWith);

    /// <summary>
    /// The organizations changed since the base was built, whole, with their own identifier and email indexes
    /// (null: deleted). Rebuilt on each change: it stays small, and a question never sees half a change.
    /// </summary>
    private sealed class Overlay
    {
        public static Overlay Empty { get; } = new([], []);

        private Overlay(Dictionary<Guid, OrganizationFacts?> organizations, Dictionary<Guid, long> changed)
        {
            Organizations = organizations;
            Changed = changed;
            Directory = new InMemoryAccessDirectory(organizations.Values.OfType<OrganizationFacts>());
        }

        public Dictionary<Guid, OrganizationFacts?> Organizations { get; }

        /// <summary>Each changed organization with the sequence number of its latest change.</summary>
        public Dictionary<Guid, long> Changed { get; }

        /// <summary>The changed organizations' answer for a key, by the same rule as everywhere (<see cref="AccessLookup"/>).</summary>
        public InMemoryAccessDirectory Directory { get; }

        public Overlay With(Dictionary<Guid, OrganizationFacts?> fresh, long sequence)
        {
            var organizations = new Dictionary<Guid, OrganizationFacts?>(Organizations);
            var changed = new Dictionary<Guid, long>(Changed);
            foreach (var (id, facts) in fresh)
            {
                organizations[id] = facts;
                changed[id] = sequence;
            }

            return new Overlay(organizations, changed);
        }

        /// <summary>What changed after <paramref name="sequence"/>: what a base read since then may not have seen.</summary>
        public Overlay Since(long sequence)
        {
            var changed = Changed.Where(c => c.Value > sequence).ToDictionary();
            return changed.Count == 0 ? Empty : new Overlay(changed.Keys.ToDictionary(id => id, id => Organizations[id]), changed);
        }
    }

    /// <summary>One consistent state: the base, the overlay over it, and the reference data.</summary>
    private sealed record State(CompactFacts Base, Overlay Overlay, IReadOnlySet<string> UnsupportedCountries, IReadOnlySet<string> ModelIds, DateTimeOffset LoadedAt)
        : IAccessDirectory
    {
        public int OrganizationCount =>
            Base.OrganizationCount
            + Overlay.Organizations.Count(o => o.Value is not null && !Base.Contains(o.Key))
            - Overlay.Organizations.Count(o => o.Value is null && Base.Contains(o.Key));

        public OrganizationFacts? FindByIdentifier(string identifier)
        {
            var changed = Overlay.Directory.FindByIdentifier(identifier);
            var unchanged = Base.FindByIdentifier(identifier, Overlay.Changed, out var key);
            return BaseIsOlder(unchanged, changed) ? Base.Materialize(unchanged, identifier, key) : changed;
        }

        public OrganizationFacts? FindByEmail(string normalizedEmail)
        {
            var changed = Overlay.Directory.FindByEmail(normalizedEmail);
            var unchanged = Base.FindByEmail(normalizedEmail, Overlay.Changed);
            return BaseIsOlder(unchanged, changed) ? Base.Materialize(unchanged) : changed;
        }

        /// <summary>Of the overlay's answer and the base's (an organization the overlay does not hold), whether the base's is the older.</summary>
        private bool BaseIsOlder(int unchanged, OrganizationFacts? changed) => unchanged >= 0 && (changed is null || Base.IsOlder(unchanged, changed));
    }
}
