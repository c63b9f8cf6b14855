using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Amendments;

namespace PreviewAccess.Web.Areas.Partner.Pages.Amendments;

/// <summary>
/// A partner asks to change their organization's access: a surface, identifiers, account emails, models, or an ended
/// grant renewed. A link from the status page prefills it (<c>?surface=Codex</c>, <c>?renew=&lt;grant&gt;</c>). The
/// organization is always the signed-in partner's own.
/// </summary>
public sealed class RequestModel(RequestAmendment request, PartnerAmendments amendments) : PartnerPageModel
{
    [BindProperty]
    public AmendmentForm Input { get; set; } = new();

    public AmendmentChoices Choices { get; private set; } = new([], []);

    public async Task OnGetAsync(Surface? surface, Guid? renew, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (surface is { } s && s.IsInPreview()) Input.Surfaces = [s];
        if (renew is { } grantId && Choices.RenewableGrants.Any(g => g.Value == grantId.ToString())) Input.RenewGrantIds = [grantId];
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = AmendmentForm.ByLine(await request.HandleAsync(Input.ToInput(OrganizationId), cancellationToken));
        if (outcome.Succeeded)
        {
            Flash("Your request was sent to your account representative. Your current access stays as it is while it is reviewed.");
            return RedirectToPage("Details", new { id = outcome.Value!.Id });
        }

        if (Failure(outcome) is { } refused) return refused;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) => Choices = await amendments.ChoicesAsync(OrganizationId, cancellationToken);
}
