using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Invitations;
using PreviewAccess.Web.Features.Members;

namespace PreviewAccess.Web.Pages.Invitations;

/// <summary>
/// The link a colleague is mailed by the organization's owner (<c>/invitations/member?token=…</c>). As with the
/// organization's invitation: opening it redeems nothing, the button does; the page shares that page's limit per
/// client address; every unusable token reads the same. The account is a member of the owner's organization.
/// </summary>
[AllowAnonymous]
public sealed class MemberModel(
    JoinOrganization join,
    AcceptInvitationRateLimit rateLimit,
    SignInManager<PortalUser> signInManager,
    ILogger<MemberModel> logger) : AccountLinkPageModel(rateLimit, signInManager)
{
    public PendingColleagueInvitation? Invitation { get; private set; }

    public string GenericFailure => JoinOrganization.GenericFailure;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Admit() is { } tooMany) return tooMany;
        Invitation = await join.FindAsync(Token, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Admit() is { } tooMany) return tooMany;
        Invitation = await join.FindAsync(Token, cancellationToken);
        if (Invitation is null || !await NewAccountIsWellFormedAsync(cancellationToken)) return Page();

        var outcome = await join.AcceptAsync(NewAccount(), cancellationToken);
        switch (outcome.Kind)
        {
            case OutcomeKind.Success:
                var joined = outcome.Value!;
                await SignInAsync(joined.UserId);
                logger.LogInformation("Colleague {UserId} joined organization {OrganizationId}", joined.UserId, joined.OrganizationId);
                Flash($"Welcome. You now sign in for {joined.OrganizationName}.");
                return RedirectToPage("/Status", new { area = "Partner" });
            case OutcomeKind.NotFound:
                Invitation = null;
                return Page();
            default:
                return Failure(outcome) ?? Page();
        }
    }
}
