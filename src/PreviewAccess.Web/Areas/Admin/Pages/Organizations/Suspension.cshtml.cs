using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Areas.Admin.Pages.Organizations;

/// <summary>Suspends an organization, or reinstates a suspended one; each with a reason.</summary>
public sealed class SuspensionModel(ChangeOrganization change, OrganizationQueries organizations) : AdminPageModel
{
    [BindProperty]
    public ReasonInput Input { get; set; } = new();

    public OrganizationView Organization { get; private set; } = null!;

    public bool Reinstating => IsSuspended(Organization);

    private static bool IsSuspended(OrganizationView organization) => organization.Status == OrganizationStatus.Suspended;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var organization = await organizations.GetAsync(id, cancellationToken);
        if (organization is null) return NotFound();
        if (!May(IsSuspended(organization) ? ProgramAction.ReinstateOrganization : ProgramAction.SuspendOrganization, organization)) return Forbid();
        Organization = organization;
        Input.Version = organization.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var organization = await organizations.GetAsync(id, cancellationToken);
        if (organization is null) return NotFound();
        Organization = organization;

        // What the person saw decides what they asked for: a page loaded before someone else suspended it still means "suspend".
        var input = new OrganizationReasonInput(id, Input.Reason ?? string.Empty, Input.Version);
        var outcome = Input.Reinstate ? await change.ReinstateAsync(input, cancellationToken) : await change.SuspendAsync(input, cancellationToken);
        if (outcome.Succeeded)
        {
            Flash(Input.Reinstate ? "The organization was reinstated." : "The organization was suspended. None of its grants can be used or enabled while it is suspended.");
            return RedirectToPage("Details", new { id });
        }

        return ShowAgainAtCurrentVersion(outcome, Input.Version, organization.Version, version => Input.Version = version);
    }

    public sealed class ReasonInput
    {
        [Display(Name = "Reason")]
        public string? Reason { get; set; }

        public bool Reinstate { get; set; }

        public int Version { get; set; }
    }
}
