using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Web.Features.Dashboard;

public sealed record StatusCount<TStatus>(TStatus Status, int Count);

/// <summary>One surface: how many grants are in each status.</summary>
public sealed record SurfaceGrants(Surface Surface, IReadOnlyList<StatusCount<GrantStatus>> ByStatus)
{
    public int Total => ByStatus.Sum(s => s.Count);
}

/// <summary>
/// One surface: organizations whose enrollment requested it, against organizations with at least one enabled grant
/// on it. The gap is the point: enrollment is not access.
/// </summary>
public sealed record SurfaceEnablement(Surface Surface, int Enrolled, int Enabled);

public sealed record DashboardView(
    IReadOnlyList<StatusCount<OrganizationStatus>> OrganizationsByStatus,
    IReadOnlyList<SurfaceGrants> GrantsBySurface,
    int ReviewQueueSize,
    DateTimeOffset? OldestSubmission,
    TimeSpan? OldestWait,
    int AwaitingSecondApproval,
    IReadOnlyList<SurfaceEnablement> Enablement)
{
    public int Organizations => OrganizationsByStatus.Sum(s => s.Count);
}

/// <summary>The program in figures, for the whole program or one representative's portfolio.</summary>
public sealed class ProgramDashboard(PortalDbContext db, TimeProvider clock)
{
    public async Task<DashboardView> GetAsync(Guid? accountRepId, CancellationToken cancellationToken)
    {
        var organizations = db.Organizations.AsNoTracking();
        if (accountRepId is { } rep) organizations = organizations.Where(o => o.AccountRepId == rep);
        var grants = db.Grants.AsNoTracking().Where(g => organizations.Any(o => o.Id == g.OrganizationId));

        var byStatus = await organizations.GroupBy(o => o.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var grantCounts = await grants.GroupBy(g => new { g.Surface, g.Status })
            .Select(g => new { g.Key.Surface, g.Key.Status, Count = g.Count() }).ToListAsync(cancellationToken);

        var queue = organizations.Where(o => o.Status == OrganizationStatus.UnderReview && o.Enrollment != null);
        var queueSize = await queue.CountAsync(cancellationToken);
        var oldest = queueSize == 0
            ? (DateTimeOffset?)null
            : await queue.OrderBy(o => o.Enrollment!.SubmittedAt).Select(o => (DateTimeOffset?)o.Enrollment!.SubmittedAt).FirstAsync(cancellationToken);

        var enablement = new List<SurfaceEnablement>();
        foreach (var surface in Surfaces.InPreview)
        {
            var enrolled = await organizations.CountAsync(o => o.Enrollment != null && o.Enrollment.Surfaces.Contains(surface), cancellationToken);
            var enabled = await grants.Where(g => g.Surface == surface && g.Status == GrantStatus.Enabled)
                .Select(g => g.OrganizationId).Distinct().CountAsync(cancellationToken);
            enablement.Add(new SurfaceEnablement(surface, enrolled, enabled));
        }

        return new DashboardView(
            Enum.GetValues<OrganizationStatus>().Select(s => new StatusCount<OrganizationStatus>(s, byStatus.FirstOrDefault(b => b.Status == s)?.Count ?? 0)).ToList(),
            Surfaces.InPreview.Select(surface => new SurfaceGrants(surface, Enum.GetValues<GrantStatus>()
                .Select(s => new StatusCount<GrantStatus>(s, grantCounts.FirstOrDefault(g => g.Surface == surface && g.Status == s)?.Count ?? 0))
                .ToList())).ToList(),
            queueSize,
            oldest,
            oldest is { } at ? clock.GetUtcNow() - at : null,
            await grants.CountAsync(g => g.Status == GrantStatus.PendingSecondApproval, cancellationToken),
            enablement);
    }
}
