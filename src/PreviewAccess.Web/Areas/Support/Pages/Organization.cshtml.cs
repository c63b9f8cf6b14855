using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Web.Features.Support;
using PreviewAccess.Web.Pages;

namespace PreviewAccess.Web.Areas.Support.Pages;

public sealed record TimelineEntry(DateTimeOffset At, string Actor, string Action);

/// <summary>An organization's whole scope, read-only: its suspension, each surface's request and grants (models, emails, wave, blockers), timeline.</summary>
public sealed class OrganizationModel(PortalDbContext db, TimeProvider clock) : PortalPageModel
{
    public SupportScope Organization { get; private set; } = null!;

    public DateTimeOffset Now { get; private set; }

    public IReadOnlyList<TimelineEntry> Timeline { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        var found = await SupportScopeQuery.GetAsync(db, id, Now, cancellationToken);
        if (found is null) return NotFound();
        Organization = found;
        Timeline = await db.AuditEvents.AsNoTracking().Where(e => e.OrganizationId == id).OrderByDescending(e => e.Id).Take(100)
            .Select(e => new TimelineEntry(e.At, e.Actor, e.Action)).ToListAsync(cancellationToken);
        return Page();
    }
}
