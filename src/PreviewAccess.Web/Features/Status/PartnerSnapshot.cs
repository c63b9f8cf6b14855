using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Amendments;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Rollout;

namespace PreviewAccess.Web.Features.Status;

/// <summary>The partner's account representative, as the partner may see them.</summary>
public sealed record PartnerRepresentative(string Name, string Email);

/// <summary>
/// One organization with its grants, the waves they are placed in, and its representative: everything a
/// partner's pages read, loaded untracked. It is only ever loaded for the organization of the signed-in partner.
/// </summary>
public sealed record PartnerSnapshot(
    Organization Organization,
    IReadOnlyList<ScopeGrant> Grants,
    IReadOnlyDictionary<Guid, Wave> Waves,
    PartnerRepresentative Representative)
{
    /// <summary>The organization's amendments not yet decided (under review, or waiting for the partner's answer), oldest first.</summary>
    public IReadOnlyList<Amendment> PendingAmendments { get; init; } = [];

    /// <summary>
    /// A directory that knows this organization only: the partner's own diagnosis can never find, and so
    /// never describe, another organization. An identifier of someone else's is simply unknown here.
    /// </summary>
    public IAccessDirectory OwnDirectory() => new InMemoryAccessDirectory([OrganizationFacts.From(Organization, Grants)]);
}

public sealed class PartnerSnapshots(PortalDbContext db)
{
    public async Task<PartnerSnapshot?> LoadAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.AsNoTracking().Include(o => o.Invitations)
            .SingleOrDefaultAsync(o => o.Id == organizationId, cancellationToken);
        if (organization is null) return null;

        var grants = await db.Grants.AsNoTracking().Where(g => g.OrganizationId == organizationId).ToListAsync(cancellationToken);
        var waveIds = grants.Where(g => g.WaveId is not null).Select(g => g.WaveId!.Value).Distinct().ToList();
        var waves = waveIds.Count == 0
            ? new Dictionary<Guid, Wave>()
            : await db.Waves.AsNoTracking().Where(w => waveIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, cancellationToken);
        var representative = await db.Users.AsNoTracking().Where(u => u.Id == organization.AccountRepId)
            .Select(u => new PartnerRepresentative(u.DisplayName, u.Email ?? string.Empty))
            .SingleOrDefaultAsync(cancellationToken);

        var pending = await db.Amendments.AsNoTracking()
            .Where(a => a.OrganizationId == organizationId && a.Status != AmendmentStatus.Decided)
            .OrderBy(a => a.RequestedAt)
            .ToListAsync(cancellationToken);

        return new PartnerSnapshot(
            organization,
            grants.OrderBy(g => g.Surface).ThenBy(g => g.Identifier, StringComparer.Ordinal).ToList(),
            waves,
            representative ?? new PartnerRepresentative("Your account representative", string.Empty))
        {
            PendingAmendments = pending,
        };
    }

    /// <summary>The catalog's models, most capable (dearest) first. A handful of rows: ordered here, on every provider.</summary>
    public async Task<IReadOnlyList<PreviewModel>> ModelsAsync(CancellationToken cancellationToken) =>
        (await db.Models.AsNoTracking().ToListAsync(cancellationToken))
        .OrderByDescending(m => m.InputPerMillion).ThenBy(m => m.ModelId, StringComparer.Ordinal).ToList();

    public async Task<IReadOnlySet<string>> UnsupportedCountriesAsync(CancellationToken cancellationToken) =>
        (await db.UnsupportedCountries.AsNoTracking().Select(c => c.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
}
