using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Pages.Account.Manage;

/// <summary>The signed-in person's own sign-in security: the account comes from the session, never from the URL.</summary>
[Authorize]
public abstract class ManagePageModel(UserManager<PortalUser> users) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Where to go on from here: a local address given on the way in, or the start page.</summary>
    public string ContinueUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";

    protected async Task<PortalUser> CurrentUserAsync() =>
        await users.GetUserAsync(User) ?? throw new InvalidOperationException("The signed-in user no longer exists.");

    protected void Flash(string message) => TempData["Flash"] = message;

    /// <summary>Field errors under <c>Input.*</c>; a conflict at the top of the form.</summary>
    protected void AddErrors<T>(Outcome<T> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Kind == OutcomeKind.Invalid)
        {
            foreach (var (field, messages) in outcome.Errors)
            {
                foreach (var message in messages) ModelState.AddModelError("Input." + char.ToUpperInvariant(field[0]) + field[1..], message);
            }
        }
        else
        {
            ModelState.AddModelError(string.Empty, outcome.Message ?? "This change is not possible now.");
        }
    }
}
