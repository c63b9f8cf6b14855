using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Web.Features.Grants;

/// <summary>One grant with what a person needs to change it: its version (for concurrency), its organization and who approved it.</summary>
public sealed record GrantDetailsView(
    Guid Id,
    Guid OrganizationId,
    string OrganizationName,
    OrganizationStatus OrganizationStatus,
    Surface Surface,
    string Identifier,
    IReadOnlyList<string> Models,
    IReadOnlyList<string> AccountEmails,
    GrantStatus Status,
    string? StatusReason,
    DateOnly? ExpiresOn,
    string Justification,
    string ApprovedBy,
    string? SecondApprovedBy,
    Guid ApprovedById,
    DateTimeOffset ApprovedAt,
    DateTimeOffset? EnabledAt,
    string? WaveName,
    IReadOnlyList<EnablementBlocker> Blockers,
    int Version,
    Guid AccountRepId);

public sealed class GrantDetails(PortalDbContext db)
{
    public async Task<GrantDetailsView?> GetAsync(Guid grantId, CancellationToken cancellationToken)
    {
        var grant = await db.Grants.AsNoTracking().SingleOrDefaultAsync(g => g.Id == grantId, cancellationToken);
        if (grant is null) return null;
        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == grant.OrganizationId, cancellationToken);
        var people = new[] { grant.ApprovedBy, grant.SecondApprovedBy ?? Guid.Empty };
        var emails = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.DisplayName, cancellationToken);
        var wave = grant.WaveId is { } waveId ? await db.Waves.AsNoTracking().Where(w => w.Id == waveId).Select(w => w.Name).SingleOrDefaultAsync(cancellationToken) : null;
        return new GrantDetailsView(grant.Id, organization.Id, organization.Name, organization.Status, grant.Surface, grant.Identifier, grant.Models,
            grant.AccountEmails, grant.Status, grant.StatusReason, grant.ExpiresOn, grant.Justification,
            emails.GetValueOrDefault(grant.ApprovedBy) ?? "unknown", grant.SecondApprovedBy is { } second ? emails.GetValueOrDefault(second) ?? "unknown" : null,
            grant.ApprovedBy, grant.CreatedAt, grant.EnabledAt, wave,
            grant.Status is GrantStatus.Approved or GrantStatus.Scheduled ? ScopeGrant.BlockersFor(organization) : [], grant.Version,
            organization.AccountRepId);
    }
}
