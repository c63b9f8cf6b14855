using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Accounts;

namespace PreviewAccess.Web.Pages.Account;

/// <summary>
/// Every refusal reads the same (wrong password, unknown email, disabled or locked account); too many failures from one
/// client address answer 429 with Retry-After, before the password is looked at.
/// </summary>
public sealed class LoginModel(PasswordSignIn signIn) : PortalPageModel
{
    public const string Refused = "The email or password is not correct.";

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return Page();

        var answer = await signIn.SignInAsync(Input.Email, Input.Password, HttpContext.Connection.RemoteIpAddress, isPersistent: false, cancellationToken);
        var returnUrl = HomeModel.After(ReturnUrl, Url);
        switch (answer.Verdict)
        {
            case SignInVerdict.SignedIn:
                return LocalRedirect(returnUrl);
            case SignInVerdict.RequiresTwoFactor:
                // The second-factor page belongs to multi-factor sign-in; the return address goes along.
                return LocalRedirect("/Account/LoginWith2fa?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
            case SignInVerdict.Throttled:
                var seconds = Math.Max(1, (int)Math.Ceiling(answer.RetryAfter.TotalSeconds));
                Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                ModelState.AddModelError(string.Empty, $"Too many failed sign-ins from your network. Try again in {Math.Max(1, (seconds + 59) / 60)} minute(s), or choose a new password by mail.");
                Input.Password = string.Empty;
                var page = Page();
                page.StatusCode = StatusCodes.Status429TooManyRequests;
                return page;
            default:
                ModelState.AddModelError(string.Empty, Refused);
                return Page();
        }
    }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your email.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(254)]
        [Display(Name = "Email")]
        public string Email { get; set; } = string.Empty;

        [Required(ErrorMessage = "Enter your password.")]
        [StringLength(200)]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = string.Empty;
    }
}
