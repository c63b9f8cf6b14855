using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Data.Identity;

namespace PreviewAccess.Web.Pages;

/// <summary>
/// Where a sign-in without a page to go back to ends: each role's own home — representatives and admins their
/// dashboard, support the desk, partners their organization's status. The sign-in pages send people here, since only
/// once the sign-in cookie is set does a request carry the person's roles.
/// </summary>
[Authorize]
public sealed class HomeModel : PortalPageModel
{
    public const string Path = "/home";

    public IActionResult OnGet() => LocalRedirect(
        IsAdmin || IsAccountRep ? "/Admin"
        : User.IsInRole(Roles.Support) ? "/Support"
        : PartnerOrganizationId is not null ? "/Partner/Status"
        : "/");

    /// <summary>Where to go after signing in: the page the person came from (a local one only), else their home.</summary>
    public static string After(string? returnUrl, IUrlHelper url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsLocalUrl(returnUrl) && returnUrl != "/" ? returnUrl : Path;
    }
}
