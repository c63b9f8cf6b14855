using Microsoft.AspNetCore.Identity;
using PreviewAccess.Data.Identity;

namespace PreviewAccess.Web.Features.Organizations;

/// <summary>A staff user as lists and pick-lists show them.</summary>
public sealed record StaffMember(Guid Id, string DisplayName, string Email, bool IsDisabled)
{
    public string Label => string.IsNullOrWhiteSpace(DisplayName) ? Email : $"{DisplayName} ({Email})";
}

/// <summary>The account representatives, for filters, hand-over and names next to organizations.</summary>
public sealed class AccountRepresentatives(UserManager<PortalUser> users)
{
    public async Task<IReadOnlyList<StaffMember>> ListAsync()
    {
        var reps = await users.GetUsersInRoleAsync(Roles.AccountRep);
        return reps.Where(u => u.OrganizationId is null)
            .Select(u => new StaffMember(u.Id, u.DisplayName, u.Email ?? string.Empty, u.IsDisabled))
            .OrderBy(u => u.IsDisabled).ThenBy(u => u.DisplayName, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
