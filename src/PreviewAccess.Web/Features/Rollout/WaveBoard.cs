using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Rollout;

namespace PreviewAccess.Web.Features.Rollout;

/// <summary>A wave in the list: what it is and how far its grants have come.</summary>
public sealed record WaveSummary(Guid Id, string Name, WaveState State, DateTimeOffset OpensAt, int Capacity, int EnablementsPerMinute,
    IReadOnlyDictionary<GrantStatus, int> Counts)
{
    public int Assigned => Counts.Values.Sum();

    public int Count(GrantStatus status) => Counts.TryGetValue(status, out var count) ? count : 0;
}

/// <summary>An approved grant waiting for a wave, as the assignment list shows it.</summary>
public sealed record AssignableGrant(Guid Id, Guid OrganizationId, string OrganizationName, string Country, Guid AccountRepId, Surface Surface,
    string Identifier, IReadOnlyList<string> Models, IReadOnlyList<EnablementBlocker> Blockers);

/// <summary>The first page of the grants that match a filter, and how many match in all.</summary>
public sealed record AssignablePage(IReadOnlyList<AssignableGrant> Items, int Total);

/// <summary>A scheduled grant of the wave that the worker cannot enable, and why.</summary>
public sealed record BlockedGrant(Guid Id, Guid OrganizationId, string OrganizationName, Surface Surface, string Identifier, IReadOnlyList<EnablementBlocker> Blockers);

/// <summary>How many of the wave's grants were in each status at one moment.</summary>
public sealed record ProgressPoint(DateTimeOffset At, IReadOnlyDictionary<GrantStatus, int> Counts)
{
    public int Count(GrantStatus status) => Counts.TryGetValue(status, out var count) ? count : 0;

    public int Total => Counts.Values.Sum();
}

/// <summary>
/// What the waves pages read: the list, the grants a wave can take, the blocked ones, and the progress over time.
/// The history is the audit log's: every status change of a grant is an event with its time and the status after it.
/// </summary>
public sealed class WaveBoard(PortalDbContext db, TimeProvider clock)
{
    public const int AssignablePageSize = 100;
    public const int MaxBlockedShown = 200;
    public const int ProgressPoints = 24;

    /// <summary>The statuses a grant has while it belongs to a wave; the chart counts these.</summary>
    public static readonly IReadOnlyList<GrantStatus> WaveStatuses =
        [GrantStatus.Scheduled, GrantStatus.Provisioning, GrantStatus.Enabled, GrantStatus.Suspended, GrantStatus.Revoked, GrantStatus.Expired];

    private static readonly string[] StatusChanges =
        ["grant.scheduled", "grant.provisioning", "grant.enabled", "grant.suspended", "grant.reinstated", "grant.revoked", "grant.expired"];

