using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Mail;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.Invitations;

public sealed record SendInvitationInput(Guid OrganizationId, string Email);

/// <summary>A sent (or resent) invitation. <see cref="AcceptUrl"/> carries the token: it exists here and in the mail, nowhere else.</summary>
public sealed record SentInvitation(InvitationView Invitation, Uri AcceptUrl);

public sealed class SendInvitationValidator : AbstractValidator<SendInvitationInput>
{
    public SendInvitationValidator() => RuleFor(x => x.Email).ValidEmail("contact's email");
}

/// <summary>Send, resend and revoke invitations. Each mail is queued in the same transaction as the invitation.</summary>
public sealed class InvitationSender(
    PortalDbContext db,
    OrganizationChanges changes,
    MailOutbox outbox,
    IOptions<MailOptions> mail,
    IOptions<ProgramOptions> program,
    ICurrentActor actor)
{
    private readonly SendInvitationValidator _validator = new();

    public async Task<Outcome<SentInvitation>> SendAsync(SendInvitationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validation = await _validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<SentInvitation>.Invalid(validation);

        var token = SecretToken.Issue();
        var representative = await RepresentativeNameAsync(input.OrganizationId, cancellationToken);
        return await changes.RunAsync(input.OrganizationId, null, ProgramAction.SendInvitation, AuditAction.InvitationSent, (organization, now) =>
        {
            var invitation = organization.Invite(input.Email, token.Hash, actor.UserId ?? Guid.Empty, now, program.Value.InvitationLifetime);
            return Mail(organization, invitation, token.Secret, representative, now);
        }, cancellationToken);
    }

    public async Task<Outcome<SentInvitation>> ResendAsync(Guid invitationId, CancellationToken cancellationToken)
    {
        var organizationId = await OrganizationOfAsync(invitationId, cancellationToken);
        if (organizationId is null) return Outcome<SentInvitation>.NotFound("No such invitation.");

        var token = SecretToken.Issue();
        var representative = await RepresentativeNameAsync(organizationId.Value, cancellationToken);
        return await changes.RunAsync(organizationId.Value, null, ProgramAction.ResendInvitation, AuditAction.InvitationResent, (organization, now) =>
        {
            var invitation = organization.Resend(invitationId, token.Hash, now, program.Value.InvitationLifetime);
            return Mail(organization, invitation, token.Secret, representative, now);
        }, cancellationToken);
    }

    public async Task<Outcome<InvitationView>> RevokeAsync(Guid invitationId, CancellationToken cancellationToken)
    {
        var organizationId = await OrganizationOfAsync(invitationId, cancellationToken);
        if (organizationId is null) return Outcome<InvitationView>.NotFound("No such invitation.");
        return await changes.RunAsync(organizationId.Value, null, ProgramAction.RevokeInvitation, AuditAction.InvitationRevoked, (organization, now) =>
        {
            organization.RevokeInvitation(invitationId, now);
            return InvitationView.From(organization.Invitations.Single(i => i.Id == invitationId), now);
        }, cancellationToken);
    }

    public Uri AcceptUrl(string secret) => new(mail.Value.PublicUrl, "/invitations/accept?token=" + Uri.EscapeDataString(secret));

    private SentInvitation Mail(Organization organization, Invitation invitation, string secret, string representative, DateTimeOffset now)
    {
        var url = AcceptUrl(secret);
        outbox.Queue(PartnerMail.Invitation(invitation.Email, organization.Name, url, invitation.ExpiresAt, representative));
        return new SentInvitation(InvitationView.From(invitation, now), url);
    }

    private Task<Guid?> OrganizationOfAsync(Guid invitationId, CancellationToken cancellationToken) =>
        db.Invitations.AsNoTracking().Where(i => i.Id == invitationId).Select(i => (Guid?)i.OrganizationId).SingleOrDefaultAsync(cancellationToken);

    private async Task<string> RepresentativeNameAsync(Guid organizationId, CancellationToken cancellationToken) =>
        await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId)
            .Join(db.Users, o => o.AccountRepId, u => u.Id, (_, u) => u.DisplayName)
            .SingleOrDefaultAsync(cancellationToken) ?? "Your account representative";
}

public sealed record AcceptInvitationInput(string Token, string DisplayName, string Password);

public sealed record AcceptedInvitation(Guid OrganizationId, string Email, Guid UserId);

