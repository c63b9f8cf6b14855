using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;

namespace PreviewAccess.Web.Features.Grants;

/// <summary>What the re-certification page lists: live grants expiring within some days, or enabled (or last re-certified) more than 90 days ago.</summary>
public sealed record RecertificationFilter(int ExpiringWithinDays, Guid? AccountRepId);

public sealed record RecertificationItem(
    Guid GrantId,
    int Version,
    Guid OrganizationId,
    string OrganizationName,
    string RepresentativeName,
    Surface Surface,
    string Identifier,
    IReadOnlyList<string> Models,
    GrantStatus Status,
    DateTimeOffset? EnabledAt,
    DateTimeOffset? RecertifiedAt,
    DateOnly? ExpiresOn,
    int? DaysUntilExpiry,
    bool ExpiringSoon,
    bool DueForRecertification);

public sealed record RecertificationList(IReadOnlyList<RecertificationItem> Items, bool Truncated);

public sealed class GrantsToRecertify(PortalDbContext db, TimeProvider clock)
{
    public const int DefaultDays = 30;
    public const int MaxDays = 365;
    public const int MaxItems = 200;

    public async Task<RecertificationList> ListAsync(RecertificationFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var horizon = today.AddDays(Math.Clamp(filter.ExpiringWithinDays, 0, MaxDays));
        var certifiedBefore = now.AddDays(-ScopeGrant.RecertificationDays);

        var query =
            from g in db.Grants.AsNoTracking()
            join o in db.Organizations.AsNoTracking() on g.OrganizationId equals o.Id
            where g.Status != GrantStatus.Revoked && g.Status != GrantStatus.Expired
            where (g.ExpiresOn != null && g.ExpiresOn >= today && g.ExpiresOn <= horizon)
                || (g.EnabledAt != null && ((g.RecertifiedAt == null && g.EnabledAt < certifiedBefore) || g.RecertifiedAt < certifiedBefore))
            select new { Grant = g, o.Name, o.AccountRepId };
        if (filter.AccountRepId is { } repId) query = query.Where(x => x.AccountRepId == repId);

        var rows = await query.OrderBy(x => x.Grant.ExpiresOn == null).ThenBy(x => x.Grant.ExpiresOn).ThenBy(x => x.Name).ThenBy(x => x.Grant.Id)
            .Take(MaxItems + 1).ToListAsync(cancellationToken);
        var repIds = rows.Select(r => r.AccountRepId).Distinct().ToList();
        var reps = await db.Users.AsNoTracking().Where(u => repIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? "Unknown" : u.DisplayName, cancellationToken);

        var items = rows.Take(MaxItems).Select(r => new RecertificationItem(
            r.Grant.Id, r.Grant.Version, r.Grant.OrganizationId, r.Name, reps.GetValueOrDefault(r.AccountRepId) ?? "Unknown",
            r.Grant.Surface, r.Grant.Identifier, r.Grant.Models, r.Grant.Status, r.Grant.EnabledAt, r.Grant.RecertifiedAt, r.Grant.ExpiresOn,
            r.Grant.DaysUntilExpiry(now), r.Grant.ExpiresOn is { } day && day >= today && day <= horizon, r.Grant.IsDueForRecertification(now))).ToList();
        return new RecertificationList(items, rows.Count > MaxItems);
    }
}
