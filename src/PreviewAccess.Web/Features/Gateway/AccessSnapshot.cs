using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Access;
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
        var fresh = new State(reference.Unsupported, reference.Models, DateTimeOffset.UtcNow);
        var strings = new StringPool();

        // Grants stream ordered by organization, so one organization's facts are built at a time.
        var organizations = db.Organizations.AsNoTracking().AsAsyncEnumerable();
        var grantsByOrganization = new Dictionary<Guid, List<GrantFacts>>();
        await foreach (var grant in db.Grants.AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (!grantsByOrganization.TryGetValue(grant.OrganizationId, out var list)) grantsByOrganization[grant.OrganizationId] = list = [];
            list.Add(ToFacts(grant, strings));
        }

        await foreach (var organization in organizations.WithCancellation(cancellationToken))
        {
            fresh.Put(ToFacts(organization, grantsByOrganization.GetValueOrDefault(organization.Id) ?? [], strings));
        }

        lock (_writer) Volatile.Write(ref _state, fresh);
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
            var organizations = await db.Organizations.AsNoTracking().Where(o => batch.Contains(o.Id)).ToListAsync(cancellationToken);
            var grants = await db.Grants.AsNoTracking().Where(g => batch.Contains(g.OrganizationId)).ToListAsync(cancellationToken);
            var strings = new StringPool();
            lock (_writer)
            {
                foreach (var id in batch)
                {
                    var organization = organizations.FirstOrDefault(o => o.Id == id);
                    if (organization is null) state.Remove(id);
                    else state.Put(ToFacts(organization, grants.Where(g => g.OrganizationId == id).Select(g => ToFacts(g, strings)).ToList(), strings));
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

    private static OrganizationFacts ToFacts(Organization organization, IReadOnlyList<GrantFacts> grants, StringPool strings) => new(
        organization.Id,
        organization.IsSuspended,
        organization.CreatedAt,
        new ArraySet([.. (organization.Enrollment?.Identifiers.Select(i => strings.Intern(i.Value)) ?? [])]),
        new ArraySet([.. (organization.Enrollment?.AccountEmails.Select(strings.Intern) ?? [])]),
        grants);

    private static GrantFacts ToFacts(ScopeGrant grant, StringPool strings) => new(
        grant.Id, grant.Surface, strings.Intern(grant.Identifier), grant.Status,
        new ArraySet([.. grant.Models.Select(strings.Intern)]), new ArraySet([.. grant.AccountEmails.Select(strings.Intern)]), grant.ExpiresOn);

    /// <summary>One copy of each model id and email, however many grants name it.</summary>
    private sealed class StringPool
    {
        private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);

        public string Intern(string value) => _pool.TryGetValue(value, out var pooled) ? pooled : _pool[value] = value;
    }

    /// <summary>
    /// The indexes. Readers never lock; the one writer adds an organization's new keys before dropping its old
    /// ones, so a reader never misses an organization that exists before and after the change.
    /// </summary>
    private sealed class State(IReadOnlySet<string> unsupportedCountries, IReadOnlySet<string> modelIds, DateTimeOffset loadedAt)
    {
        public ConcurrentDictionary<Guid, OrganizationFacts> Organizations { get; } = new();

        public ConcurrentDictionary<string, Guid> ByIdentifier { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, ImmutableArray<Guid>> ByEmail { get; } = new(StringComparer.Ordinal);

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
