using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Status;
using PreviewAccess.Web.Features.Support;

namespace PreviewAccess.Web.Areas.Partner.Pages.Support;

/// <summary>Where to go with what: feedback to the representative, technical issues to support; and the organization's cases.</summary>
public sealed class IndexModel(PartnerSupportCases cases, PartnerSnapshots snapshots) : PartnerPageModel
{
    public IReadOnlyList<PartnerCaseSummary> Cases { get; private set; } = [];

    public PartnerRepresentative Representative { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.LoadAsync(OrganizationId, cancellationToken);
        if (snapshot is null) return NotFound();
        Representative = snapshot.Representative;
        Cases = await cases.ListAsync(OrganizationId, cancellationToken);
        return Page();
    }
}
