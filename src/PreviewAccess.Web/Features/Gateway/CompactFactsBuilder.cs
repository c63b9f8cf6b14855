using System.Runtime.InteropServices;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;

namespace PreviewAccess.Web.Features.Gateway;

/// <summary>
/// Builds <see cref="CompactFacts"/> from rows as they stream in, in any order: organizations first, then enrollment
/// identifiers and grants (rows of an organization not seen are ignored). Nothing per row outlives the row but its
/// struct and the strings seen for the first time.
/// </summary>
internal sealed class CompactFactsBuilder(int organizations, int identifiers, int grants)
{
    private readonly Dictionary<Guid, int> _organizationIndex = new(organizations);
    private readonly List<Guid> _organizationIds = new(organizations);
    private readonly List<DateTimeOffset> _createdAt = new(organizations);
    private readonly List<bool> _suspended = new(organizations);
    private readonly List<int> _enrollmentEmailStart = new(organizations + 1);
    private readonly List<int> _enrollmentEmails = new(organizations * 4);
    private readonly List<(int Organization, int Identifier)> _enrollmentIdentifiers = new(identifiers);
    private readonly List<(int Organization, CompactFacts.Grant Grant)> _grants = new(grants);
    private readonly List<int> _grantEmails = new(grants * 2);
    private readonly KeyTableBuilder _identifiers = new(identifiers);
    private readonly KeyTableBuilder _emails = new(organizations * 4);
    private readonly Dictionary<string, ushort> _modelSetIds = new(StringComparer.Ordinal);
    private readonly List<ArraySet> _modelSets = [];

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
        _enrollmentIdentifiers.Add((organization, identifier));
        _identifiers.AddOwner(identifier, organization);
    }

    public void AddGrant(Guid organizationId, Guid grantId, Surface surface, string identifier, GrantStatus status,
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
        if (emailCount > byte.MaxValue) throw new InvalidOperationException($"Grant {grantId} names {emailCount} account emails; the snapshot holds at most 255.");
        _grants.Add((organization, new CompactFacts.Grant(grantId, identifierId, emailStart, expiresOn?.DayNumber ?? -1, ModelSet(models),
            (byte)surface, (byte)status, (byte)emailCount)));
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
        var (grantStart, grants) = ByOrganization(_grants, count);
        _grants.Clear();
        _grants.Capacity = 0;
        var (identifierStart, identifiers) = ByOrganization(_enrollmentIdentifiers, count);
        var organizationIds = _organizationIds.ToArray();
        var createdAt = _createdAt.ToArray();
        int CompareAge(int a, int b) => (createdAt[a], organizationIds[a]).CompareTo((createdAt[b], organizationIds[b]));
        return new CompactFacts(organizationIds, _organizationIndex, createdAt, [.. _suspended], grantStart, grants, [.. _grantEmails],
            identifierStart, identifiers, [.. _enrollmentEmailStart], [.. _enrollmentEmails],
            _identifiers.Build(CompareAge), _emails.Build(CompareAge), [.. _modelSets]);
    }

    /// <summary>A counting sort by organization: rows stream in any order, and each organization's become one range.</summary>
    private static (int[] Start, T[] Items) ByOrganization<T>(List<(int Organization, T Item)> rows, int organizations)
    {
        var start = new int[organizations + 1];
        foreach (var (organization, _) in rows) start[organization + 1]++;
        for (var i = 0; i < organizations; i++) start[i + 1] += start[i];
        var next = (int[])start.Clone();
        var items = new T[rows.Count];
        foreach (var (organization, item) in rows) items[next[organization]++] = item;
        return (start, items);
    }

    private sealed class KeyTableBuilder(int capacity)
    {
        private readonly Dictionary<string, int> _ids = new(capacity, StringComparer.Ordinal);
        private readonly List<string> _strings = new(capacity);
        private readonly List<int> _firstOwner = new(capacity);
        private readonly Dictionary<int, List<int>> _moreOwners = [];

        public int Intern(string key)
        {
            ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, key, out var exists);
            if (exists) return id;
            id = _strings.Count;
            _strings.Add(key);
            _firstOwner.Add(-1);
            return id;
        }

        public void AddOwner(int id, int organization)
        {
            var first = _firstOwner[id];
            if (first == organization) return;
            if (first < 0)
            {
                _firstOwner[id] = organization;
                return;
            }

            ref var more = ref CollectionsMarshal.GetValueRefOrAddDefault(_moreOwners, id, out _);
            more ??= [];
            if (!more.Contains(organization)) more.Add(organization);
        }

        public CompactFacts.KeyTable Build(Comparison<int> compareAge)
        {
            var firstOwner = _firstOwner.ToArray();
            var moreOwners = new Dictionary<int, int[]>(_moreOwners.Count);
            foreach (var (id, more) in _moreOwners)
            {
                int[] owners = [firstOwner[id], .. more];
                Array.Sort(owners, compareAge);
                firstOwner[id] = owners[0];
                moreOwners[id] = owners[1..];
            }

            return new CompactFacts.KeyTable(_ids, [.. _strings], firstOwner, moreOwners);
        }
    }
}
