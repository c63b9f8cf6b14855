using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Accounts;

namespace PreviewAccess.Web.Pages.Account;

/// <summary>Any signed-in person changes their own password; their other sessions end, this one goes on.</summary>
[Authorize]
public sealed class ChangePasswordModel(ChangeOwnPassword changePassword) : PortalPageModel
{
    [BindProperty]
    public ChangePasswordFields Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(Input.CurrentPassword)) ModelState.AddModelError("Input.CurrentPassword", "Enter your current password.");
        if (string.IsNullOrEmpty(Input.NewPassword)) ModelState.AddModelError("Input.NewPassword", "Choose a new password.");
        else if (Input.NewPassword.Length > 200) ModelState.AddModelError("Input.NewPassword", "The password can be at most 200 characters.");
        if (!string.Equals(Input.NewPassword, Input.ConfirmPassword, StringComparison.Ordinal)) ModelState.AddModelError("Input.ConfirmPassword", "The two passwords are not the same.");
        if (!ModelState.IsValid) return Page();

        var outcome = await changePassword.ChangeAsync(User, HttpContext.Connection.RemoteIpAddress,
            new ChangeOwnPasswordInput(Input.CurrentPassword!, Input.NewPassword!), cancellationToken);
        if (!outcome.Succeeded) return Failure(outcome) ?? Page();
        Flash("Your password was changed. You stay signed in here; your other sessions have ended.");
        return RedirectToPage("/Account/Index");
    }

    public sealed class ChangePasswordFields
    {
        public string? CurrentPassword { get; set; }

        public string? NewPassword { get; set; }

        public string? ConfirmPassword { get; set; }
    }
}
