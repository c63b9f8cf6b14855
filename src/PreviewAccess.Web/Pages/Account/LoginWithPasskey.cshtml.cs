using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreviewAccess.Web.Features.MultiFactor;

namespace PreviewAccess.Web.Pages.Account;

/// <summary>Signing in with a passkey alone: the browser asks which of its passkeys for this site to use.</summary>
public sealed class LoginWithPasskeyModel(OwnPasskeys passkeys) : PageModel
{
    [BindProperty]
    public string? CredentialJson { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostRequestOptionsAsync() => Content(await passkeys.RequestOptionsAsync(), "application/json");

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await passkeys.SignInAsync(CredentialJson);
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? "Too many failed attempts. This account is locked for 15 minutes."
            : "That passkey did not sign you in. Try again, or sign in with your password.");
        return Page();
    }
}
