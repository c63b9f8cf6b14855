using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;

namespace PreviewAccess.Web.Features.Organizations;

public sealed record TimelineEntry(long Id, DateTimeOffset At, string Actor, string Action, string? Before, string? After);

/// <summary>An organization's history, read from the audit log: every event recorded against it, newest first.</summary>
public sealed class OrganizationTimeline(PortalDbContext db)
{
    public const int Limit = 200;

    public async Task<IReadOnlyList<TimelineEntry>> ForAsync(Guid organizationId, CancellationToken cancellationToken) =>
        await db.AuditEvents.AsNoTracking()
            .Where(e => e.OrganizationId == organizationId)
            .OrderByDescending(e => e.Id)
            .Take(Limit)
            .Select(e => new TimelineEntry(e.Id, e.At, e.Actor, e.Action, e.Before, e.After))
            .ToListAsync(cancellationToken);
}
