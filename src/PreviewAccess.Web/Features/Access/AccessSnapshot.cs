using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;
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

    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private long _sequence;
    private State? _state;

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
            var facts = await LoadFactsAsync(db, only: null, cancellationToken);

            await _writer.WaitAsync(cancellationToken);
            try
            {
                // Read under the writer, as a refresh of "*" is: one applied during the load is not undone.
                var (unsupported, models) = await LoadReferenceAsync(db, cancellationToken);
                var current = Volatile.Read(ref _state);
                var overlay = current?.Overlay.Since(startedAt) ?? Overlay.Empty;
                Volatile.Write(ref _state, new State(facts, overlay, unsupported, models, DateTimeOffset.UtcNow));
                metrics.SnapshotReloaded(timing);
            }
            finally { _writer.Release(); }
        }
        finally { _reloading.Release(); }
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
                var (unsupported, models) = await LoadReferenceAsync(db, cancellationToken);
                var state = Volatile.Read(ref _state)!;
                Volatile.Write(ref _state, state with { UnsupportedCountries = unsupported, ModelIds = models });
            }

            var ids = changes.Select(c => Guid.TryParse(c, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
            foreach (var batch in ids.Chunk(500))
            {
                var loaded = await LoadFactsAsync(db, batch, cancellationToken);
                var fresh = new Dictionary<Guid, OrganizationFacts?>(batch.Length);
                foreach (var id in batch) fresh[id] = null;
                for (var i = 0; i < loaded.OrganizationCount; i++) fresh[loaded.OrganizationId(i)] = loaded.Materialize(i);
                var state = Volatile.Read(ref _state)!;
                Volatile.Write(ref _state, state with { Overlay = state.Overlay.With(fresh, ++_sequence) });
            }

            metrics.SnapshotChangeApplied();
        }
        finally { _writer.Release(); }
    }

    private static async Task<(IReadOnlySet<string> Unsupported, IReadOnlySet<string> Models)> LoadReferenceAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var unsupported = await db.UnsupportedCountries.AsNoTracking().Select(c => c.Code).ToListAsync(cancellationToken);
        var models = await db.Models.AsNoTracking().Select(m => m.ModelId).ToListAsync(cancellationToken);
        return (unsupported.ToHashSet(StringComparer.Ordinal), models.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// The facts of every organization, or of <paramref name="only"/> these. Three narrow queries (organizations
    /// with their enrollment's emails, enrollment identifiers, grants) read just the columns the decision needs,
    /// streamed row by row into the compact layout: nothing holds a list of rows.
    /// </summary>
    private static async Task<CompactFacts> LoadFactsAsync(PortalDbContext db, Guid[]? only, CancellationToken cancellationToken)
    {
        var organizations = db.Organizations.AsNoTracking();
        var grants = db.Grants.AsNoTracking();
        if (only is not null)
        {
            organizations = organizations.Where(o => only.Contains(o.Id));
            grants = grants.Where(g => only.Contains(g.OrganizationId));
        }

        var identifiers = organizations.SelectMany(o => o.Enrollment!.Identifiers, (o, i) => new { o.Id, i.Value });
        // Counted first, so that every table is allocated once at its final size.
        var builder = only is null
            ? new CompactFactsBuilder(await organizations.CountAsync(cancellationToken), await identifiers.CountAsync(cancellationToken), await grants.CountAsync(cancellationToken))
            : new CompactFactsBuilder(only.Length, only.Length * 16, only.Length * 16);

        if (only is null && db.Provider == DatabaseProvider.Postgres)
        {
            await ReadAllRowsAsync(db, builder, cancellationToken);
            return builder.Build();
        }

        await foreach (var o in organizations
            .Select(o => new { o.Id, o.Status, o.CreatedAt, Emails = o.Enrollment == null ? null : o.Enrollment.AccountEmails })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            builder.AddOrganization(o.Id, o.Status == OrganizationStatus.Suspended, o.CreatedAt, o.Emails);
        }

        await foreach (var identifier in identifiers.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            builder.AddEnrollmentIdentifier(identifier.Id, identifier.Value);
        }

        await foreach (var g in grants
            .Select(g => new { g.OrganizationId, g.Surface, g.Identifier, g.Status, g.Models, g.AccountEmails, g.ExpiresOn })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            builder.AddGrant(g.OrganizationId, g.Surface, g.Identifier, g.Status, g.Models, g.AccountEmails, g.ExpiresOn);
        }

        return builder.Build();
    }

    /// <summary>
    /// A full load on PostgreSQL (100,000 organizations, a million enrollment identifiers and grants), read with a
    /// plain data reader on the context's connection. EF Core buffers a whole query's result when the context retries
    /// on failure (EnableRetryOnFailure), even for AsAsyncEnumerable: a million grant rows with their arrays were held
    /// at once, and the heap grew to ~1 GB for ~230 MB of snapshot (measured, bench/README.md). A failure here fails
    /// the load, which the refresher retries.
    /// </summary>
    private static async Task ReadAllRowsAsync(PortalDbContext db, CompactFactsBuilder builder, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = """
                    SELECT o."Id", o."Status", o."CreatedAt", e."AccountEmails"
                    FROM "Organizations" AS o LEFT JOIN "Enrollments" AS e ON e."OrganizationId" = o."Id"
                    """;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    builder.AddOrganization(reader.GetGuid(0), reader.GetString(1) == nameof(OrganizationStatus.Suspended), reader.GetFieldValue<DateTimeOffset>(2),
                        await reader.IsDBNullAsync(3, cancellationToken) ? null : reader.GetFieldValue<string[]>(3));
                }
            }

            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT \"OrganizationId\", \"Value\" FROM \"EnrollmentIdentifiers\"";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) builder.AddEnrollmentIdentifier(reader.GetGuid(0), reader.GetString(1));
            }

            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT \"OrganizationId\", \"Surface\", \"Identifier\", \"Status\", \"Models\", \"AccountEmails\", \"ExpiresOn\" FROM \"Grants\"";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    builder.AddGrant(reader.GetGuid(0), Enum.Parse<Surface>(reader.GetString(1)), reader.GetString(2),
                        Enum.Parse<GrantStatus>(reader.GetString(3)), reader.GetFieldValue<string[]>(4), reader.GetFieldValue<string[]>(5),
                        await reader.IsDBNullAsync(6, cancellationToken) ? null : reader.GetFieldValue<DateOnly>(6));
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

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
