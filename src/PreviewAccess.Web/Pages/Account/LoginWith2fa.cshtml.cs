using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.MultiFactor;

namespace PreviewAccess.Web.Pages.Account;

/// <summary>The second step of a sign-in: the code from the authenticator app. Reached only after the right password.</summary>
public sealed class LoginWith2faModel(SignInManager<PortalUser> signInManager, ILogger<LoginWith2faModel> logger) : SecondStepPageModel(signInManager)
{
    [BindProperty]
    public CodeInput Input { get; set; } = new();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await PendingUserAsync() is not { } user) return ToFirstStep();
        if (OwnSecondFactor.NormalizeCode(Input.TwoFactorCode) is not { } code) return Refused("Input.TwoFactorCode", OwnSecondFactor.CodeShape);

        var result = await SignInManager.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            logger.LogInformation("User {UserId} signed in with an authenticator code", user.Id);
            return Onward();
        }

        if (result.IsLockedOut)
        {
            logger.LogWarning("Second factor refused for user {UserId}: locked out", user.Id);
            return Refused(string.Empty, LockedOut);
        }

        logger.LogInformation("Wrong authenticator code for user {UserId}", user.Id);
        return Refused("Input.TwoFactorCode", OwnSecondFactor.WrongCode);
    }

    public sealed class CodeInput
    {
        [Display(Name = "Authentication code")]
        public string? TwoFactorCode { get; set; }
    }
}
