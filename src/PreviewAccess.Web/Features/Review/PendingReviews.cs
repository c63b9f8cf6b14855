using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Web.Features.Review;

/// <summary>An organization waiting for decisions: the surfaces it requested that are not decided yet.</summary>
public sealed record QueueItem(Guid OrganizationId, string Name, string Country, Guid AccountRepId, DateTimeOffset SubmittedAt,
    IReadOnlyList<Surface> UndecidedSurfaces, bool TrustedAccessForCyber, bool PreviousAlphaParticipant);

/// <summary>A grant approved once that waits for a different staff user's approval.</summary>
public sealed record AwaitingSecondApproval(Guid GrantId, Guid OrganizationId, string OrganizationName, Surface Surface, string Identifier,
    Guid ApprovedBy, DateTimeOffset ApprovedAt);

/// <summary>
/// The review queue: submitted enrollments, oldest submission first, each with the requested surfaces still
/// undecided; and the grants waiting for a second approval.
/// </summary>
public sealed class PendingReviews(PortalDbContext db)
{
    public async Task<IReadOnlyList<QueueItem>> ListAsync(Guid? accountRepId, CancellationToken cancellationToken)
    {
        var query = db.Organizations.AsNoTracking().Where(o => o.Status == OrganizationStatus.UnderReview && o.Enrollment != null);
        if (accountRepId is { } rep) query = query.Where(o => o.AccountRepId == rep);
        var organizations = await query.OrderBy(o => o.Enrollment!.SubmittedAt).ThenBy(o => o.Id).ToListAsync(cancellationToken);
        return organizations.Select(o => new QueueItem(o.Id, o.Name, o.Country, o.AccountRepId, o.Enrollment!.SubmittedAt,
            [.. o.UndecidedSurfaces()], o.TrustedAccessForCyber, o.PreviousAlphaParticipant)).ToList();
    }

    public async Task<IReadOnlyList<AwaitingSecondApproval>> AwaitingSecondApprovalAsync(Guid? accountRepId, CancellationToken cancellationToken)
    {
        var organizations = db.Organizations.AsNoTracking();
        if (accountRepId is { } rep) organizations = organizations.Where(o => o.AccountRepId == rep);
        return await db.Grants.AsNoTracking()
            .Where(g => g.Status == GrantStatus.PendingSecondApproval)
            .Join(organizations, g => g.OrganizationId, o => o.Id, (g, o) => new { Grant = g, o.Name })
            .OrderBy(x => x.Grant.CreatedAt)
            .Select(x => new AwaitingSecondApproval(x.Grant.Id, x.Grant.OrganizationId, x.Name, x.Grant.Surface, x.Grant.Identifier, x.Grant.ApprovedBy, x.Grant.CreatedAt))
            .ToListAsync(cancellationToken);
    }
}
