using System.Runtime.InteropServices;
using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;

namespace PreviewAccess.Web.Features.Access;

/// <summary>
/// Every organization's access facts in a few flat arrays, immutable once built: one small struct per grant
/// (identifier, emails and model set as indexes into shared tables), each identifier and email held once as UTF-8 with
/// its owning organizations (<see cref="KeyTable"/>), one record per organization. At a million grants this is
/// about a fifteenth of the memory one <see cref="GrantFacts"/> object graph per grant takes (bench/README.md).
/// <see cref="OrganizationFacts"/> are made on demand, for the one organization a question concerns.
/// </summary>
internal sealed partial class CompactFacts
{
    /// <summary>
    /// One grant: 16 bytes, a million of them 16 MB. <see cref="ExpiresOn"/> is a <see cref="DateOnly.DayNumber"/>, or -1
    /// for none; the surface and the status share a byte (a nibble each); grants with the same emails share their range.
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    internal readonly record struct Grant(int Identifier, int EmailStart, int ExpiresOn, ushort ModelSet, byte SurfaceAndStatus, byte EmailCount)
    {
        public Grant(int identifier, int emailStart, int expiresOn, ushort modelSet, Surface surface, GrantStatus status, byte emailCount)
            : this(identifier, emailStart, expiresOn, modelSet, Pack(surface, status), emailCount)
        {
        }

        public Surface Surface => (Surface)(SurfaceAndStatus >> 4);

        public GrantStatus Status => (GrantStatus)(SurfaceAndStatus & 0xF);

        private static byte Pack(Surface surface, GrantStatus status) =>
            (uint)surface < 16 && (uint)status < 16
                ? (byte)(((int)surface << 4) | (int)status)
                : throw new ArgumentOutOfRangeException(nameof(status), "A surface and a grant status fit a nibble each.");
    }

    /// <summary>
    /// One organization, its scalars and where its ranges begin, in one record: a question reads it in one trip to
    /// memory rather than one per array. Its ranges end where the next record's begin (a last record closes them).
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    internal readonly record struct Organization(Guid Id, long CreatedAtUtcTicks, int GrantStart, int IdentifierStart, int EmailStart, bool Suspended)
    {
        public DateTimeOffset CreatedAt => new(CreatedAtUtcTicks, TimeSpan.Zero);
    }

    private readonly Organization[] _organizations;
    private readonly int[] _byId;
    private readonly Grant[] _grants;
    private readonly int[] _grantEmails;
    private readonly int[] _enrollmentIdentifiers;
    private readonly int[] _enrollmentEmails;
    private readonly KeyTable _identifiers;
    private readonly KeyTable _emails;
    private readonly ArraySet[] _modelSets;

    /// <param name="organizations">One record per organization and a last one that closes the ranges.</param>
    /// <param name="byId">The organizations' numbers in the order of their ids (a search by id needs no dictionary).</param>
    internal CompactFacts(Organization[] organizations, int[] byId, Grant[] grants, int[] grantEmails,
        int[] enrollmentIdentifiers, int[] enrollmentEmails, KeyTable identifiers, KeyTable emails, ArraySet[] modelSets)
    {
        (_organizations, _byId, _grants, _grantEmails) = (organizations, byId, grants, grantEmails);
        (_enrollmentIdentifiers, _enrollmentEmails, _identifiers, _emails, _modelSets) = (enrollmentIdentifiers, enrollmentEmails, identifiers, emails, modelSets);
    }

    public static CompactFacts Empty { get; } = new CompactFactsBuilder(0, 0, 0).Build();

    public int OrganizationCount => _organizations.Length - 1;

    public int GrantCount => _grants.Length;

    public Guid OrganizationId(int organization) => _organizations[organization].Id;

    public bool Contains(Guid organizationId)
    {
        var (low, high) = (0, _byId.Length - 1);
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = _organizations[_byId[middle]].Id.CompareTo(organizationId);
            if (order == 0) return true;
            if (order < 0) low = middle + 1;
            else high = middle - 1;
        }

