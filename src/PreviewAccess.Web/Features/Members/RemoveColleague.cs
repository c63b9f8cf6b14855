using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Members;

/// <summary>
/// The owner removes a member. Their account is disabled and every session of theirs is deleted in the same
/// transaction, so their very next request, on any instance, is signed out; the new security stamp keeps any
/// ticket from coming back. The owner cannot remove themselves (the team would have nobody to manage it).
/// </summary>
public sealed class RemoveColleague(
    PortalDbContext db,
    UnitOfWork unitOfWork,
    UserManager<PortalUser> users,
    ProgramPermissions permissions,
    AuditTrail audit,
    ICurrentActor actor)
{
    /// <returns>The removed member's name; not found for anyone who is not a current member of this organization.</returns>
    public async Task<Outcome<string>> RemoveAsync(Guid organizationId, Guid memberId, CancellationToken cancellationToken)
    {
        if (await PartnerTeam.RefusalAsync(db, permissions, ProgramAction.RemoveColleague, organizationId, cancellationToken) is { } refusal)
        {
            return Outcome<string>.Forbidden(refusal);
        }

        if (memberId == actor.UserId) return Outcome<string>.Conflict("You own your organization's team, so you cannot remove yourself.");
        return await unitOfWork.RunUseCaseAsync(async ct =>
        {
            var member = await db.Users.SingleOrDefaultAsync(u => u.Id == memberId && u.OrganizationId == organizationId && !u.IsDisabled, ct);
            if (member is null) return Outcome<string>.NotFound("No such member.");
            if (member.IsOrganizationOwner) return Outcome<string>.Conflict("The organization's owner cannot be removed.");

            member.IsDisabled = true;
            var updated = await users.UpdateAsync(member);
            if (updated.Succeeded) updated = await users.UpdateSecurityStampAsync(member);
            if (!updated.Succeeded) return Outcome<string>.Conflict(string.Join(" ", updated.Errors.Select(e => e.Description)));
            await db.UserSessions.Where(s => s.UserId == member.Id).ExecuteDeleteAsync(ct);
            audit.Record(AuditAction.MemberRemoved, "User", member.Id, new { member.Email, Member = true }, new { member.Email, Member = false }, organizationId);
            return Outcome<string>.Success(member.DisplayName);
        }, cancellationToken);
    }
}
