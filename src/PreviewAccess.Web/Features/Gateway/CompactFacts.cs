using System.Runtime.InteropServices;
using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;

namespace PreviewAccess.Web.Features.Gateway;

/// <summary>
/// Every organization's access facts in a few flat arrays, immutable once built: one small struct per grant
/// (identifier, emails and model set as indexes into shared tables), each identifier and email held once as UTF-8 with
/// its owning organizations (<see cref="KeyTable"/>), organizations as parallel arrays. At a million grants this is
/// about a fifteenth of the memory one <see cref="GrantFacts"/> object graph per grant takes (bench/README.md).
/// <see cref="OrganizationFacts"/> are made on demand, for the one organization a question concerns.
/// </summary>
internal sealed class CompactFacts
{
    /// <summary>One grant: 20 bytes. <see cref="ExpiresOn"/> is a <see cref="DateOnly.DayNumber"/>, or -1 for none.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    internal readonly record struct Grant(int Identifier, int EmailStart, int ExpiresOn, ushort ModelSet, byte Surface, byte Status, byte EmailCount);

    private readonly Guid[] _organizationIds;
    private readonly Dictionary<Guid, int> _organizationIndex;
    private readonly DateTimeOffset[] _createdAt;
    private readonly bool[] _suspended;
    private readonly int[] _grantStart;
    private readonly Grant[] _grants;
    private readonly int[] _grantEmails;
    private readonly int[] _enrollmentIdentifierStart;
    private readonly int[] _enrollmentIdentifiers;
    private readonly int[] _enrollmentEmailStart;
    private readonly int[] _enrollmentEmails;
    private readonly KeyTable _identifiers;
    private readonly KeyTable _emails;
    private readonly ArraySet[] _modelSets;

    internal CompactFacts(Guid[] organizationIds, Dictionary<Guid, int> organizationIndex, DateTimeOffset[] createdAt, bool[] suspended, int[] grantStart, Grant[] grants, int[] grantEmails,
        int[] enrollmentIdentifierStart, int[] enrollmentIdentifiers, int[] enrollmentEmailStart, int[] enrollmentEmails,
        KeyTable identifiers, KeyTable emails, ArraySet[] modelSets)
    {
        _organizationIndex = organizationIndex;
        (_organizationIds, _createdAt, _suspended, _grantStart, _grants, _grantEmails) = (organizationIds, createdAt, suspended, grantStart, grants, grantEmails);
        (_enrollmentIdentifierStart, _enrollmentIdentifiers, _enrollmentEmailStart, _enrollmentEmails) = (enrollmentIdentifierStart, enrollmentIdentifiers, enrollmentEmailStart, enrollmentEmails);
        (_identifiers, _emails, _modelSets) = (identifiers, emails, modelSets);
    }

    public static CompactFacts Empty { get; } = new CompactFactsBuilder(0, 0, 0).Build();

    public int OrganizationCount => _organizationIds.Length;

    public int GrantCount => _grants.Length;

    public Guid OrganizationId(int organization) => _organizationIds[organization];

    public bool Contains(Guid organizationId) => _organizationIndex.ContainsKey(organizationId);

    /// <summary>The oldest organization known by this identifier whose id <paramref name="skip"/> does not hold, or -1.</summary>
    public int FindByIdentifier(string identifier, IReadOnlyDictionary<Guid, long> skip) => FirstOwner(_identifiers, identifier, skip);

    /// <summary>The oldest organization known by this email whose id <paramref name="skip"/> does not hold, or -1.</summary>
    public int FindByEmail(string normalizedEmail, IReadOnlyDictionary<Guid, long> skip) => FirstOwner(_emails, normalizedEmail, skip);

    private int FirstOwner(KeyTable keys, string key, IReadOnlyDictionary<Guid, long> skip)
    {
        var id = keys.Find(key);
        if (id < 0) return -1;
        var first = keys.FirstOwner(id);
        if (!skip.ContainsKey(_organizationIds[first])) return first;
        foreach (var owner in keys.MoreOwners(id))
        {
            if (!skip.ContainsKey(_organizationIds[owner])) return owner;
        }

        return -1;
    }

    /// <summary>The decision's view of one organization, made for this question: only grant identifiers become strings.</summary>
    public OrganizationFacts Materialize(int organization)
    {
        var grants = new GrantFacts[_grantStart[organization + 1] - _grantStart[organization]];
        for (var i = 0; i < grants.Length; i++)
        {
            var g = _grants[_grantStart[organization] + i];
            grants[i] = new GrantFacts((Surface)g.Surface, _identifiers.KeyAt(g.Identifier), (GrantStatus)g.Status, _modelSets[g.ModelSet],
                new KeySet(_emails, _grantEmails, g.EmailStart, g.EmailCount), g.ExpiresOn < 0 ? null : DateOnly.FromDayNumber(g.ExpiresOn));
        }

        return new OrganizationFacts(_organizationIds[organization], _suspended[organization], _createdAt[organization],
            Range(_identifiers, _enrollmentIdentifiers, _enrollmentIdentifierStart, organization),
            Range(_emails, _enrollmentEmails, _enrollmentEmailStart, organization),
            grants);
    }

    private static KeySet Range(KeyTable keys, int[] ids, int[] start, int organization) =>
        new(keys, ids, start[organization], start[organization + 1] - start[organization]);

    /// <summary>Older first: <see cref="InMemoryAccessDirectory"/>'s order for a key several organizations share.</summary>
    public bool IsOlder(int organization, OrganizationFacts other) =>
        (_createdAt[organization], _organizationIds[organization]).CompareTo((other.CreatedAt, other.OrganizationId)) < 0;
}
