using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PreviewAccess.Domain.Common;
using PreviewAccess.Web.Features.Accounts;

namespace PreviewAccess.Web.Pages.Account;

/// <summary>
/// "Forgot your password?": the answer is the same, and as quick, for any email — the mail (if an account has it) is
/// sent in the background. Limited per client address.
/// </summary>
public sealed class ForgotPasswordModel(PasswordResetRequests requests, SignInThrottle throttle, IOptions<SignInDefenseOptions> options) : PortalPageModel
{
    private const string RequestedFor = "PasswordResetRequestedFor";

    [BindProperty]
    public ForgotPasswordInput Input { get; set; } = new();

    /// <summary>Set after a request: the address the person typed, shown back to them.</summary>
    public string? SentTo { get; private set; }

    public TimeSpan LinkLifetime => options.Value.PasswordResetLinkLifetime;

    public void OnGet() => SentTo = TempData[RequestedFor] as string;

    public IActionResult OnPost()
    {
        if (!ModelState.IsValid) return Page();
        if (!throttle.TryRequestPasswordReset(HttpContext.Connection.RemoteIpAddress, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            ModelState.AddModelError(string.Empty, $"Too many requests from your network. Try again in {Math.Max(1, (seconds + 59) / 60)} minute(s).");
            var page = Page();
            page.StatusCode = StatusCodes.Status429TooManyRequests;
            return page;
        }

        var email = EmailAddress.Normalize(Input.Email);
        requests.Add(email);
        TempData[RequestedFor] = email;
        return RedirectToPage();
    }

    public sealed class ForgotPasswordInput
    {
        [Required(ErrorMessage = "Enter your email.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(254)]
        [Display(Name = "Email")]
        public string Email { get; set; } = string.Empty;
    }
}
