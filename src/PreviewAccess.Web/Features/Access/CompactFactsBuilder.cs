using System.Runtime.InteropServices;
using PreviewAccess.Data.Access;
using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;

namespace PreviewAccess.Web.Features.Access;

/// <summary>
/// Builds <see cref="CompactFacts"/> from rows as they stream in, in any order: organizations first, then enrollment
/// identifiers and grants (rows of an organization not seen are ignored). Nothing per row outlives the row but its
/// struct and the UTF-8 of keys seen for the first time; grants are put in organization order in place, so a
/// million of them are never held twice.
/// </summary>
internal sealed class CompactFactsBuilder(int organizations, int identifiers, int grants) : IAccessFactRowSink
{
    /// <summary>Guesses for sizing the key tables once: an API organization ID is 28 bytes, an email about as long.</summary>
    private const int IdentifierBytes = 28;
    private const int EmailBytes = 32;

    private readonly Dictionary<Guid, int> _organizationIndex = new(organizations);
    private readonly List<Guid> _organizationIds = new(organizations);
    private readonly List<DateTimeOffset> _createdAt = new(organizations);
    private readonly List<bool> _suspended = new(organizations);
    private readonly List<int> _enrollmentEmailStart = new(organizations + 1);
    private readonly List<int> _enrollmentEmails = new(organizations * 4);
    private readonly Rows<int> _enrollmentIdentifiers = new(identifiers);
    private readonly Rows<CompactFacts.Grant> _grants = new(grants);
    private readonly List<int> _grantEmails = new(grants);
    private readonly KeyTableBuilder _identifiers = new(identifiers, IdentifierBytes);
    private readonly KeyTableBuilder _emails = new(organizations * 4, EmailBytes);
    private readonly Dictionary<string, ushort> _modelSetIds = new(StringComparer.Ordinal);
    private readonly List<ArraySet> _modelSets = [];
    private readonly (int Start, int Count)[] _recentLists = new (int, int)[8];
    private int _listsOf = -1;
    private int _listCount;

    public void AddOrganization(Guid id, bool suspended, DateTimeOffset createdAt, IReadOnlyList<string>? enrollmentEmails)
    {
        if (_organizationIndex.ContainsKey(id)) return;
        var organization = _organizationIds.Count;
        _organizationIndex[id] = organization;
        _organizationIds.Add(id);
        _createdAt.Add(createdAt);
        _suspended.Add(suspended);
        _enrollmentEmailStart.Add(_enrollmentEmails.Count);
        foreach (var email in enrollmentEmails ?? [])
        {
            var emailId = _emails.Intern(email);
            if (_enrollmentEmails.IndexOf(emailId, _enrollmentEmailStart[organization]) < 0) _enrollmentEmails.Add(emailId);
            _emails.AddOwner(emailId, organization);
        }
    }

    public void AddEnrollmentIdentifier(Guid organizationId, string value)
    {
        if (!_organizationIndex.TryGetValue(organizationId, out var organization)) return;
        var identifier = _identifiers.Intern(value);
        _enrollmentIdentifiers.Add(organization, identifier);
        _identifiers.AddOwner(identifier, organization);
    }

    public void AddGrant(Guid organizationId, Surface surface, string identifier, GrantStatus status,
        IReadOnlyList<string> models, IReadOnlyList<string> accountEmails, DateOnly? expiresOn)
    {
        if (!_organizationIndex.TryGetValue(organizationId, out var organization)) return;
        var identifierId = _identifiers.Intern(identifier);
        _identifiers.AddOwner(identifierId, organization);
        var emailStart = _grantEmails.Count;
        foreach (var email in accountEmails)
        {
            var emailId = _emails.Intern(email);
            _grantEmails.Add(emailId);
            _emails.AddOwner(emailId, organization);
        }

        var emailCount = _grantEmails.Count - emailStart;
        if (emailCount > byte.MaxValue) throw new InvalidOperationException($"A grant of organization {organizationId} names {emailCount} account emails; the snapshot holds at most 255.");
        _grants.Add(organization, new CompactFacts.Grant(identifierId, SharedEmails(organization, emailStart, emailCount), expiresOn?.DayNumber ?? -1,
            ModelSet(models), surface, status, (byte)emailCount));
    }

