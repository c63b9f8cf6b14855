using Microsoft.AspNetCore.Identity;
using PreviewAccess.Domain.ApiKeys;

namespace PreviewAccess.Data.Identity;

/// <summary>A person who signs in: staff (Admin, AccountRep, Support) or a partner of exactly one organization.</summary>
public sealed class PortalUser : IdentityUser<Guid>
{
    public PortalUser() => Id = Guid.CreateVersion7();

    public string DisplayName { get; set; } = string.Empty;

    /// <summary>Set for partners only: the one organization they belong to. Partner data is always scoped by this, never by a URL.</summary>
    public Guid? OrganizationId { get; set; }

    /// <summary>
    /// The partner who accepted the organization's invitation: its owner, who invites colleagues and removes them.
    /// At most one per organization; the other partners of the organization are members.
    /// </summary>
    public bool IsOrganizationOwner { get; set; }

    /// <summary>A disabled user cannot sign in and their existing sessions end.</summary>
    public bool IsDisabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class PortalRole : IdentityRole<Guid>
{
    public PortalRole() => Id = Guid.CreateVersion7();

    public PortalRole(string name) : this() => Name = name;
}

/// <summary>The four roles of DOMAIN.md.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string AccountRep = "AccountRep";
    public const string Support = "Support";
    public const string Partner = "Partner";

    /// <summary>Comma-separated, for <c>[Authorize(Roles = …)]</c>.</summary>
    public const string Staff = Admin + "," + AccountRep + "," + Support;
    public const string ProgramStaff = Admin + "," + AccountRep;
    public const string SupportDesk = Admin + "," + Support;

    public static IReadOnlyList<string> All { get; } = [Admin, AccountRep, Support, Partner];

    public static IReadOnlyList<string> StaffRoles { get; } = [Admin, AccountRep, Support];

    /// <summary>
    /// The API scopes a key may carry when its owner has these roles: a key acts as its owner, so it never does more
    /// than the owner may. Every staff role reads and asks the access check; only the roles that change the program
    /// (Admin, AccountRep) write: Support reads, diagnoses and handles cases, and changes nothing.
    /// </summary>
    public static IReadOnlyList<string> ApiScopesFor(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var held = roles.ToHashSet(StringComparer.Ordinal);
        if (held.Contains(Admin) || held.Contains(AccountRep)) return ApiScopes.All;
        return held.Contains(Support) ? [ApiScopes.AccessCheck, ApiScopes.OrgRead] : [];
    }
}
