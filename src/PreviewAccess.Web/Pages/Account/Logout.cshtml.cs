using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Data.Identity;

namespace PreviewAccess.Web.Pages.Account;

/// <summary>Signing out is a POST (with antiforgery), so that no link or image can sign a person out.</summary>
public sealed class LogoutModel(SignInManager<PortalUser> signInManager) : PortalPageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await signInManager.SignOutAsync();
        Flash("You are signed out.");
        return RedirectToPage("/Index");
    }
}
