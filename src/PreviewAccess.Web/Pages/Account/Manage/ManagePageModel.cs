using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Data.Identity;

namespace PreviewAccess.Web.Pages.Account.Manage;

/// <summary>The signed-in person's own sign-in security: the account comes from the session, never from the URL.</summary>
[Authorize]
public abstract class ManagePageModel(UserManager<PortalUser> users) : PortalPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Where to go on from here: a local address given on the way in, or the start page.</summary>
    public string ContinueUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";

    protected async Task<PortalUser> CurrentUserAsync() =>
        await users.GetUserAsync(User) ?? throw new InvalidOperationException("The signed-in user no longer exists.");
}
