using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Amendments;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.Amendments;

/// <summary>An amendment in the review queue: whose, since when, and the surfaces still to decide.</summary>
public sealed record AmendmentQueueItem(Guid AmendmentId, Guid OrganizationId, string OrganizationName, string Country, DateTimeOffset RequestedAt,
    IReadOnlyList<Surface> UndecidedSurfaces, bool Renews);

/// <summary>An organization's amendments, newest first, each with its delta against the organization's scope now.</summary>
public sealed class AmendmentQueries(PortalDbContext db)
{
    /// <returns>Null when there is no such organization.</returns>
    public async Task<Page<AmendmentView>?> ListAsync(Guid organizationId, int limit, string? after, CancellationToken cancellationToken)
    {
        if (!await db.Organizations.AsNoTracking().AnyAsync(o => o.Id == organizationId, cancellationToken)) return null;
        var query = db.Amendments.AsNoTracking().Where(a => a.OrganizationId == organizationId);
        if (Cursor.TryRead(after, out var lastAt, out var lastId))
        {
            query = query.Where(a => a.RequestedAt < lastAt || (a.RequestedAt == lastAt && a.Id.CompareTo(lastId) < 0));
        }

        var rows = await query.OrderByDescending(a => a.RequestedAt).ThenByDescending(a => a.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var grants = await db.Grants.AsNoTracking().Where(g => g.OrganizationId == organizationId).ToListAsync(cancellationToken);
        var items = rows.Take(limit).Select(a => AmendmentView.From(a, grants)).ToList();
        return new Page<AmendmentView>(items, rows.Count > limit ? Cursor.Write(rows[limit - 1].RequestedAt, rows[limit - 1].Id) : null);
    }

    public async Task<AmendmentView?> GetAsync(Guid amendmentId, CancellationToken cancellationToken)
    {
        var amendment = await db.Amendments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == amendmentId, cancellationToken);
        if (amendment is null) return null;
        var grants = await db.Grants.AsNoTracking().Where(g => g.OrganizationId == amendment.OrganizationId).ToListAsync(cancellationToken);
        return AmendmentView.From(amendment, grants);
    }

    /// <summary>
    /// The amendments waiting for a reviewer (under review), oldest request first, for the review queue beside the
    /// enrollments; <paramref name="accountRepId"/> narrows them to one representative's portfolio.
    /// </summary>
    public async Task<IReadOnlyList<AmendmentQueueItem>> UnderReviewAsync(Guid? accountRepId, CancellationToken cancellationToken)
    {
        var organizations = db.Organizations.AsNoTracking();
        if (accountRepId is { } rep) organizations = organizations.Where(o => o.AccountRepId == rep);
        var rows = await db.Amendments.AsNoTracking()
            .Where(a => a.Status == AmendmentStatus.UnderReview)
            .Join(organizations, a => a.OrganizationId, o => o.Id, (a, o) => new { Amendment = a, o.Name, o.Country })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Amendment.RequestedAt)
            .Select(r => new AmendmentQueueItem(r.Amendment.Id, r.Amendment.OrganizationId, r.Name, r.Country, r.Amendment.RequestedAt, [.. r.Amendment.UndecidedSurfaces()], r.Amendment.RenewGrantIds.Count > 0))];
    }

    /// <summary>An opaque cursor: the last row's request time (UTC ticks) and id.</summary>
    internal static class Cursor
    {
        public static string Write(DateTimeOffset requestedAt, Guid id) => $"{requestedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}-{id:N}";

        public static bool TryRead(string? cursor, out DateTimeOffset requestedAt, out Guid id)
        {
            requestedAt = default;
            id = Guid.Empty;
            var dash = cursor?.IndexOf('-', StringComparison.Ordinal) ?? -1;
            if (dash <= 0 || !long.TryParse(cursor.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks > DateTimeOffset.MaxValue.UtcTicks || !Guid.TryParseExact(cursor.AsSpan(dash + 1), "N", out id))
            {
                return false;
            }

            requestedAt = new DateTimeOffset(ticks, TimeSpan.Zero);
            return true;
        }

        public static bool IsValid(string? cursor) => cursor is null || TryRead(cursor, out _, out _);
    }
}
