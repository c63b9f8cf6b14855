using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Status;

namespace PreviewAccess.Web.Areas.Partner.Pages;

/// <summary>
/// "Why can't I access?": the partner names a surface, identifier, account email and model (and may give a country);
/// the portal runs the access decision for their own organization and explains it. Nothing changes, so the answer is
/// shown on the spot, with what was asked still in the form.
/// </summary>
public sealed class WhyModel(DiagnosePartnerAccess diagnose, PartnerSnapshots snapshots) : PartnerPageModel
{
    [BindProperty]
    public WhyInput Input { get; set; } = new();

    public IReadOnlyList<PreviewModel> Models { get; private set; } = [];

    public PartnerDiagnosisResult? Result { get; private set; }

    public async Task OnGetAsync(Surface? surface, string? identifier, CancellationToken cancellationToken)
    {
        // A link from the status page names the surface and identifier to check; anything else in the URL is ignored.
        Input = new WhyInput
        {
            Surface = surface is { } s && Enum.IsDefined(s) ? s : null,
            Identifier = identifier is { Length: <= 64 } ? identifier : null,
            Email = CurrentUserEmail,
        };
        await LoadAsync(cancellationToken);
        Input.ModelId ??= Models.Count > 0 ? Models[0].ModelId : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var outcome = await diagnose.HandleAsync(OrganizationId, new PartnerDiagnosisInput(Input.Surface, Input.Identifier, Input.Email, Input.ModelId, Input.Country), cancellationToken);
        if (!outcome.Succeeded) return Failure(outcome) ?? Page();
        Result = outcome.Value;
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) => Models = await snapshots.ModelsAsync(cancellationToken);

    public sealed class WhyInput
    {
        public Surface? Surface { get; set; }

        public string? Identifier { get; set; }

        public string? Email { get; set; }

        public string? ModelId { get; set; }

        public string? Country { get; set; }
    }
}
