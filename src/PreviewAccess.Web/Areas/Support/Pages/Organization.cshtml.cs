using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Areas.Support.Pages;

public sealed record TimelineEntry(DateTimeOffset At, string Actor, string Action);

/// <summary>An organization's whole scope, read-only: grants per surface × identifier, models, emails, wave, blockers, timeline.</summary>
public sealed class OrganizationModel(OrganizationQueries organizations, PortalDbContext db) : PageModel
{
    public OrganizationView Organization { get; private set; } = null!;

    public IReadOnlyDictionary<Guid, string> WaveNames { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyList<TimelineEntry> Timeline { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await organizations.GetAsync(id, cancellationToken);
        if (found is null) return NotFound();
        Organization = found;
        var waveIds = found.Grants.Select(g => g.WaveId).OfType<Guid>().Distinct().ToList();
        WaveNames = await db.Waves.AsNoTracking().Where(w => waveIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Name, cancellationToken);
        Timeline = await db.AuditEvents.AsNoTracking().Where(e => e.OrganizationId == id).OrderByDescending(e => e.Id).Take(100)
            .Select(e => new TimelineEntry(e.At, e.Actor, e.Action)).ToListAsync(cancellationToken);
        return Page();
    }
}
