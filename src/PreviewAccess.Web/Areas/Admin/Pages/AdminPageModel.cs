using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Organizations;
using PreviewAccess.Web.Pages;

namespace PreviewAccess.Web.Areas.Admin.Pages;

/// <summary>A staff page: what every page does (<see cref="PortalPageModel"/>), and what the signed-in staff user may do.</summary>
public abstract class AdminPageModel : PortalPageModel
{
    /// <summary>
    /// Whether the signed-in person may take <paramref name="action"/> on the organization (<see cref="ProgramRules"/>): pages
    /// leave out what they could not use, and refuse the form itself. The use case refuses the change regardless.
    /// </summary>
    public bool May(ProgramAction action, Guid organizationId, Guid accountRepId) =>
        HttpContext.RequestServices.GetRequiredService<ProgramPermissions>().Allows(action, organizationId, accountRepId);

    public bool May(ProgramAction action, OrganizationView organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return May(action, organization.Id, organization.AccountRepId);
    }

    /// <summary>A refusal to show after the redirect: only the staff area's layout has a place for it (<c>_Problem.cshtml</c>).</summary>
    protected void Problem(string message) => TempData["AdminProblem"] = message;
}
