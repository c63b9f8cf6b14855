using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Access;

namespace PreviewAccess.Web.Features.Gateway;

/// <summary>
/// The access check's facts, held in memory: every organization's <see cref="OrganizationFacts"/>, indexed by
/// identifier and by email, plus the unsupported countries and the catalog. A question is answered without a
/// database round trip. <see cref="AccessSnapshotRefresher"/> loads it at start-up and keeps it fresh; until the
/// first load completes, questions go to the database instead.
/// </summary>
public sealed class AccessSnapshot(IServiceScopeFactory scopes) : IAccessFactsSource, IAccessDirectory
{
    private readonly Lock _writer = new();
    private State? _state;

    /// <summary>True once the first full load has completed.</summary>
    public bool IsLoaded => Volatile.Read(ref _state) is not null;

    public int OrganizationCount => _state?.Organizations.Count ?? 0;

    public DateTimeOffset? LoadedAt => _state?.LoadedAt;

    public async Task<AccessFacts> LoadAsync(string identifier, string normalizedEmail, CancellationToken cancellationToken)
    {
        var state = Volatile.Read(ref _state);
        if (state is not null)
        {
            var (unsupported, models) = state.Reference;
            return new AccessFacts(this, unsupported, models);
        }

        // Not loaded yet: answer correctly from the database rather than wrongly from nothing.
        await using var scope = scopes.CreateAsyncScope();
        return await new DatabaseAccessDirectory(scope.ServiceProvider.GetRequiredService<PortalDbContext>()).LoadAsync(identifier, normalizedEmail, cancellationToken);
    }

    public OrganizationFacts? FindByIdentifier(string identifier) =>
        _state!.ByIdentifier.TryGetValue(identifier, out var id) && _state.Organizations.TryGetValue(id, out var facts) ? facts : null;

