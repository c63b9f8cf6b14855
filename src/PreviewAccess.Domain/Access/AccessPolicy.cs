using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Domain.Access;

/// <summary>A question a gateway, a support agent or a partner asks: may this identifier and email use this model now?</summary>
public sealed record AccessRequest(Surface Surface, string Identifier, string Email, string ModelId, string? Country = null);

public sealed record AccessDecision(AccessReason Reason, Guid? OrganizationId)
{
    public bool Allowed => Reason == AccessReason.Allowed;

    public string Message => Reason.Message();

    public string NextStep => Reason.NextStep();
}

/// <summary>The facts about one grant that the decision reads.</summary>
public sealed record GrantFacts(Surface Surface, string Identifier, GrantStatus Status,
    IReadOnlySet<string> Models, IReadOnlySet<string> AccountEmails, DateOnly? ExpiresOn)
{
    /// <summary>Revoked, expired or suspended — or past its expiry date even before anything marked it expired.</summary>
    public bool IsShutAt(DateTimeOffset now) =>
        Status is GrantStatus.Suspended or GrantStatus.Revoked or GrantStatus.Expired
        || (ExpiresOn is { } day && DateOnly.FromDateTime(now.UtcDateTime) > day);
}

/// <summary>
/// The facts about one organization that the decision reads. Deliberately without the Trusted Access
/// for Cyber and alpha flags: they never grant anything, so the decision cannot see them.
/// </summary>
/// <remarks>
/// The decision reads grants through <see cref="HasGrantOn"/> and <see cref="GrantsFor"/>, never the whole list: a
/// store of many organizations (the gateway's in-memory snapshot) answers those two from its own layout, without
/// making every grant's facts for one question. They select; which grant speaks stays the decision's rule.
/// </remarks>
public record OrganizationFacts(Guid OrganizationId, bool Suspended, DateTimeOffset CreatedAt,
    IReadOnlySet<string> EnrollmentIdentifiers, IReadOnlySet<string> EnrollmentEmails, IReadOnlyList<GrantFacts> Grants)
{
    public static OrganizationFacts From(Organization organization, IEnumerable<ScopeGrant> grants)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(grants);
        return new OrganizationFacts(
            organization.Id,
            organization.IsSuspended,
            organization.CreatedAt,
            (organization.Enrollment?.Identifiers.Select(i => i.Value) ?? []).ToHashSet(StringComparer.Ordinal),
            (organization.Enrollment?.AccountEmails ?? []).ToHashSet(StringComparer.Ordinal),
            grants.Where(g => g.OrganizationId == organization.Id)
                .Select(g => new GrantFacts(g.Surface, g.Identifier, g.Status,
                    g.Models.ToHashSet(StringComparer.Ordinal), g.AccountEmails.ToHashSet(StringComparer.Ordinal), g.ExpiresOn))
                .ToList());
    }

    /// <summary>Whether any grant of this organization is on <paramref name="surface"/>, whatever its state.</summary>
    public virtual bool HasGrantOn(Surface surface)
    {
        for (var i = 0; i < Grants.Count; i++)
        {
            if (Grants[i].Surface == surface) return true;
        }

        return false;
    }

    /// <summary>The grants on <paramref name="surface"/> for exactly this identifier, in their order: nearly always one.</summary>
    public virtual IReadOnlyList<GrantFacts> GrantsFor(Surface surface, string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        List<GrantFacts>? found = null;
        for (var i = 0; i < Grants.Count; i++)
        {
            if (Grants[i].Surface == surface && Grants[i].Identifier == identifier) (found ??= []).Add(Grants[i]);
        }

        return found ?? (IReadOnlyList<GrantFacts>)[];
    }

    /// <summary>Every identifier this organization is known by: its enrollment's and its grants'.</summary>
    public IEnumerable<string> AllIdentifiers => EnrollmentIdentifiers.Concat(Grants.Select(g => g.Identifier)).Distinct();

    /// <summary>Every account email this organization is known by: its grants' approved emails and its enrollment's.</summary>
    public IEnumerable<string> AllEmails => EnrollmentEmails.Concat(Grants.SelectMany(g => g.AccountEmails)).Distinct();
}

/// <summary>Finds organizations for the decision. An in-memory snapshot, or a few rows loaded for one question.</summary>
public interface IAccessDirectory
{
    OrganizationFacts? FindByIdentifier(string identifier);

    /// <summary><paramref name="normalizedEmail"/> is trimmed and lower case.</summary>
    OrganizationFacts? FindByEmail(string normalizedEmail);
}

