using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Invitations;
using PreviewAccess.Web.Features.Mail;

namespace PreviewAccess.Web.Pages.Invitations;

/// <summary>
/// The mailed link (<c>/invitations/accept?token=…</c>). Opening it redeems nothing: a mail scanner that follows links
/// burns no token. The person sets their name and password and presses the button; that POST redeems the invitation,
/// creates their account bound to the invited email, and signs them in. Every unusable token reads the same.
/// </summary>
[AllowAnonymous]
public sealed class AcceptModel(
    InvitationPreview preview,
    InvitationAcceptance acceptance,
    AcceptInvitationRateLimit rateLimit,
    SignInManager<PortalUser> signInManager,
    IOptions<MailOptions> mail,
    ILogger<AcceptModel> logger) : AccountLinkPageModel(rateLimit, signInManager)
{
    public PendingInvitation? Invitation { get; private set; }

    /// <summary>Where a person with a dead link can write: the program's own address reaches their representative.</summary>
    public string ProgramContact => mail.Value.FromAddress;

    public string GenericFailure => InvitationAcceptance.GenericFailure;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Admit() is { } tooMany) return tooMany;
        Invitation = await preview.FindAsync(Token, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Admit() is { } tooMany) return tooMany;
        Invitation = await preview.FindAsync(Token, cancellationToken);
        if (Invitation is null || !await NewAccountIsWellFormedAsync(cancellationToken)) return Page();

        var outcome = await acceptance.AcceptAsync(NewAccount(), cancellationToken);
        switch (outcome.Kind)
        {
            case OutcomeKind.Success:
                var accepted = outcome.Value!;
                await SignInAsync(accepted.UserId);
                logger.LogInformation("Invitation accepted for organization {OrganizationId} by user {UserId}", accepted.OrganizationId, accepted.UserId);
                Flash("Welcome. Your account is ready. Next, complete your organization's enrollment.");
                return RedirectToPage("/Enrollment", new { area = "Partner" });
            case OutcomeKind.NotFound:
                // Used, expired or revoked meanwhile: the same page as any other unusable link.
                Invitation = null;
                return Page();
            default:
                return Failure(outcome) ?? Page();
        }
    }
}