        return false;
    }

    /// <summary>The oldest organization known by this identifier whose id <paramref name="skip"/> does not hold, or -1.</summary>
    public int FindByIdentifier(string identifier, IReadOnlyDictionary<Guid, long> skip) => FindByIdentifier(identifier, skip, out _);

    /// <param name="key">The identifier's key number (-1: no organization knows it), for <see cref="Materialize(int, string, int)"/>.</param>
    public int FindByIdentifier(string identifier, IReadOnlyDictionary<Guid, long> skip, out int key) => FirstOwner(_identifiers, identifier, skip, out key);

    /// <summary>The oldest organization known by this email whose id <paramref name="skip"/> does not hold, or -1.</summary>
    public int FindByEmail(string normalizedEmail, IReadOnlyDictionary<Guid, long> skip) => FirstOwner(_emails, normalizedEmail, skip, out _);

    private int FirstOwner(KeyTable keys, string key, IReadOnlyDictionary<Guid, long> skip, out int id)
    {
        id = keys.Find(key);
        if (id < 0) return -1;
        var first = keys.FirstOwner(id);
        if (skip.Count == 0 || !skip.ContainsKey(_organizations[first].Id)) return first;
        foreach (var owner in keys.MoreOwners(id))
        {
            if (!skip.ContainsKey(_organizations[owner].Id)) return owner;
        }

        return -1;
    }

    /// <summary>
    /// The decision's view of one organization, made for this question. It answers the decision's two questions about
    /// grants from the compact rows (<see cref="CompactOrganization"/>); the full list of grants is made only if
    /// something enumerates it.
    /// </summary>
    public OrganizationFacts Materialize(int organization) => Materialize(organization, null, -1);

    /// <summary>As <see cref="Materialize(int)"/>, for an organization found by this identifier: its key is not looked up twice.</summary>
    public OrganizationFacts Materialize(int organization, string? identifier, int identifierKey)
    {
        var (facts, next) = (_organizations[organization], _organizations[organization + 1]);
        return new CompactOrganization(this, organization, identifier, identifierKey, facts,
            new KeySet(_identifiers, _enrollmentIdentifiers, facts.IdentifierStart, next.IdentifierStart - facts.IdentifierStart),
            new KeySet(_emails, _enrollmentEmails, facts.EmailStart, next.EmailStart - facts.EmailStart));
    }

    private ReadOnlySpan<Grant> GrantsOf(int organization) =>
        _grants.AsSpan(_organizations[organization].GrantStart, _organizations[organization + 1].GrantStart - _organizations[organization].GrantStart);

    private bool HasGrantOn(int organization, Surface surface)
    {
        foreach (var grant in GrantsOf(organization))
        {
            if (grant.Surface == surface) return true;
        }

        return false;
    }

    /// <summary>
    /// Compares key numbers, not strings (<paramref name="key"/> is the identifier's, -1 for one no organization
    /// knows), and makes only the grants it selects, with the caller's own string.
    /// </summary>
    private IReadOnlyList<GrantFacts> GrantsFor(int organization, Surface surface, string identifier, int key)
    {
        if (key < 0) return [];
        GrantFacts? first = null;
        List<GrantFacts>? more = null;
        foreach (var grant in GrantsOf(organization))
        {
            if (grant.Identifier != key || grant.Surface != surface) continue;
            var facts = Facts(grant, identifier);
            if (first is null) first = facts;
            else (more ??= [first]).Add(facts);
        }

        if (more is not null) return more;
        return first is null ? Array.Empty<GrantFacts>() : new[] { first };
    }

    private List<GrantFacts> AllGrants(int organization)
    {
        var all = new List<GrantFacts>();
        foreach (var grant in GrantsOf(organization)) all.Add(Facts(grant, _identifiers.KeyAt(grant.Identifier)));
        return all;
    }

    private GrantFacts Facts(Grant grant, string identifier) =>
        new(grant.Surface, identifier, grant.Status, _modelSets[grant.ModelSet], new KeySet(_emails, _grantEmails, grant.EmailStart, grant.EmailCount),
            grant.ExpiresOn < 0 ? null : DateOnly.FromDayNumber(grant.ExpiresOn));

    /// <summary>One organization of the snapshot as the decision sees it: its grants answered from the compact rows.</summary>
    private sealed record CompactOrganization : OrganizationFacts
    {
        private readonly CompactFacts _facts;
        private readonly int _organization;
        private readonly string? _foundBy;
        private readonly int _foundByKey;

        /// <param name="foundBy">The identifier the organization was found by, with its key number; null if found otherwise.</param>
        public CompactOrganization(CompactFacts facts, int organization, string? foundBy, int foundByKey, Organization record,
            IReadOnlySet<string> identifiers, IReadOnlySet<string> emails)
            : base(record.Id, record.Suspended, record.CreatedAt, identifiers, emails, new LazyGrants(facts, organization)) =>
            (_facts, _organization, _foundBy, _foundByKey) = (facts, organization, foundBy, foundByKey);

        public override bool HasGrantOn(Surface surface) => _facts.HasGrantOn(_organization, surface);

        public override IReadOnlyList<GrantFacts> GrantsFor(Surface surface, string identifier)
        {
            ArgumentNullException.ThrowIfNull(identifier);
            var key = _foundBy is not null && string.Equals(identifier, _foundBy, StringComparison.Ordinal) ? _foundByKey : _facts._identifiers.Find(identifier);
            return _facts.GrantsFor(_organization, surface, identifier, key);
        }
    }

    /// <summary>Every grant of an organization, made the first time something reads them (a support view, the overlay's indexes).</summary>
    private sealed class LazyGrants(CompactFacts facts, int organization) : IReadOnlyList<GrantFacts>
    {
        private List<GrantFacts>? _all;

        private List<GrantFacts> All => _all ??= facts.AllGrants(organization);

        public int Count => All.Count;

        public GrantFacts this[int index] => All[index];

        public IEnumerator<GrantFacts> GetEnumerator() => All.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Whether this organization wins a key it shares with <paramref name="other"/> (<see cref="AccessLookup.CompareAge"/>).</summary>
    public bool IsOlder(int organization, OrganizationFacts other) =>
        AccessLookup.CompareAge(_organizations[organization].CreatedAt, _organizations[organization].Id, other.CreatedAt, other.OrganizationId) < 0;
}
