using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Accounts;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Pages.Account;

/// <summary>
/// The mailed link (<c>/Account/ResetPassword?user=…&amp;token=…</c>), for a forgotten password or a new staff user's
/// first one. Opening it spends nothing (a mail scanner may follow links); choosing the password does.
/// </summary>
public sealed class ResetPasswordModel(PasswordLinks links) : PortalPageModel
{
    /// <summary>From the link on GET; from hidden fields on POST.</summary>
    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserKey { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public ChoosePasswordFields Input { get; set; } = new();

    /// <summary>The account the link is for; null when the link cannot be used.</summary>
    public string? Email { get; private set; }

    public string DeadLink => PasswordLinks.DeadLink;

    public async Task<IActionResult> OnGetAsync()
    {
        KeepOutOfCaches();
        Email = Guid.TryParse(UserKey, out var userId) ? await links.UsableForAsync(userId, Token) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        KeepOutOfCaches();
        if (!Guid.TryParse(UserKey, out var userId) || await links.UsableForAsync(userId, Token) is not { } email) return Page();
        Email = email;

        if (string.IsNullOrEmpty(Input.Password)) ModelState.AddModelError("Input.Password", "Choose a password.");
        else if (Input.Password.Length > 200) ModelState.AddModelError("Input.Password", "The password can be at most 200 characters.");
        if (!string.Equals(Input.Password, Input.ConfirmPassword, StringComparison.Ordinal)) ModelState.AddModelError("Input.ConfirmPassword", "The two passwords are not the same.");
        if (!ModelState.IsValid) return Page();

        var outcome = await links.ChooseAsync(new ChoosePasswordInput(userId, Token ?? string.Empty, Input.Password!), cancellationToken);
        switch (outcome.Kind)
        {
            case OutcomeKind.Success:
                Flash("Your password was changed. Sign in with the new one.");
                return RedirectToPage("/Account/Login");
            case OutcomeKind.Invalid:
                return Failure(outcome) ?? Page();
            default:
                // Spent or expired between opening the page and sending it.
                Email = null;
                return Page();
        }
    }

    private void KeepOutOfCaches() => Response.Headers.CacheControl = "no-store";

    public sealed class ChoosePasswordFields
    {
        public string? Password { get; set; }

        public string? ConfirmPassword { get; set; }
    }
}