    /// <summary>
    /// Where an earlier grant of the same organization lists the same emails, that list's start, and the one just
    /// added is dropped: an organization's grants mostly name the same few people (a million grants, 2 million emails
    /// listed, ≈ 600,000 kept in the bench's data). Compared with the last few lists of the organization whose rows
    /// are arriving: rows come grouped by organization; in another order less is shared, and every list stays right.
    /// </summary>
    private int SharedEmails(int organization, int start, int count)
    {
        if (organization != _listsOf) (_listsOf, _listCount) = (organization, 0);
        var emails = CollectionsMarshal.AsSpan(_grantEmails);
        var added = emails.Slice(start, count);
        for (var i = 0; i < _listCount; i++)
        {
            var earlier = _recentLists[i];
            if (earlier.Count != count || !emails.Slice(earlier.Start, count).SequenceEqual(added)) continue;
            CollectionsMarshal.SetCount(_grantEmails, start);
            return earlier.Start;
        }

        _recentLists[_listCount < _recentLists.Length ? _listCount++ : (start % _recentLists.Length)] = (start, count);
        return start;
    }

    /// <summary>One set per distinct list of model ids: a million grants name a handful of combinations.</summary>
    private ushort ModelSet(IReadOnlyList<string> models)
    {
        var key = string.Join('\n', models);
        ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_modelSetIds, key, out var exists);
        if (exists) return id;
        if (_modelSets.Count > ushort.MaxValue) throw new InvalidOperationException("More distinct model sets than the snapshot can hold.");
        id = (ushort)_modelSets.Count;
        _modelSets.Add(new ArraySet([.. models.Select(string.Intern)]));
        return id;
    }

    public CompactFacts Build()
    {
        var count = _organizationIds.Count;
        _enrollmentEmailStart.Add(_enrollmentEmails.Count);
        var (grantStart, grants) = _grants.ByOrganization(count);
        var (identifierStart, identifiers) = _enrollmentIdentifiers.ByOrganization(count);
        var organizations = new CompactFacts.Organization[count + 1];
        for (var i = 0; i < count; i++)
        {
            organizations[i] = new CompactFacts.Organization(_organizationIds[i], _createdAt[i].UtcTicks, grantStart[i], identifierStart[i], _enrollmentEmailStart[i], _suspended[i]);
        }

        organizations[count] = new CompactFacts.Organization(Guid.Empty, 0, grantStart[count], identifierStart[count], _enrollmentEmailStart[count], false);
        int CompareAge(int a, int b) => AccessLookup.CompareAge(organizations[a].CreatedAt, organizations[a].Id, organizations[b].CreatedAt, organizations[b].Id);
        var byId = new int[count];
        for (var i = 0; i < count; i++) byId[i] = i;
        Array.Sort(byId, (a, b) => organizations[a].Id.CompareTo(organizations[b].Id));
        return new CompactFacts(organizations, byId, grants, [.. _grantEmails], identifiers, [.. _enrollmentEmails],
            _identifiers.Build(CompareAge), _emails.Build(CompareAge), [.. _modelSets]);
    }

    /// <summary>Rows in the order they came, each with its organization; put in organization order in place.</summary>
    private sealed class Rows<T>(int capacity)
    {
        private T[] _items = new T[capacity];
        private int[] _organizations = new int[capacity];
        private int _count;

        public void Add(int organization, T item)
        {
            if (_count == _items.Length)
            {
                var grown = Math.Max(16, _count * 2);
                Array.Resize(ref _items, grown);
                Array.Resize(ref _organizations, grown);
            }

            (_items[_count], _organizations[_count]) = (item, organization);
            _count++;
        }

        /// <summary>
        /// A counting sort by organization, done in place (each row swapped straight to its final place), so that every
        /// organization's rows become one range without a second copy of them. Stable: rows keep their arrival order.
        /// The builder is spent afterwards.
        /// </summary>
        public (int[] Start, T[] Items) ByOrganization(int organizations)
        {
            var start = new int[organizations + 1];
            for (var i = 0; i < _count; i++) start[_organizations[i] + 1]++;
            for (var i = 0; i < organizations; i++) start[i + 1] += start[i];
            var next = start[..organizations];
            var target = _organizations;
            for (var i = 0; i < _count; i++) target[i] = next[target[i]]++;
            for (var i = 0; i < _count; i++)
            {
                while (target[i] != i)
                {
                    var to = target[i];
                    (_items[i], _items[to]) = (_items[to], _items[i]);
                    (target[i], target[to]) = (target[to], target[i]);
                }
            }

            var items = _items.Length == _count ? _items : _items[.._count];
            (_items, _organizations, _count) = ([], [], 0);
            return (start, items);
        }
    }
}
