using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Amendments;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Areas.Admin.Pages.Organizations;

/// <summary>
/// The representative (or an admin) opens an amendment on a reviewed organization's behalf: the partner's request form,
/// recorded as asked by staff. It is then reviewed like any other, as a delta.
/// </summary>
public sealed class AmendModel(OrganizationQueries organizations, PartnerAmendments amendments, RequestAmendment request) : AdminPageModel
{
    [BindProperty]
    public AmendmentForm Input { get; set; } = new();

    public OrganizationView Organization { get; private set; } = null!;

    public AmendmentChoices Choices { get; private set; } = new([], []);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        return May(ProgramAction.RequestAmendment, Organization) ? Page() : Forbid();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var outcome = AmendmentForm.ByLine(await request.HandleAsync(Input.ToInput(id), cancellationToken));
        if (outcome.Succeeded)
        {
            Flash($"Amendment opened for {Organization.Name}. Review it surface by surface; its current access is unchanged meanwhile.");
            return RedirectToPage("/Review/Amendment", new { id = outcome.Value!.Id });
        }

        return Failure(outcome) ?? Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var organization = await organizations.GetAsync(id, cancellationToken);
        if (organization is null) return false;
        Organization = organization;
        Choices = await amendments.ChoicesAsync(id, cancellationToken);
        return true;
    }
}
