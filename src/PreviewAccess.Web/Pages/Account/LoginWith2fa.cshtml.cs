using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.MultiFactor;

namespace PreviewAccess.Web.Pages.Account;

/// <summary>The second step of a sign-in: the code from the authenticator app. Reached only after the right password.</summary>
public sealed class LoginWith2faModel(SignInManager<PortalUser> signInManager, ILogger<LoginWith2faModel> logger) : PortalPageModel
{
    [BindProperty]
    public CodeInput Input { get; set; } = new();

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
        if (OwnSecondFactor.NormalizeCode(Input.TwoFactorCode) is not { } code)
        {
            ModelState.AddModelError("Input.TwoFactorCode", OwnSecondFactor.CodeShape);
            return Page();
        }

        var result = await signInManager.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            logger.LogInformation("User {UserId} signed in with an authenticator code", user.Id);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        if (result.IsLockedOut)
        {
            logger.LogWarning("Second factor refused for user {UserId}: locked out", user.Id);
            ModelState.AddModelError(string.Empty, "Too many failed attempts. This account is locked for 15 minutes.");
            return Page();
        }

        logger.LogInformation("Wrong authenticator code for user {UserId}", user.Id);
        ModelState.AddModelError("Input.TwoFactorCode", OwnSecondFactor.WrongCode);
        return Page();
    }

    public sealed class CodeInput
    {
        [Display(Name = "Authentication code")]
        public string? TwoFactorCode { get; set; }
    }
}
