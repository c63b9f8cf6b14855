using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Web.Features.Audit;

namespace PreviewAccess.Web.Features.Organizations;

/// <summary>An organization's history, read from the audit log and told as sentences: every event recorded against it, newest first.</summary>
public sealed class OrganizationTimeline(PortalDbContext db, AuditStories stories)
{
    public const int Limit = 200;

    public async Task<IReadOnlyList<AuditStory>> ForAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var rows = await (
            from e in db.AuditEvents.AsNoTracking()
            join o in db.Organizations.AsNoTracking() on e.OrganizationId equals o.Id
            where e.OrganizationId == organizationId
            orderby e.Id descending
            select new AuditRow(e.Id, e.At, e.Actor, e.Action, e.SubjectType, e.SubjectId, e.OrganizationId, o.Name, e.Before, e.After))
            .Take(Limit)
            .ToListAsync(cancellationToken);
        return await stories.TellAsync(rows, cancellationToken);
    }
}
