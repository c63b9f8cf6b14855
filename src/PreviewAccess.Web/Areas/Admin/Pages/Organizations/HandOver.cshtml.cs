using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Areas.Admin.Pages.Organizations;

/// <summary>Hands an organization over to another account representative: it always has exactly one.</summary>
public sealed class HandOverModel(ChangeOrganization change, OrganizationQueries organizations, AccountRepresentatives representatives) : AdminPageModel
{
    [BindProperty]
    public HandOverInput Input { get; set; } = new();

    public OrganizationView Organization { get; private set; } = null!;

    public IReadOnlyList<StaffMember> Representatives { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        if (!May(ProgramAction.HandOverOrganization, Organization)) return Forbid();
        Input.Version = Organization.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var outcome = await change.HandOverAsync(new HandOverOrganizationInput(id, Input.Version, Input.AccountRepEmail ?? string.Empty), cancellationToken);
        if (outcome.Succeeded)
        {
            Flash($"The organization was handed over to {Input.AccountRepEmail}.");
            return RedirectToPage("Details", new { id });
        }

        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        return ShowAgainAtCurrentVersion(outcome, Input.Version, Organization.Version, version => Input.Version = version);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var organization = await organizations.GetAsync(id, cancellationToken);
        if (organization is null) return false;
        Organization = organization;
        Representatives = await representatives.ListAsync();
        return true;
    }

    public sealed class HandOverInput
    {
        [Display(Name = "New account representative")]
        public string? AccountRepEmail { get; set; }

        public int Version { get; set; }
    }
}
