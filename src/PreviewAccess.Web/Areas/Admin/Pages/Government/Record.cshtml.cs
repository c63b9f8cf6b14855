using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Organizations;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Areas.Admin.Pages.Government;

/// <summary>Records that an organization's participation was shared with the government: the date and the reference.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class RecordModel(ChangeOrganization change, OrganizationQueries organizations) : AdminPageModel
{
    [BindProperty]
    public RecordInput Input { get; set; } = new();

    public OrganizationView Organization { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var organization = await organizations.GetAsync(id, cancellationToken);
        if (organization is null) return NotFound();
        if (!May(ProgramAction.RecordGovernmentCoordination, organization)) return Forbid();
        Organization = organization;
        Input.SharedOn = organization.GovernmentCoordination?.SharedOn;
        Input.Reference = organization.GovernmentCoordination?.Reference;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var organization = await organizations.GetAsync(id, cancellationToken);
        if (organization is null) return NotFound();
        Organization = organization;
        if (ModelState.ContainsKey("Input.SharedOn") && ModelState["Input.SharedOn"]!.Errors.Count > 0)
        {
            // The browser's date field sends yyyy-MM-dd; anything else is reported on the field, in our words.
            ModelState["Input.SharedOn"]!.Errors.Clear();
            ModelState.AddModelError("Input.SharedOn", "Enter the date as a day, e.g. 2026-11-20.");
            return Page();
        }

        var outcome = await change.RecordGovernmentCoordinationAsync(new RecordGovernmentCoordinationInput(id, Input.SharedOn ?? default, Input.Reference ?? string.Empty), cancellationToken);
        if (outcome.Succeeded)
        {
            Flash($"Government coordination recorded for {organization.Name}.");
            return RedirectToPage("Index");
        }

        return Failure(outcome) ?? Page();
    }

    public sealed class RecordInput
    {
        [Display(Name = "Shared with the government on")]
        [DataType(DataType.Date)]
        public DateOnly? SharedOn { get; set; }

        [Display(Name = "Reference")]
        public string? Reference { get; set; }
    }
}
