using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Areas.Partner;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Invitations;
using PreviewAccess.Web.Features.Members;
using PreviewAccess.Web.Features.Status;

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
    ILogger<MemberModel> logger) : PortalPageModel
{
    /// <summary>From the link on GET; from a hidden field on POST, so that the form's address never carries it.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public AcceptModel.AcceptInput Input { get; set; } = new();

    public PendingColleagueInvitation? Invitation { get; private set; }

    public bool TooManyAttempts { get; private set; }

    public string GenericFailure => JoinOrganization.GenericFailure;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        KeepOutOfCaches();
        if (!rateLimit.TryAcquire(HttpContext)) return TooMany();
        Invitation = await join.FindAsync(Token, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        KeepOutOfCaches();
        if (!rateLimit.TryAcquire(HttpContext)) return TooMany();
        Invitation = await join.FindAsync(Token, cancellationToken);
        if (Invitation is null) return Page();

        if (!PlainText.IsClean(Input.DisplayName)) ModelState.AddModelError("Input.DisplayName", PlainText.Refused);
        if (!string.Equals(Input.Password, Input.ConfirmPassword, StringComparison.Ordinal))
        {
            ModelState.AddModelError("Input.ConfirmPassword", "The two passwords are not the same.");
        }

        if (!ModelState.IsValid) return Page();

        var outcome = await join.AcceptAsync(new AcceptInvitationInput(Token ?? string.Empty, Input.DisplayName ?? string.Empty, Input.Password ?? string.Empty), cancellationToken);
        switch (outcome.Kind)
        {
            case OutcomeKind.Success:
                var joined = outcome.Value!;
                var user = await signInManager.UserManager.FindByIdAsync(joined.UserId.ToString());
                if (user is not null) await signInManager.SignInAsync(user, isPersistent: false);
                logger.LogInformation("Colleague {UserId} joined organization {OrganizationId}", joined.UserId, joined.OrganizationId);
                TempData["Flash"] = $"Welcome. You now sign in for {joined.OrganizationName}.";
                return RedirectToPage("/Status", new { area = "Partner" });
            case OutcomeKind.NotFound:
                Invitation = null;
                return Page();
            case OutcomeKind.Invalid:
                return Failure(outcome) ?? Page();
            default:
                ModelState.AddModelError(string.Empty, outcome.Message ?? JoinOrganization.GenericFailure);
                return Page();
        }
    }

    private PageResult TooMany()
    {
        TooManyAttempts = true;
        Response.Headers.RetryAfter = ((int)AcceptInvitationRateLimit.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var page = Page();
        page.StatusCode = StatusCodes.Status429TooManyRequests;
        return page;
    }

    /// <summary>The page's address carries a secret: no cache may keep it.</summary>
    private void KeepOutOfCaches() => Response.Headers.CacheControl = "no-store";
}
