using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Areas.Admin.Pages;

/// <summary>What every staff page does the same way: the flash message after a redirect, and outcomes that are not a success.</summary>
public abstract class AdminPageModel : PageModel
{
    protected Guid? CurrentUserId =>
        Guid.TryParse(User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, out var id) ? id : null;

    protected bool IsAccountRep => User.IsInRole(Roles.AccountRep);

    protected bool IsAdmin => User.IsInRole(Roles.Admin);

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

    protected void Flash(string message) => TempData["Flash"] = message;

    /// <summary>A refusal to show after the redirect (see <c>_Problem.cshtml</c>).</summary>
    protected void Problem(string message) => TempData["AdminProblem"] = message;

    /// <summary>Not found → 404; forbidden (<see cref="Features.Authorization.ProgramRules"/>) → the access-denied page; else null.</summary>
    protected IActionResult? Refused<T>(Outcome<T> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Kind switch
        {
            OutcomeKind.NotFound => NotFound(),
            // The sign-in cookie's access-denied page, as for any page the person's role does not open.
            OutcomeKind.Forbidden => Forbid(),
            _ => null,
        };
    }

    /// <summary>
    /// Invalid → errors on the fields (prefix <paramref name="prefix"/>); conflict → the message at the top of the form;
    /// not found → 404; forbidden → the access-denied page. Returns null for invalid and conflict: the caller re-renders the form with what was typed.
    /// </summary>
    protected IActionResult? Failure<T>(Outcome<T> outcome, string prefix = "Input", int? seenVersion = null, int? currentVersion = null, params string[] toSummary)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        switch (outcome.Kind)
        {
            case OutcomeKind.NotFound:
            case OutcomeKind.Forbidden:
                return Refused(outcome);
            case OutcomeKind.Invalid:
                ModelState.AddOutcomeErrors(outcome.Errors, prefix, toSummary);
                return null;
            case OutcomeKind.Conflict:
                ModelState.AddModelError(string.Empty, seenVersion is { } seen ? OutcomeMapping.ConflictMessage(outcome, seen, currentVersion) : outcome.Message ?? "This change is not possible now.");
                return null;
            default:
                throw new InvalidOperationException("A success is not a failure.");
        }
    }
}
