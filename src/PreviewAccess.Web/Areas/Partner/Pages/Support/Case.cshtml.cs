using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Support;

namespace PreviewAccess.Web.Areas.Partner.Pages.Support;

/// <summary>One of the organization's own cases, with its status and the access decision on its inputs.</summary>
public sealed class CaseModel(PartnerSupportCases cases) : PartnerPageModel
{
    public PartnerCaseDetail Case { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await cases.GetAsync(OrganizationId, id, cancellationToken);
        if (found is null) return NotFound();
        Case = found;
        return Page();
    }
}
