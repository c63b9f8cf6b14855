using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Web.Features.Authorization;

namespace PreviewAccess.Web.Features.Members;

/// <summary>A partner account of the organization: its owner or a member.</summary>
public sealed record MemberView(Guid UserId, string DisplayName, string Email, bool IsOwner, DateTimeOffset JoinedAt);

/// <summary>A colleague's invitation that can still be used.</summary>
public sealed record PendingColleagueView(Guid InvitationId, string Email, DateTimeOffset SentAt, DateTimeOffset ExpiresAt);

/// <summary>The organization's partner accounts and the invitations still open; removed members are no longer listed.</summary>
public sealed record TeamView(Guid OrganizationId, string OrganizationName, IReadOnlyList<MemberView> Members, IReadOnlyList<PendingColleagueView> Pending)
{
    public MemberView? Owner => Members.FirstOrDefault(m => m.IsOwner);
}

/// <summary>
/// The team as its members and the staff see it. The partner pages ask for their own organization (from the sign-in);
/// the staff pages for the organization they opened.
/// </summary>
public sealed class PartnerTeam(PortalDbContext db, ProgramPermissions permissions, TimeProvider clock)
{
    public async Task<TeamView?> LoadAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var name = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.Name).SingleOrDefaultAsync(cancellationToken);
        if (name is null) return null;
        var members = await db.Users.AsNoTracking()
            .Where(u => u.OrganizationId == organizationId && !u.IsDisabled)
            .Select(u => new MemberView(u.Id, u.DisplayName, u.Email ?? string.Empty, u.IsOrganizationOwner, u.CreatedAt))
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var invitations = await db.MemberInvitations.AsNoTracking()
            .Where(i => i.OrganizationId == organizationId && i.StoredStatus == InvitationStatus.Pending)
            .ToListAsync(cancellationToken);
        return new TeamView(organizationId, name,
            members.OrderByDescending(m => m.IsOwner).ThenBy(m => m.DisplayName, StringComparer.CurrentCultureIgnoreCase).ToList(),
            invitations.Where(i => i.IsPendingAt(now)).OrderByDescending(i => i.SentAt)
                .Select(i => new PendingColleagueView(i.Id, i.Email, i.SentAt, i.ExpiresAt)).ToList());
    }

    /// <summary>Whether the signed-in person may manage this team (<see cref="ProgramRules"/>): the page shows the forms only then.</summary>
    public async Task<bool> MayManageAsync(Guid organizationId, CancellationToken cancellationToken) =>
        await RefusalAsync(db, permissions, ProgramAction.InviteColleague, organizationId, cancellationToken) is null;

    /// <summary>The rule for a team action, asked with the organization's representative and its owner as they are now.</summary>
    internal static async Task<string?> RefusalAsync(PortalDbContext db, ProgramPermissions permissions, ProgramAction action, Guid organizationId, CancellationToken cancellationToken)
    {
        var representative = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => (Guid?)o.AccountRepId).SingleOrDefaultAsync(cancellationToken);
        if (representative is null) return "No such organization.";
        var owner = await db.Users.AsNoTracking().Where(u => u.OrganizationId == organizationId && u.IsOrganizationOwner && !u.IsDisabled)
            .Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken);
        return permissions.Refusal(action, new PortfolioOf(organizationId, representative.Value, owner));
    }
}
