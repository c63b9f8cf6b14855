using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.Support;

/// <summary>An organization as support finds it: who it is, where it stands, and every grant it holds.</summary>
public sealed record LookupResult(Guid Id, string Name, string Country, OrganizationStatus Status, string AccountRepEmail,
    bool TrustedAccessForCyber, bool PreviousAlphaParticipant, IReadOnlyList<GrantView> Grants);

/// <summary>
/// Support looks an organization up by API organization ID, Codex workspace ID, account email or name
/// (the matching of <see cref="OrganizationQueries"/>), and sees each one with its grants.
/// </summary>
public sealed class SupportLookup(PortalDbContext db, OrganizationQueries organizations)
{
    public async Task<Page<LookupResult>> FindAsync(string query, int limit, string? after, CancellationToken cancellationToken)
    {
        var page = await organizations.ListAsync(new OrganizationFilter(Query: query), limit, after, cancellationToken);
        var ids = page.Items.Select(o => o.Id).ToList();
        var loaded = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        var grants = (await db.Grants.AsNoTracking().Where(g => ids.Contains(g.OrganizationId)).OrderBy(g => g.Surface).ThenBy(g => g.Identifier).ToListAsync(cancellationToken))
            .ToLookup(g => g.OrganizationId);
        var repIds = page.Items.Select(o => o.AccountRepId).Distinct().ToList();
        var reps = await db.Users.AsNoTracking().Where(u => repIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? string.Empty, cancellationToken);

        // An organization deleted between the two reads is left out rather than shown half.
        var items = page.Items.Where(o => loaded.ContainsKey(o.Id)).Select(o => new LookupResult(o.Id, o.Name, o.Country, o.Status,
                reps.GetValueOrDefault(o.AccountRepId, string.Empty), o.TrustedAccessForCyber, o.PreviousAlphaParticipant,
                [.. grants[o.Id].Select(g => GrantView.From(g, loaded[o.Id]))]))
            .ToList();
        return new Page<LookupResult>(items, page.Next);
    }
}
