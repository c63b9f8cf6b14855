using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Areas.Admin.Pages.Organizations;

public sealed class EditModel(ChangeOrganization change, OrganizationQueries organizations) : AdminPageModel
{
    [BindProperty]
    public EditInput Input { get; set; } = new();

    public string CurrentName { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var organization = await organizations.GetAsync(id, cancellationToken);
        if (organization is null) return NotFound();
        if (!May(ProgramAction.EditOrganization, organization)) return Forbid();
        CurrentName = organization.Name;
        Input = new EditInput
        {
            Name = organization.Name,
            Country = organization.Country,
            TrustedAccessForCyber = organization.TrustedAccessForCyber,
            PreviousAlphaParticipant = organization.PreviousAlphaParticipant,
            Version = organization.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var outcome = await change.EditAsync(new EditOrganizationInput(id, Input.Version, Input.Name ?? string.Empty, Input.Country ?? string.Empty, Input.TrustedAccessForCyber, Input.PreviousAlphaParticipant), cancellationToken);
        if (outcome.Succeeded)
        {
            Flash("The organization's details were saved.");
            return RedirectToPage("Details", new { id });
        }

        var current = await organizations.GetAsync(id, cancellationToken);
        if (current is null) return NotFound();
        CurrentName = current.Name;
        return ShowAgainAtCurrentVersion(outcome, Input.Version, current.Version, version => Input.Version = version);
    }

    public sealed class EditInput
    {
        [Display(Name = "Organization name")]
        public string? Name { get; set; }

        [Display(Name = "Country (ISO code)")]
        public string? Country { get; set; }

        [Display(Name = "Participates in Trusted Access for Cyber")]
        public bool TrustedAccessForCyber { get; set; }

        [Display(Name = "Took part in an earlier alpha")]
        public bool PreviousAlphaParticipant { get; set; }

        public int Version { get; set; }
    }
}