public sealed class AcceptInvitationValidator : AbstractValidator<AcceptInvitationInput>
{
    /// <param name="users">Its password validators are the rules (IdentitySetup): every broken one is reported with the
    /// form's other errors, not after them when the account is created.</param>
    public AcceptInvitationValidator(UserManager<PortalUser> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        RuleFor(x => x.DisplayName).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter your name.")
            .Must(n => n is null || n.Trim().Length <= 100).WithMessage("Your name can be at most 100 characters.");
        RuleFor(x => x.Password).Must(p => p is null || p.Length <= 200).WithMessage("The password can be at most 200 characters.")
            .CustomAsync(async (password, context, _) =>
            {
                foreach (var validator in users.PasswordValidators)
                {
                    var result = await validator.ValidateAsync(users, new PortalUser(), password ?? string.Empty);
                    foreach (var error in result.Errors) context.AddFailure(error.Description);
                }
            });
    }
}

/// <summary>
/// The invited contact redeems the token: a partner account bound to the invited email and to the
/// organization, its owner, and the organization starts enrolling. Every failure of the token looks the same.
/// </summary>
public sealed class InvitationAcceptance(PortalDbContext db, UnitOfWork unitOfWork, UserManager<PortalUser> users, AuditTrail audit, TimeProvider clock)
{
    /// <summary>One message for an unknown, used, expired or revoked token: it never says which.</summary>
    public const string GenericFailure = "This invitation link cannot be used. It may have expired, been replaced by a newer one, or already been used. Ask your account representative for a new invitation.";

    private readonly AcceptInvitationValidator _validator = new(users);

    /// <summary>Whether a token could be redeemed now; for showing the accept page without redeeming anything.</summary>
    public async Task<bool> IsRedeemableAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200) return false;
        var hash = SecretToken.Hash(token);
        var invitation = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        return invitation is not null && invitation.IsPendingAt(clock.GetUtcNow());
    }

    /// <returns>Gone (as <see cref="OutcomeKind.NotFound"/> with <see cref="GenericFailure"/>) for any unusable token.</returns>
    public async Task<Outcome<AcceptedInvitation>> AcceptAsync(AcceptInvitationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!await IsRedeemableAsync(input.Token, cancellationToken)) return Outcome<AcceptedInvitation>.NotFound(GenericFailure);
        var validation = await _validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<AcceptedInvitation>.Invalid(validation);

        var hash = SecretToken.Hash(input.Token);
        try
        {
            return await unitOfWork.RunAsync(async ct =>
            {
                var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
                if (invitation is null) return Outcome<AcceptedInvitation>.NotFound(GenericFailure);
                var organization = await db.Organizations.Include(o => o.Invitations).SingleAsync(o => o.Id == invitation.OrganizationId, ct);
                var now = clock.GetUtcNow();
                var before = organization.Status;
                organization.AcceptInvitation(invitation.Id, now);

                if (await users.FindByEmailAsync(invitation.Email) is not null)
                {
                    return Outcome<AcceptedInvitation>.Conflict("An account with this email already exists. Sign in with it, or ask your account representative to invite another address.");
                }

                var user = new PortalUser
                {
                    UserName = invitation.Email,
                    Email = invitation.Email,
                    EmailConfirmed = true,
                    DisplayName = input.DisplayName.Trim(),
                    OrganizationId = organization.Id,
                    // The partner who accepts the organization's invitation owns its team (DOMAIN.md, partner members).
                    IsOrganizationOwner = !await db.Users.AnyAsync(u => u.OrganizationId == organization.Id && u.IsOrganizationOwner, ct),
                    CreatedAt = now,
                };
                var created = await users.CreateAsync(user, input.Password);
                if (!created.Succeeded)
                {
                    return Outcome<AcceptedInvitation>.Invalid("password", string.Join(" ", created.Errors.Select(e => e.Description)));
                }

                await users.AddToRoleAsync(user, Roles.Partner);
                audit.RecordAs(invitation.Email, AuditAction.InvitationAccepted, "Organization", organization.Id,
                    new { Status = before }, new { organization.Status, Partner = invitation.Email }, organization.Id);
                return Outcome<AcceptedInvitation>.Success(new AcceptedInvitation(organization.Id, invitation.Email, user.Id));
            }, outcome => outcome.Succeeded, cancellationToken);
        }
        catch (DomainException)
        {
            // Expired or revoked meanwhile: like every unusable token it reads the same, and says nothing of why.
            return Outcome<AcceptedInvitation>.NotFound(GenericFailure);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone redeemed it at the same moment: it is used.
            return Outcome<AcceptedInvitation>.NotFound(GenericFailure);
        }
    }
}
