using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Government;

/// <summary>One organization in the register: its coordination record, or none yet.</summary>
public sealed record RegisterEntry(
    Guid OrganizationId,
    string Name,
    string Country,
    OrganizationStatus Status,
    DateOnly? SharedOn,
    string? Reference,
    string? RecordedBy,
    DateTimeOffset? RecordedAt,
    int GrantsWaiting)
{
    public bool IsRecorded => SharedOn is not null;
}

/// <summary>
/// The government coordination register: for each organization, whether and when its participation was shared
/// with the government. Without a record no grant of the organization can be enabled.
/// </summary>
public sealed class GovernmentRegister(PortalDbContext db)
{
    public async Task<IReadOnlyList<RegisterEntry>> ListAsync(bool? recorded, CancellationToken cancellationToken)
    {
        var query = db.Organizations.AsNoTracking();
        if (recorded is true) query = query.Where(o => o.GovernmentCoordination != null);
        if (recorded is false) query = query.Where(o => o.GovernmentCoordination == null);
        var rows = await query.OrderBy(o => o.Name).ThenBy(o => o.Id)
            .Select(o => new
            {
                o.Id,
                o.Name,
                o.Country,
                o.Status,
                SharedOn = o.GovernmentCoordination == null ? (DateOnly?)null : o.GovernmentCoordination.SharedOn,
                Reference = o.GovernmentCoordination == null ? null : o.GovernmentCoordination.Reference,
                RecordedBy = o.GovernmentCoordination == null ? (Guid?)null : o.GovernmentCoordination.RecordedBy,
                RecordedAt = o.GovernmentCoordination == null ? (DateTimeOffset?)null : o.GovernmentCoordination.RecordedAt,
            })
            .ToListAsync(cancellationToken);

        var recorders = rows.Where(r => r.RecordedBy is not null).Select(r => r.RecordedBy!.Value).Distinct().ToList();
        var emails = await db.Users.AsNoTracking().Where(u => recorders.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.DisplayName, cancellationToken);
        var waiting = await db.Grants.AsNoTracking()
            .Where(g => g.Status == GrantStatus.Approved || g.Status == GrantStatus.Scheduled || g.Status == GrantStatus.PendingSecondApproval)
            .GroupBy(g => g.OrganizationId).Select(g => new { OrganizationId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.OrganizationId, g => g.Count, cancellationToken);

        return rows.Select(r => new RegisterEntry(r.Id, r.Name, r.Country, r.Status, r.SharedOn, r.Reference,
            r.RecordedBy is { } by ? emails.GetValueOrDefault(by) ?? "unknown" : null, r.RecordedAt, waiting.GetValueOrDefault(r.Id))).ToList();
    }

    public async Task<byte[]> ExportAsync(CancellationToken cancellationToken)
    {
        var entries = await ListAsync(recorded: null, cancellationToken);
        return await SpreadsheetCsv.ToBytesAsync(
            ["organization", "organization_id", "country", "status", "shared_on", "reference", "recorded_by", "recorded_at"],
            entries.Select(e => new[]
            {
                e.Name, e.OrganizationId.ToString(), e.Country, e.Status.ToString(),
                e.SharedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), e.Reference, e.RecordedBy,
                e.RecordedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            }),
            cancellationToken);
    }
}
