using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Members;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Mail;

namespace PreviewAccess.Web.Features.Members;

/// <summary>A colleague's invitation as sent. <see cref="JoinUrl"/> carries the token: it exists here and in the mail, nowhere else.</summary>
public sealed record SentColleagueInvitation(PendingColleagueView Invitation, Uri JoinUrl);

/// <summary>
/// The owner invites a colleague (a mailed link, single use, <c>Program:InvitationLifetimeDays</c>) and revokes an
/// invitation not used yet. Inviting an address again replaces its earlier link. Each mail is queued in the same
/// transaction as its invitation.
/// </summary>
public sealed class ColleagueInvitations(
    PortalDbContext db,
    UnitOfWork unitOfWork,
    UserManager<PortalUser> users,
    ProgramPermissions permissions,
    MailOutbox outbox,
    AuditTrail audit,
    ICurrentActor actor,
    IOptions<MailOptions> mail,
    IOptions<ProgramOptions> program,
    TimeProvider clock)
{
    public async Task<Outcome<SentColleagueInvitation>> SendAsync(Guid organizationId, string? email, CancellationToken cancellationToken)
    {
        if (await PartnerTeam.RefusalAsync(db, permissions, ProgramAction.InviteColleague, organizationId, cancellationToken) is { } refusal)
        {
            return Outcome<SentColleagueInvitation>.Forbidden(refusal);
        }

        var token = SecretToken.Issue();
        var inviter = actor.UserId ?? throw new InvalidOperationException("Only a signed-in owner invites.");
        return await unitOfWork.RunAsync(async ct =>
        {
            var now = clock.GetUtcNow();
            MemberInvitation invitation;
            try
            {
                invitation = MemberInvitation.Issue(organizationId, email ?? string.Empty, token.Hash, inviter, now, program.Value.InvitationLifetime);
            }
            catch (DomainException refused)
            {
                return Outcome<SentColleagueInvitation>.Refused(refused);
            }

            var normalized = users.NormalizeEmail(invitation.Email);
            if (await db.Users.AnyAsync(u => u.OrganizationId == organizationId && !u.IsDisabled && u.NormalizedEmail == normalized, ct))
            {
                return Outcome<SentColleagueInvitation>.Invalid("email", $"{invitation.Email} already signs in for your organization.");
            }

            var earlier = await db.MemberInvitations
                .Where(i => i.OrganizationId == organizationId && i.Email == invitation.Email && i.StoredStatus == InvitationStatus.Pending)
                .ToListAsync(ct);
            foreach (var replaced in earlier.Where(i => i.IsPendingAt(now))) replaced.Revoke(now);

            db.MemberInvitations.Add(invitation);
            var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.Name).SingleAsync(ct);
            var inviterName = await db.Users.AsNoTracking().Where(u => u.Id == inviter).Select(u => u.DisplayName).SingleAsync(ct);
            var url = JoinUrl(token.Secret);
            outbox.Queue(MemberMail.Invitation(invitation.Email, organization, inviterName, url, invitation.ExpiresAt));
            audit.Record(AuditAction.MemberInvited, "MemberInvitation", invitation.Id, null,
                new { invitation.Email, invitation.ExpiresAt, Replaced = earlier.Count > 0 ? earlier.Count : (int?)null }, organizationId);
            return Outcome<SentColleagueInvitation>.Success(new SentColleagueInvitation(
                new PendingColleagueView(invitation.Id, invitation.Email, invitation.SentAt, invitation.ExpiresAt), url));
        }, outcome => outcome.Succeeded, cancellationToken);
    }

    /// <returns>Not found for an invitation of another organization: the partner's own organization is the only one there is.</returns>
    public async Task<Outcome<string>> RevokeAsync(Guid organizationId, Guid invitationId, CancellationToken cancellationToken)
    {
        if (await PartnerTeam.RefusalAsync(db, permissions, ProgramAction.RevokeColleagueInvitation, organizationId, cancellationToken) is { } refusal)
        {
            return Outcome<string>.Forbidden(refusal);
        }

        return await unitOfWork.RunUseCaseAsync(async ct =>
        {
            var invitation = await db.MemberInvitations.SingleOrDefaultAsync(i => i.Id == invitationId && i.OrganizationId == organizationId, ct);
            if (invitation is null) return Outcome<string>.NotFound("No such invitation.");
            var now = clock.GetUtcNow();
            invitation.Revoke(now);

            audit.Record(AuditAction.MemberInvitationRevoked, "MemberInvitation", invitation.Id,
                new { invitation.Email, Status = InvitationStatus.Pending }, new { invitation.Email, Status = invitation.StoredStatus }, organizationId);
            return Outcome<string>.Success(invitation.Email);
        }, cancellationToken);
    }

    public Uri JoinUrl(string secret) => new(mail.Value.PublicUrl, "/invitations/member?token=" + Uri.EscapeDataString(secret));
}
