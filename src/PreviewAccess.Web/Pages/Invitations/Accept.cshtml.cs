using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Invitations;
using PreviewAccess.Web.Features.Mail;
using PreviewAccess.Web.Features.Status;

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
    ILogger<AcceptModel> logger) : PortalPageModel
{
    /// <summary>From the link on GET; from a hidden field on POST, so that the form's address never carries it.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public AcceptInput Input { get; set; } = new();

    public PendingInvitation? Invitation { get; private set; }

    public bool TooManyAttempts { get; private set; }

    /// <summary>Where a person with a dead link can write: the program's own address reaches their representative.</summary>
    public string ProgramContact => mail.Value.FromAddress;

    public string GenericFailure => InvitationAcceptance.GenericFailure;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        KeepOutOfCaches();
        if (!rateLimit.TryAcquire(HttpContext)) return TooMany();
        Invitation = await preview.FindAsync(Token, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        KeepOutOfCaches();
        if (!rateLimit.TryAcquire(HttpContext)) return TooMany();
        Invitation = await preview.FindAsync(Token, cancellationToken);
        if (Invitation is null) return Page();

        // A control character in a name is a typing accident to point out, not something to store.
        if (!PlainText.IsClean(Input.DisplayName)) ModelState.AddModelError("Input.DisplayName", PlainText.Refused);
        if (!string.Equals(Input.Password, Input.ConfirmPassword, StringComparison.Ordinal))
        {
            ModelState.AddModelError("Input.ConfirmPassword", "The two passwords are not the same.");
        }

        if (!ModelState.IsValid) return Page();

        var outcome = await acceptance.AcceptAsync(new AcceptInvitationInput(Token ?? string.Empty, Input.DisplayName ?? string.Empty, Input.Password ?? string.Empty), cancellationToken);
        switch (outcome.Kind)
        {
            case OutcomeKind.Success:
                var accepted = outcome.Value!;
                var user = await signInManager.UserManager.FindByIdAsync(accepted.UserId.ToString());
                if (user is not null) await signInManager.SignInAsync(user, isPersistent: false);
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

    public sealed class AcceptInput
    {
        public string? DisplayName { get; set; }

        public string? Password { get; set; }

        public string? ConfirmPassword { get; set; }
    }
}
