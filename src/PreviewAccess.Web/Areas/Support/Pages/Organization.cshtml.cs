using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Data;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Organizations;
using PreviewAccess.Web.Features.Support;
using PreviewAccess.Web.Pages;

namespace PreviewAccess.Web.Areas.Support.Pages;

/// <summary>An organization's whole scope, read-only: its suspension, each surface's request and grants (models, emails, wave, blockers), timeline.</summary>
public sealed class OrganizationModel(PortalDbContext db, OrganizationTimeline timeline, TimeProvider clock) : PortalPageModel
{
    public SupportScope Organization { get; private set; } = null!;

    public DateTimeOffset Now { get; private set; }

    public IReadOnlyList<AuditStory> Timeline { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        var found = await SupportScopeQuery.GetAsync(db, id, Now, cancellationToken);
        if (found is null) return NotFound();
        Organization = found;
        Timeline = await timeline.ForAsync(id, cancellationToken);
        return Page();
    }
}