    public OrganizationFacts? FindByEmail(string normalizedEmail)
    {
        var state = _state!;
        if (!state.ByEmail.TryGetValue(normalizedEmail, out var ids)) return null;
        // Several organizations may know an email: the oldest answers, as in InMemoryAccessDirectory.
        return ids.Select(id => state.Organizations.GetValueOrDefault(id)).OfType<OrganizationFacts>()
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.OrganizationId).FirstOrDefault();
    }

    /// <summary>Replaces everything: the first load, and the safety net when a change may have been missed.</summary>
    public async Task ReloadAllAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var reference = await LoadReferenceAsync(db, cancellationToken);
        var loaded = await LoadFactsAsync(db, only: null, cancellationToken);
        var fresh = new State(reference.Unsupported, reference.Models, DateTimeOffset.UtcNow, Capacity.For(loaded));
        foreach (var facts in loaded) fresh.Put(facts);
        lock (_writer) Volatile.Write(ref _state, fresh);
    }

    /// <summary>
    /// Sizes the indexes up front: a growing concurrent dictionary copies every node on each doubling, and at a
    /// million identifiers those copies alone outweigh the snapshot.
    /// </summary>
    private readonly record struct Capacity(int Organizations, int Identifiers, int Emails)
    {
        public static Capacity For(List<OrganizationFacts> facts) => new(
            facts.Count,
            facts.Sum(f => f.EnrollmentIdentifiers.Count + f.Grants.Count),
            facts.Sum(f => f.EnrollmentEmails.Count + 1));
    }

    /// <summary>Reloads the given organizations (and, for <c>*</c>, the unsupported countries and the catalog).</summary>
    public async Task RefreshAsync(IReadOnlyCollection<string> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var state = Volatile.Read(ref _state);
        if (state is null) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        if (changes.Contains("*"))
        {
            var reference = await LoadReferenceAsync(db, cancellationToken);
            lock (_writer) state.Reference = (reference.Unsupported, reference.Models);
        }

        var ids = changes.Select(c => Guid.TryParse(c, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
        foreach (var batch in ids.Chunk(500))
        {
            var loaded = (await LoadFactsAsync(db, batch, cancellationToken)).ToDictionary(f => f.OrganizationId);
            lock (_writer)
            {
                foreach (var id in batch)
                {
                    if (loaded.TryGetValue(id, out var facts)) state.Put(facts);
                    else state.Remove(id);
                }
            }
        }
    }

    private static async Task<(IReadOnlySet<string> Unsupported, IReadOnlySet<string> Models)> LoadReferenceAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var unsupported = await db.UnsupportedCountries.AsNoTracking().Select(c => c.Code).ToListAsync(cancellationToken);
        var models = await db.Models.AsNoTracking().Select(m => m.ModelId).ToListAsync(cancellationToken);
        return (unsupported.ToHashSet(StringComparer.Ordinal), models.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// The facts of every organization, or of <paramref name="only"/> these. Three narrow queries (organizations
    /// with their enrollment's emails, enrollment identifiers, grants) read just the columns the decision needs:
    /// loading whole aggregates would join each organization's identifiers with its decisions and read every
    /// grant's justification, for a million grants.
    /// </summary>
    private static async Task<List<OrganizationFacts>> LoadFactsAsync(PortalDbContext db, IReadOnlyCollection<Guid>? only, CancellationToken cancellationToken)
    {
        var organizations = db.Organizations.AsNoTracking();
        var grants = db.Grants.AsNoTracking();
        if (only is not null)
        {
            var ids = only.ToArray();
            organizations = organizations.Where(o => ids.Contains(o.Id));
            grants = grants.Where(g => ids.Contains(g.OrganizationId));
        }

        var builders = new Dictionary<Guid, FactsBuilder>();
        await foreach (var o in organizations
            .Select(o => new { o.Id, o.Status, o.CreatedAt, Emails = o.Enrollment == null ? null : o.Enrollment.AccountEmails })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            builders[o.Id] = new FactsBuilder(o.Id, o.Status == OrganizationStatus.Suspended, o.CreatedAt, o.Emails);
        }

        await foreach (var identifier in organizations
            .SelectMany(o => o.Enrollment!.Identifiers, (o, i) => new { o.Id, i.Value })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (builders.TryGetValue(identifier.Id, out var builder)) builder.AddEnrollmentIdentifier(identifier.Value);
        }

        var models = new SetPool();
        await foreach (var g in grants
            .Select(g => new { g.Id, g.OrganizationId, g.Surface, g.Identifier, g.Status, g.Models, g.AccountEmails, g.ExpiresOn })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (!builders.TryGetValue(g.OrganizationId, out var builder)) continue;
            builder.AddGrant(g.Id, g.Surface, g.Identifier, g.Status, models.Get(g.Models), g.AccountEmails, g.ExpiresOn);
        }

        return builders.Values.Select(b => b.Build()).ToList();
    }

    /// <summary>
    /// One organization's facts as its rows arrive. Its grants' identifiers and emails come from its enrollment,
    /// so each string and each set of emails is kept once per organization, found by a scan of a handful of items.
    /// </summary>
    private sealed class FactsBuilder(Guid id, bool suspended, DateTimeOffset createdAt, IReadOnlyList<string>? emails)
    {
        private readonly string[] _emails = [.. emails ?? []];
        private readonly List<string> _identifiers = [];
        private readonly List<GrantFacts> _grants = [];

        public void AddEnrollmentIdentifier(string value) => _identifiers.Add(value);

        public void AddGrant(Guid grantId, Surface surface, string identifier, GrantStatus status, ArraySet models, IReadOnlyList<string> accountEmails, DateOnly? expiresOn) =>
            _grants.Add(new GrantFacts(grantId, surface, Pooled(identifier), status, models, EmailSet(accountEmails), expiresOn));

        public OrganizationFacts Build() => new(id, suspended, createdAt, new ArraySet([.. _identifiers]), new ArraySet(_emails), [.. _grants]);

        private string Pooled(string identifier) => _identifiers.Find(i => string.Equals(i, identifier, StringComparison.Ordinal)) ?? identifier;

        private ArraySet EmailSet(IReadOnlyList<string> accountEmails)
        {
            foreach (var grant in _grants)
            {
                if (grant.AccountEmails is ArraySet set && set.SequenceEqual(accountEmails)) return set;
            }

            return new ArraySet([.. accountEmails.Select(e => Array.Find(_emails, known => string.Equals(known, e, StringComparison.Ordinal)) ?? e)]);
        }
    }

    /// <summary>One set per distinct list of model ids: a million grants name a handful of combinations.</summary>
    private sealed class SetPool
    {
        private readonly Dictionary<string, ArraySet> _sets = new(StringComparer.Ordinal);

        public ArraySet Get(IReadOnlyList<string> items)
        {
            var key = string.Join('\n', items);
            return _sets.TryGetValue(key, out var set) ? set : _sets[key] = new ArraySet([.. items.Select(string.Intern)]);
        }
    }

    /// <summary>
    /// The indexes. Readers never lock; the one writer adds an organization's new keys before dropping its old
    /// ones, so a reader never misses an organization that exists before and after the change.
    /// </summary>
    private sealed class State(IReadOnlySet<string> unsupportedCountries, IReadOnlySet<string> modelIds, DateTimeOffset loadedAt, Capacity capacity)
    {
        public ConcurrentDictionary<Guid, OrganizationFacts> Organizations { get; } = new(Environment.ProcessorCount, capacity.Organizations);

        public ConcurrentDictionary<string, Guid> ByIdentifier { get; } = new(Environment.ProcessorCount, capacity.Identifiers, StringComparer.Ordinal);

        public ConcurrentDictionary<string, ImmutableArray<Guid>> ByEmail { get; } = new(Environment.ProcessorCount, capacity.Emails, StringComparer.Ordinal);

        /// <summary>The unsupported countries and the catalog's model ids, swapped together as one reference.</summary>
        public (IReadOnlySet<string> UnsupportedCountries, IReadOnlySet<string> ModelIds) Reference
        {
            get => Volatile.Read(ref _reference).Value;
            set => Volatile.Write(ref _reference, new(value));
        }

        private StrongBox<(IReadOnlySet<string>, IReadOnlySet<string>)> _reference = new((unsupportedCountries, modelIds));

        public DateTimeOffset LoadedAt { get; } = loadedAt;

        public void Put(OrganizationFacts facts)
        {
            var id = facts.OrganizationId;
            var old = Organizations.GetValueOrDefault(id);
            Organizations[id] = facts;
            var identifiers = facts.AllIdentifiers.ToHashSet(StringComparer.Ordinal);
            var emails = facts.AllEmails.ToHashSet(StringComparer.Ordinal);
            foreach (var identifier in identifiers) ByIdentifier[identifier] = id;
            foreach (var email in emails) ByEmail.AddOrUpdate(email, [id], (_, ids) => ids.Contains(id) ? ids : ids.Add(id));
            if (old is null) return;
            foreach (var identifier in old.AllIdentifiers.Where(i => !identifiers.Contains(i))) ByIdentifier.TryRemove(new(identifier, id));
            foreach (var email in old.AllEmails.Where(e => !emails.Contains(e))) RemoveEmail(email, id);
        }

        public void Remove(Guid id)
        {
            if (!Organizations.TryRemove(id, out var old)) return;
            foreach (var identifier in old.AllIdentifiers) ByIdentifier.TryRemove(new(identifier, id));
            foreach (var email in old.AllEmails) RemoveEmail(email, id);
        }

        private void RemoveEmail(string email, Guid id)
        {
            if (!ByEmail.TryGetValue(email, out var ids)) return;
            var rest = ids.Remove(id);
            if (rest.IsEmpty) ByEmail.TryRemove(new(email, ids));
            else ByEmail[email] = rest;
        }
    }
}
