using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Web.Features.Status;

namespace PreviewAccess.Web.Areas.Partner.Pages;

/// <summary>The heart of the partners' area: per surface and identifier, what is true now and what to do.</summary>
public sealed class StatusModel(PartnerStatus status) : PartnerPageModel
{
    public PartnerStatusView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var view = await status.GetAsync(OrganizationId, cancellationToken);
        if (view is null) return NotFound();
        View = view;
        return Page();
    }
}