    /// <summary>Newest opening time first: what comes next sits at the top.</summary>
    public async Task<IReadOnlyList<WaveSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var waves = await db.Waves.AsNoTracking().OrderByDescending(w => w.OpensAt).ThenBy(w => w.Name).ToListAsync(cancellationToken);
        var counts = await db.Grants.AsNoTracking().Where(g => g.WaveId != null).GroupBy(g => new { g.WaveId, g.Status })
            .Select(g => new { g.Key.WaveId, g.Key.Status, Count = g.Count() }).ToListAsync(cancellationToken);
        return waves.Select(w => new WaveSummary(w.Id, w.Name, w.State, w.OpensAt, w.Capacity, w.EnablementsPerMinute,
            counts.Where(c => c.WaveId == w.Id).ToDictionary(c => c.Status, c => c.Count))).ToList();
    }

    public async Task<AssignablePage> AssignableAsync(AssignableGrantFilter filter, CancellationToken cancellationToken)
    {
        var matching = AssignableGrants.Matching(db, filter).AsNoTracking();
        var total = await matching.CountAsync(cancellationToken);
        var grants = await matching.OrderBy(g => g.CreatedAt).ThenBy(g => g.Id).Take(AssignablePageSize).ToListAsync(cancellationToken);
        var organizations = await OrganizationsAsync(grants.Select(g => g.OrganizationId), cancellationToken);
        var items = grants.Select(g =>
        {
            var organization = organizations[g.OrganizationId];
            return new AssignableGrant(g.Id, organization.Id, organization.Name, organization.Country, organization.AccountRepId, g.Surface, g.Identifier,
                g.Models, ScopeGrant.BlockersFor(organization));
        }).OrderBy(g => g.OrganizationName, StringComparer.OrdinalIgnoreCase).ThenBy(g => g.Surface).ThenBy(g => g.Identifier, StringComparer.Ordinal).ToList();
        return new AssignablePage(items, total);
    }

    /// <summary>The countries of organizations with a grant waiting for a wave: the country filter offers these.</summary>
    public async Task<IReadOnlyList<string>> AssignableCountriesAsync(CancellationToken cancellationToken) =>
        await db.Organizations.AsNoTracking()
            .Where(o => db.Grants.Any(g => g.OrganizationId == o.Id && g.Status == GrantStatus.Approved && g.WaveId == null))
            .Select(o => o.Country).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<BlockedGrant>> BlockedAsync(Guid waveId, CancellationToken cancellationToken)
    {
        var scheduled = await db.Grants.AsNoTracking().Where(g => g.WaveId == waveId && g.Status == GrantStatus.Scheduled)
            .Where(g => db.Organizations.Any(o => o.Id == g.OrganizationId && (o.Status == OrganizationStatus.Suspended || o.GovernmentCoordination == null || o.Enrollment == null)))
            .OrderBy(g => g.Id).Take(MaxBlockedShown).ToListAsync(cancellationToken);
        var organizations = await OrganizationsAsync(scheduled.Select(g => g.OrganizationId), cancellationToken);
        return scheduled
            .Select(g => new BlockedGrant(g.Id, g.OrganizationId, organizations[g.OrganizationId].Name, g.Surface, g.Identifier, ScopeGrant.BlockersFor(organizations[g.OrganizationId])))
            .Where(b => b.Blockers.Count > 0)
            .OrderBy(b => b.OrganizationName, StringComparer.OrdinalIgnoreCase).ThenBy(b => b.Identifier, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The wave's grants by status at <see cref="ProgressPoints"/> evenly spaced moments, from the first status change of one
    /// of its grants until now. Each grant counts from the moment it entered the wave; the last point is the state right now.
    /// </summary>
    public async Task<IReadOnlyList<ProgressPoint>> ProgressAsync(Guid waveId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var grants = await db.Grants.AsNoTracking().Where(g => g.WaveId == waveId).Select(g => new { g.Id, g.Status }).ToListAsync(cancellationToken);
        if (grants.Count == 0) return [];
        var subjects = grants.Select(g => g.Id.ToString()).ToList();
        var events = await db.AuditEvents.AsNoTracking()
            .Where(e => e.SubjectType == "Grant" && subjects.Contains(e.SubjectId) && StatusChanges.Contains(e.Action))
            .OrderBy(e => e.Id).Select(e => new { e.At, e.SubjectId, e.After }).ToListAsync(cancellationToken);
        var changes = events.Select(e => (e.At, Grant: e.SubjectId, Status: StatusAfter(e.After)))
            .Where(c => c.Status is { } status && WaveStatuses.Contains(status))
            .Select(c => (c.At, c.Grant, Status: c.Status!.Value)).ToList();

        var current = new ProgressPoint(now, WaveStatuses.ToDictionary(s => s, s => grants.Count(g => g.Status == s)));
        if (changes.Count == 0) return [current];
        var start = changes.Min(c => c.At);
        if (start >= now) return [current];
        var step = (now - start) / (ProgressPoints - 1);
        var points = new List<ProgressPoint>(ProgressPoints);
        for (var i = 0; i < ProgressPoints - 1; i++)
        {
            var at = start + (step * i);
            var latest = changes.Where(c => c.At <= at).GroupBy(c => c.Grant).Select(g => g.Last().Status).ToList();
            points.Add(new ProgressPoint(at, WaveStatuses.ToDictionary(s => s, s => latest.Count(l => l == s))));
        }

        points.Add(current);
        return points;
    }

    private static GrantStatus? StatusAfter(string? after)
    {
        if (string.IsNullOrEmpty(after)) return null;
        try
        {
            using var document = JsonDocument.Parse(after);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("status", out var status)
                && status.ValueKind == JsonValueKind.String
                && Enum.TryParse<GrantStatus>(status.GetString(), out var parsed) ? parsed : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<Dictionary<Guid, Organization>> OrganizationsAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Organizations.AsNoTracking().Where(o => wanted.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
    }
}
