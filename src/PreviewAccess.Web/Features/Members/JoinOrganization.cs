using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Invitations;

namespace PreviewAccess.Web.Features.Members;

/// <summary>What the join page shows for a usable token: only what the invitation mail said.</summary>
public sealed record PendingColleagueInvitation(string Email, string OrganizationName, string InvitedByName, DateTimeOffset ExpiresAt);

public sealed record JoinedOrganization(Guid OrganizationId, string OrganizationName, Guid UserId);

/// <summary>
/// The invited colleague redeems the owner's link: a partner account of the same organization, bound to the invited
/// email, that is a member and not the owner. Their email does not become an approved account email: access stays
/// what each grant approved. Every unusable token reads the same, as for the organization's own invitation.
/// </summary>
public sealed class JoinOrganization(PortalDbContext db, UnitOfWork unitOfWork, UserManager<PortalUser> users, AuditTrail audit, TimeProvider clock)
{
    /// <summary>One message for an unknown, used, expired or revoked token: it never says which.</summary>
    public const string GenericFailure = "This invitation link cannot be used. It may have expired, been replaced by a newer one, been withdrawn, or already been used. Ask the colleague who invited you for a new invitation.";

    private readonly AcceptInvitationValidator _validator = new(users);

    /// <summary>The invitation behind a token that could be redeemed now; null for any other token. Redeems nothing.</summary>
    public async Task<PendingColleagueInvitation?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200) return null;
        var hash = SecretToken.Hash(token);
        var found = await db.MemberInvitations.AsNoTracking().Where(i => i.TokenHash == hash)
            .Join(db.Organizations, i => i.OrganizationId, o => o.Id, (i, o) => new { Invitation = i, o.Name })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null || !found.Invitation.IsPendingAt(clock.GetUtcNow())) return null;
        var invitedBy = await db.Users.AsNoTracking().Where(u => u.Id == found.Invitation.InvitedBy).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        return new PendingColleagueInvitation(found.Invitation.Email, found.Name, string.IsNullOrWhiteSpace(invitedBy) ? "A colleague" : invitedBy,
            found.Invitation.ExpiresAt);
    }

    /// <returns>Not found with <see cref="GenericFailure"/> for any unusable token; a conflict when the email already has an account.</returns>
    public async Task<Outcome<JoinedOrganization>> AcceptAsync(AcceptInvitationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await FindAsync(input.Token, cancellationToken) is null) return Outcome<JoinedOrganization>.NotFound(GenericFailure);
        var validation = await _validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<JoinedOrganization>.Invalid(validation);

        var hash = SecretToken.Hash(input.Token);
        try
        {
            return await unitOfWork.RunAsync(async ct =>
            {
                var invitation = await db.MemberInvitations.SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
                if (invitation is null) return Outcome<JoinedOrganization>.NotFound(GenericFailure);
                if (await users.FindByEmailAsync(invitation.Email) is not null)
                {
                    return Outcome<JoinedOrganization>.Conflict(
                        "An account with this email already exists, so it cannot join through this link. Sign in with it, or ask the colleague who invited you to invite another address.");
                }

                var now = clock.GetUtcNow();
                var user = new PortalUser
                {
                    UserName = invitation.Email,
                    Email = invitation.Email,
                    EmailConfirmed = true,
                    DisplayName = input.DisplayName.Trim(),
                    OrganizationId = invitation.OrganizationId,
                    IsOrganizationOwner = false,
                    CreatedAt = now,
                };
                // Marked used before the account is saved: the invitation's version guards the one use.
                invitation.Accept(user.Id, now);
                var created = await users.CreateAsync(user, input.Password);
                if (!created.Succeeded)
                {
                    return Outcome<JoinedOrganization>.Invalid("password", string.Join(" ", created.Errors.Select(e => e.Description)));
                }

                await users.AddToRoleAsync(user, Roles.Partner);
                var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == invitation.OrganizationId).Select(o => o.Name).SingleAsync(ct);
                audit.RecordAs(invitation.Email, AuditAction.MemberJoined, "User", user.Id, null,
                    new { user.Email, user.DisplayName, Invitation = invitation.Id }, invitation.OrganizationId);
                return Outcome<JoinedOrganization>.Success(new JoinedOrganization(invitation.OrganizationId, organization, user.Id));
            }, outcome => outcome.Succeeded, cancellationToken);
        }
        catch (DomainException)
        {
            return Outcome<JoinedOrganization>.NotFound(GenericFailure);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone redeemed it at the same moment: it is used.
            return Outcome<JoinedOrganization>.NotFound(GenericFailure);
        }
    }
}