/// <summary>
/// The access decision of DOMAIN.md: one pure function, used by the gateway check, the support
/// diagnosis and the partner's "why can't I access?" page. The order of the checks is the rule.
/// </summary>
public static class AccessPolicy
{
    /// <param name="now">The moment of the question: a grant past its expiry date is shut even before anything marks it expired.</param>
    public static AccessDecision Decide(AccessRequest request, IAccessDirectory directory, IReadOnlySet<string> unsupportedCountries, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(unsupportedCountries);

        // 1. ChatGPT is a known surface outside the preview.
        if (!request.Surface.IsInPreview()) return new(AccessReason.SurfaceNotInPreview, null);

        // 2. The organization, by identifier, else by email.
        var identifier = request.Identifier.Trim();
        var email = EmailAddress.Normalize(request.Email);
        var organization = AccessLookup.Find(directory, identifier, email);
        if (organization is null) return new(AccessReason.UnknownIdentifier, null);
        var id = organization.OrganizationId;

        // 3. Any grant on this surface at all.
        if (!organization.HasGrantOn(request.Surface)) return new(AccessReason.NotApprovedForSurface, id);

        // 4. A grant on this surface for this identifier. Should an identifier ever have an old revoked grant
        // beside a new one, the live one is the grant that speaks.
        var candidates = organization.GrantsFor(request.Surface, identifier);
        GrantFacts? grant = null;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (grant is null || (grant.IsShutAt(now) && !candidates[i].IsShutAt(now))) grant = candidates[i];
        }

        if (grant is null) return new(AccessReason.IdentifierNotInScope, id);

        // 5. Suspension, revocation, expiry.
        if (organization.Suspended || grant.IsShutAt(now)) return new(AccessReason.Suspended, id);

        // 6.–7. The grant's emails and models.
        if (!grant.AccountEmails.Contains(email)) return new(AccessReason.EmailNotApproved, id);
        if (!grant.Models.Contains(request.ModelId.Trim())) return new(AccessReason.ModelNotIncluded, id);

        // 8. Approved is not enabled.
        if (grant.Status != GrantStatus.Enabled) return new(AccessReason.NotYetEnabled, id);

        // 9. Where the request comes from.
        if (request.Country is { } country && !string.IsNullOrWhiteSpace(country) && unsupportedCountries.Contains(Countries.Normalize(country)))
        {
            return new(AccessReason.UnsupportedRegion, id);
        }

        return new(AccessReason.Allowed, id);
    }
}

/// <summary>
/// Which organization a question concerns (DOMAIN.md, step 2), the one rule every store of facts follows: the
/// organization that names the identifier, else the one that knows the email; when several do, the oldest wins
/// (created first, then the lower id), so that every instance and every load gives the same answer.
/// </summary>
public static class AccessLookup
{
    /// <param name="normalizedEmail">Trimmed and lower case.</param>
    public static OrganizationFacts? Find(IAccessDirectory directory, string identifier, string normalizedEmail)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return directory.FindByIdentifier(identifier) ?? directory.FindByEmail(normalizedEmail);
    }

    /// <summary>Negative when the first organization is the older: of two that know the same key, it is the one that answers.</summary>
    public static int CompareAge(DateTimeOffset createdAt, Guid organizationId, DateTimeOffset otherCreatedAt, Guid otherOrganizationId)
    {
        var byTime = createdAt.CompareTo(otherCreatedAt);
        return byTime != 0 ? byTime : organizationId.CompareTo(otherOrganizationId);
    }

    /// <summary><see cref="CompareAge"/> over facts: the order in which a directory lets organizations claim their keys.</summary>
    public static IComparer<OrganizationFacts> OldestFirst { get; } = Comparer<OrganizationFacts>.Create((a, b) =>
        CompareAge(a.CreatedAt, a.OrganizationId, b.CreatedAt, b.OrganizationId));
}

/// <summary>A directory over a list of organizations, for a handful of them (diagnoses, tests).</summary>
public sealed class InMemoryAccessDirectory : IAccessDirectory
{
    private readonly Dictionary<string, OrganizationFacts> _byIdentifier = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrganizationFacts> _byEmail = new(StringComparer.Ordinal);

    public InMemoryAccessDirectory(IEnumerable<OrganizationFacts> organizations)
    {
        ArgumentNullException.ThrowIfNull(organizations);

        // The first organization to claim a key answers for it: oldest first (AccessLookup).
        foreach (var organization in organizations.Order(AccessLookup.OldestFirst))
        {
            foreach (var identifier in organization.AllIdentifiers) _byIdentifier.TryAdd(identifier, organization);
            foreach (var email in organization.AllEmails) _byEmail.TryAdd(email, organization);
        }
    }

    public OrganizationFacts? FindByIdentifier(string identifier) => _byIdentifier.GetValueOrDefault(identifier);

    public OrganizationFacts? FindByEmail(string normalizedEmail) => _byEmail.GetValueOrDefault(normalizedEmail);
}
