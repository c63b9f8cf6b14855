using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;
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

    /// <summary>The representative filter's value for the signed-in person's own portfolio.</summary>
    public const string MyPortfolio = "mine";

    /// <summary>The representative filter's value for every representative's organizations.</summary>
    public const string WholeProgram = "all";

    /// <summary>
    /// Reads a staff list's representative filter: <see cref="MyPortfolio"/>, <see cref="WholeProgram"/> or one
    /// representative's id. Unset, a representative starts on their own portfolio and everyone else on the whole program;
    /// anything unreadable falls back to the whole program, never a 500.
    /// </summary>
    /// <returns>The filter as the page shows it, and the representative to list (none: everyone's).</returns>
    protected (string Rep, Guid? RepresentativeId) ReadPortfolioFilter(string? rep)
    {
        rep ??= IsAccountRep ? MyPortfolio : WholeProgram;
        if (rep == MyPortfolio) return (rep, CurrentUserId);
        return Guid.TryParse(rep, out var id) ? (rep, id) : (WholeProgram, null);
    }

    /// <summary>
    /// A review form sent without a decision: says so, and judges the justification in the same answer (the domain's rule)
    /// rather than only on the next submit.
    /// </summary>
    protected void RefuseMissingDecision(string? justification)
    {
        ModelState.AddModelError("Input.Decision", "Choose whether to approve, decline or ask for more information.");
        var broken = new BrokenRules();
        SurfaceDecision.CheckJustification(broken, justification);
        if (broken.Count > 0) _ = Failure(Outcome<bool>.Refused(broken.All));
    }

    /// <summary>A refusal to show after the redirect: only the staff area's layout has a place for it (<c>_Problem.cshtml</c>).</summary>
    protected void Problem(string message) => TempData["AdminProblem"] = message;
}
