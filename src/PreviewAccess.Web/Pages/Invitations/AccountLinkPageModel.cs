using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Invitations;
using PreviewAccess.Web.Features.Status;

namespace PreviewAccess.Web.Pages.Invitations;

/// <summary>
/// What the two mailed links that make an account share — the organization's invitation and a colleague's: the token
/// from the link (from a hidden field on POST, so the form's address never carries it), no cache keeping the page, one
/// limit per client address across both pages, the new account's name and password checked before the use case runs,
/// and the new account signed in.
/// </summary>
public abstract class AccountLinkPageModel(AcceptInvitationRateLimit rateLimit, SignInManager<PortalUser> signInManager) : PortalPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public NewAccountInput Input { get; set; } = new();

    public bool TooManyAttempts { get; private set; }

    /// <summary>Null when the request may go on; otherwise the 429 page to return.</summary>
    protected PageResult? Admit()
    {
        // The page's address carries a secret: no cache may keep it.
        Response.Headers.CacheControl = "no-store";
        if (rateLimit.TryAcquire(HttpContext)) return null;
        TooManyAttempts = true;
        Response.Headers.RetryAfter = ((int)AcceptInvitationRateLimit.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var page = Page();
        page.StatusCode = StatusCodes.Status429TooManyRequests;
        return page;
    }

    /// <summary>
    /// Everything wrong with the new account, in one answer: what the form alone can tell (a control character in the name,
    /// two different passwords) together with the account's own rules (the name, every password rule) that the use case
    /// would otherwise report only once the form's own were right.
    /// </summary>
    protected async Task<bool> NewAccountIsWellFormedAsync(CancellationToken cancellationToken)
    {
        if (!PlainText.IsClean(Input.DisplayName)) ModelState.AddModelError("Input.DisplayName", PlainText.Refused);
        if (!string.Equals(Input.Password, Input.ConfirmPassword, StringComparison.Ordinal))
        {
            ModelState.AddModelError("Input.ConfirmPassword", "The two passwords are not the same.");
        }

        var rules = await new AcceptInvitationValidator(signInManager.UserManager).ValidateAsync(NewAccount(), cancellationToken);
        if (!rules.IsValid) _ = Failure(Outcome<bool>.Invalid(rules));
        return ModelState.IsValid;
    }

    protected AcceptInvitationInput NewAccount() => new(Token ?? string.Empty, Input.DisplayName ?? string.Empty, Input.Password ?? string.Empty);

    protected async Task SignInAsync(Guid userId)
    {
        var user = await signInManager.UserManager.FindByIdAsync(userId.ToString());
        if (user is not null) await signInManager.SignInAsync(user, isPersistent: false);
    }

    public sealed class NewAccountInput
    {
        public string? DisplayName { get; set; }

        public string? Password { get; set; }

        public string? ConfirmPassword { get; set; }
    }
}
