using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Data.Identity;

namespace PreviewAccess.Web.Pages.Account;

/// <summary>The second step with one of the recovery codes instead of the app: each code works once.</summary>
public sealed class LoginWithRecoveryCodeModel(SignInManager<PortalUser> signInManager, UserManager<PortalUser> userManager,
    ILogger<LoginWithRecoveryCodeModel> logger) : SecondStepPageModel(signInManager)
{
    public const string WrongCode = "That recovery code is not right, or it has been used.";

    [BindProperty]
    public RecoveryInput Input { get; set; } = new();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await PendingUserAsync() is not { } user) return ToFirstStep();
        var code = (Input.RecoveryCode ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Trim();
        if (code.Length is 0 or > 40) return Refused("Input.RecoveryCode", "Enter one of your recovery codes.");
        if (await userManager.IsLockedOutAsync(user)) return Refused(string.Empty, LockedOut);

        var result = await SignInManager.TwoFactorRecoveryCodeSignInAsync(code);
        if (result.Succeeded)
        {
            logger.LogWarning("User {UserId} signed in with a recovery code", user.Id);
            return Onward();
        }

        // Identity does not count wrong recovery codes; the portal does, so that they cannot be guessed without end.
        await userManager.AccessFailedAsync(user);
        logger.LogInformation("Wrong recovery code for user {UserId}", user.Id);
        return await userManager.IsLockedOutAsync(user) ? Refused(string.Empty, LockedOut) : Refused("Input.RecoveryCode", WrongCode);
    }

    public sealed class RecoveryInput
    {
        [Display(Name = "Recovery code")]
        public string? RecoveryCode { get; set; }
    }
}
