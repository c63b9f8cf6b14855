using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Data.Identity;

namespace PreviewAccess.Web.Pages.Account;

/// <summary>The second step with one of the recovery codes instead of the app: each code works once.</summary>
public sealed class LoginWithRecoveryCodeModel(SignInManager<PortalUser> signInManager, UserManager<PortalUser> userManager,
    ILogger<LoginWithRecoveryCodeModel> logger) : PortalPageModel
{
    public const string WrongCode = "That recovery code is not right, or it has been used.";

    [BindProperty]
    public RecoveryInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await signInManager.GetTwoFactorAuthenticationUserAsync() is null) return RedirectToPage("./Login", new { ReturnUrl });
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signInManager.GetTwoFactorAuthenticationUserAsync() is not { } user) return RedirectToPage("./Login", new { ReturnUrl });
        var code = (Input.RecoveryCode ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Trim();
        if (code.Length is 0 or > 40)
        {
            ModelState.AddModelError("Input.RecoveryCode", "Enter one of your recovery codes.");
            return Page();
        }

        if (await userManager.IsLockedOutAsync(user))
        {
            ModelState.AddModelError(string.Empty, "Too many failed attempts. This account is locked for 15 minutes.");
            return Page();
        }

        var result = await signInManager.TwoFactorRecoveryCodeSignInAsync(code);
        if (result.Succeeded)
        {
            logger.LogWarning("User {UserId} signed in with a recovery code", user.Id);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        // Identity does not count wrong recovery codes; the portal does, so that they cannot be guessed without end.
        await userManager.AccessFailedAsync(user);
        logger.LogInformation("Wrong recovery code for user {UserId}", user.Id);
        if (await userManager.IsLockedOutAsync(user))
        {
            ModelState.AddModelError(string.Empty, "Too many failed attempts. This account is locked for 15 minutes.");
            return Page();
        }

        ModelState.AddModelError("Input.RecoveryCode", WrongCode);
        return Page();
    }

    public sealed class RecoveryInput
    {
        [Display(Name = "Recovery code")]
        public string? RecoveryCode { get; set; }
    }
}
