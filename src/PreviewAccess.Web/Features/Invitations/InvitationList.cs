using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Invitations;

namespace PreviewAccess.Web.Features.Invitations;

public sealed record InvitationFilter(InvitationStatus? Status = null, Guid? AccountRepId = null, string? Email = null);

public sealed record InvitationListItem(Guid Id, Guid OrganizationId, string OrganizationName, string Email, InvitationStatus Status,
    DateTimeOffset SentAt, DateTimeOffset ExpiresAt, bool IsLatest);

public sealed record InvitationPage(IReadOnlyList<InvitationListItem> Items, string? Next);

/// <summary>Every invitation with its state now (pending, accepted, expired, revoked), newest first, keyset-paged.</summary>
public sealed class InvitationList(PortalDbContext db, TimeProvider clock)
{
    public const int PageSize = 50;

    public async Task<InvitationPage> ListAsync(InvitationFilter filter, string? after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var now = clock.GetUtcNow();
        var query = db.Invitations.AsNoTracking();
        query = filter.Status switch
        {
            InvitationStatus.Pending => query.Where(i => i.StoredStatus == InvitationStatus.Pending && i.ExpiresAt > now),
            InvitationStatus.Expired => query.Where(i => i.StoredStatus == InvitationStatus.Pending && i.ExpiresAt <= now),
            { } stored => query.Where(i => i.StoredStatus == stored),
            null => query,
        };
        if (!string.IsNullOrWhiteSpace(filter.Email))
        {
            var email = filter.Email.Trim().ToLowerInvariant();
            query = query.Where(i => i.Email.Contains(email));
        }

        var organizations = db.Organizations.AsNoTracking();
        if (filter.AccountRepId is { } rep) organizations = organizations.Where(o => o.AccountRepId == rep);
        if (TryReadCursor(after, out var lastId)) query = query.Where(i => i.Id.CompareTo(lastId) < 0);

        var rows = await query
            .Join(organizations, i => i.OrganizationId, o => o.Id, (i, o) => new { Invitation = i, o.Name })
            .OrderByDescending(x => x.Invitation.Id)
            .Take(PageSize + 1)
            .ToListAsync(cancellationToken);

        // Only the latest invitation of an organization can be resent: an older one was replaced.
        var organizationIds = rows.Select(r => r.Invitation.OrganizationId).Distinct().ToList();
        var latest = (await db.Invitations.AsNoTracking().Where(i => organizationIds.Contains(i.OrganizationId))
                .Select(i => new { i.Id, i.OrganizationId, i.SentAt }).ToListAsync(cancellationToken))
            .GroupBy(i => i.OrganizationId).Select(g => g.MaxBy(i => i.SentAt)!.Id).ToHashSet();

        var items = rows.Take(PageSize).Select(r => new InvitationListItem(r.Invitation.Id, r.Invitation.OrganizationId, r.Name, r.Invitation.Email,
            r.Invitation.StatusAt(now), r.Invitation.SentAt, r.Invitation.ExpiresAt, latest.Contains(r.Invitation.Id))).ToList();
        return new InvitationPage(items, rows.Count > PageSize ? WriteCursor(items[^1].Id) : null);
    }

    private static string WriteCursor(Guid id) => id.ToString("N");

    private static bool TryReadCursor(string? cursor, out Guid id) => Guid.TryParseExact(cursor, "N", out id);
}
