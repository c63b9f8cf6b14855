using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreviewAccess.Data.Identity;

namespace PreviewAccess.Web.Pages.Account;

/// <summary>
/// What the second steps of a sign-in share (the authenticator code, a recovery code): reached only after the right
/// password — otherwise back to the first step — and, once through, on to where the person was going (a local address only).
/// </summary>
public abstract class SecondStepPageModel(SignInManager<PortalUser> signInManager) : PortalPageModel
{
    public const string LockedOut = "Too many failed attempts. This account is locked for 15 minutes.";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    protected SignInManager<PortalUser> SignInManager => signInManager;

    public async Task<IActionResult> OnGetAsync() => await PendingUserAsync() is null ? ToFirstStep() : Page();

    /// <summary>The person who gave the right password in this browser and has the second step to go; null otherwise.</summary>
    protected Task<PortalUser?> PendingUserAsync() => signInManager.GetTwoFactorAuthenticationUserAsync();

    protected IActionResult ToFirstStep() => RedirectToPage("./Login", new { ReturnUrl });

    protected IActionResult Onward() => LocalRedirect(HomeModel.After(ReturnUrl, Url));

    /// <summary>The form again with <paramref name="message"/> on <paramref name="field"/> (empty: above the form).</summary>
    protected PageResult Refused(string field, string message)
    {
        ModelState.AddModelError(field, message);
        return Page();
    }
}
