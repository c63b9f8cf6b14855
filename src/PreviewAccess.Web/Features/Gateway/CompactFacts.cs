using System.Runtime.InteropServices;
using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;

namespace PreviewAccess.Web.Features.Gateway;

/// <summary>
/// Every organization's access facts in a few flat arrays, immutable once built: one small struct per grant
/// (identifier, emails and model set as indexes into shared tables), each identifier and email string held once
/// with its owning organizations, organizations as parallel arrays. At a million grants this is about a tenth of
/// the memory one <see cref="GrantFacts"/> object graph per grant takes. <see cref="OrganizationFacts"/> are made on
/// demand, for the one organization a question concerns.
/// </summary>
internal sealed class CompactFacts
{
    /// <summary>One grant: 36 bytes. <see cref="ExpiresOn"/> is a <see cref="DateOnly.DayNumber"/>, or -1 for none.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    internal readonly record struct Grant(Guid Id, int Identifier, int EmailStart, int ExpiresOn, ushort ModelSet, byte Surface, byte Status, byte EmailCount);

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
        if (!keys.Ids.TryGetValue(key, out var id)) return -1;
        var first = keys.FirstOwner[id];
        if (!skip.ContainsKey(_organizationIds[first])) return first;
        if (!keys.MoreOwners.TryGetValue(id, out var owners)) return -1;
        foreach (var owner in owners)
        {
            if (!skip.ContainsKey(_organizationIds[owner])) return owner;
        }

        return -1;
    }

    /// <summary>The decision's view of one organization, made for this question.</summary>
    public OrganizationFacts Materialize(int organization)
    {
        var grants = new GrantFacts[_grantStart[organization + 1] - _grantStart[organization]];
        for (var i = 0; i < grants.Length; i++)
        {
            var g = _grants[_grantStart[organization] + i];
            var emails = new string[g.EmailCount];
            for (var e = 0; e < emails.Length; e++) emails[e] = _emails.Strings[_grantEmails[g.EmailStart + e]];
            grants[i] = new GrantFacts(g.Id, (Surface)g.Surface, _identifiers.Strings[g.Identifier], (GrantStatus)g.Status, _modelSets[g.ModelSet], new ArraySet(emails),
                g.ExpiresOn < 0 ? null : DateOnly.FromDayNumber(g.ExpiresOn));
        }

        return new OrganizationFacts(_organizationIds[organization], _suspended[organization], _createdAt[organization],
            new ArraySet(Strings(_identifiers, _enrollmentIdentifiers, _enrollmentIdentifierStart, organization)),
            new ArraySet(Strings(_emails, _enrollmentEmails, _enrollmentEmailStart, organization)),
            grants);
    }

    private static string[] Strings(KeyTable keys, int[] ids, int[] start, int organization)
    {
        var strings = new string[start[organization + 1] - start[organization]];
        for (var i = 0; i < strings.Length; i++) strings[i] = keys.Strings[ids[start[organization] + i]];
        return strings;
    }

    /// <summary>Older first: <see cref="InMemoryAccessDirectory"/>'s order for a key several organizations share.</summary>
    public bool IsOlder(int organization, OrganizationFacts other) =>
        (_createdAt[organization], _organizationIds[organization]).CompareTo((other.CreatedAt, other.OrganizationId)) < 0;

    /// <summary>
    /// Distinct strings, each with the organizations that know it: nearly always one, so the first (the oldest) sits in
    /// an array and only keys shared by several organizations have a list, oldest first.
    /// </summary>
    internal sealed class KeyTable(Dictionary<string, int> ids, string[] strings, int[] firstOwner, Dictionary<int, int[]> moreOwners)
    {
        public Dictionary<string, int> Ids { get; } = ids;

        public string[] Strings { get; } = strings;

        public int[] FirstOwner { get; } = firstOwner;

        /// <summary>The owners after the first, oldest first, for the few keys with several.</summary>
        public Dictionary<int, int[]> MoreOwners { get; } = moreOwners;
    }
}
