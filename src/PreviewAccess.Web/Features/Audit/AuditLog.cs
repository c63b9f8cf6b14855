using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Audit;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Audit;

public sealed record AuditFilter(Guid? OrganizationId = null, string? Actor = null, string? Action = null, DateOnly? From = null, DateOnly? To = null);

public sealed record AuditRow(long Id, DateTimeOffset At, string Actor, string Action, string SubjectType, string SubjectId,
    Guid? OrganizationId, string? OrganizationName, string? Before, string? After);

public sealed record AuditPage(IReadOnlyList<AuditStory> Items, long? Next);

/// <summary>
/// The audit log for people: filtered, newest first, keyset-paged, each event told as a sentence; exported as CSV; and
/// its chain verified. Snapshots are
/// shown as the reader's role may see them (<see cref="AuditReader"/>).
/// </summary>
public sealed class AuditLog(PortalDbContext db, AuditLogQueries chain, AuditStories stories)
{
    public const int PageSize = 50;
    public const int MaxExportRows = 100_000;

    public static IReadOnlyList<string> ExportColumns { get; } =
        ["id", "at_utc", "actor", "action", "subject_type", "subject_id", "organization_id", "organization", "before", "after"];

    public async Task<AuditPage> ListAsync(AuditFilter filter, long? before, AuditReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var query = Filtered(filter);
        if (before is { } last) query = query.Where(e => e.Id < last);
        var rows = await Project(query.OrderByDescending(e => e.Id).Take(PageSize + 1)).ToListAsync(cancellationToken);
        var told = await stories.TellAsync([.. rows.Take(PageSize).Select(r => ForReader(r, reader))], cancellationToken);
        return new AuditPage(told, rows.Count > PageSize ? rows[PageSize - 1].Id : null);
    }

    /// <summary>The actions that occur in the log, for the filter's pick-list.</summary>
    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken cancellationToken) =>
        await db.AuditEvents.AsNoTracking().Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);

    public async Task ExportAsync(AuditFilter filter, AuditReader reader, Stream destination, CancellationToken cancellationToken) =>
        await SpreadsheetCsv.WriteAsync(destination, ExportColumns, ExportRowsAsync(filter, reader, cancellationToken), cancellationToken);

    private async IAsyncEnumerable<string?[]> ExportRowsAsync(AuditFilter filter, AuditReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = Project(Filtered(filter).OrderBy(e => e.Id).Take(MaxExportRows)).AsAsyncEnumerable().WithCancellation(cancellationToken);
        await foreach (var stored in rows)
        {
            var row = ForReader(stored, reader);
            yield return
            [
                row.Id.ToString(CultureInfo.InvariantCulture),
                row.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                row.Actor, row.Action, row.SubjectType, row.SubjectId, row.OrganizationId?.ToString(), row.OrganizationName, row.Before, row.After,
            ];
        }
    }

    /// <summary>The chain's verification, as the API reports it too.</summary>
    public Task<AuditChainReport> VerifyAsync(CancellationToken cancellationToken) => chain.VerifyChainAsync(cancellationToken);

    private static AuditRow ForReader(AuditRow row, AuditReader reader) =>
        row with { Before = reader.Snapshot(row.SubjectType, row.Before), After = reader.Snapshot(row.SubjectType, row.After) };

    private IQueryable<AuditEvent> Filtered(AuditFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.AuditEvents.AsNoTracking();
        if (filter.OrganizationId is { } organizationId) query = query.Where(e => e.OrganizationId == organizationId);
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var pattern = ContainsPattern(filter.Actor.Trim().ToLowerInvariant());
            query = query.Where(e => EF.Functions.Like(e.Actor.ToLower(), pattern, "\\"));
        }

        if (!string.IsNullOrWhiteSpace(filter.Action)) query = query.Where(e => e.Action == filter.Action.Trim());
        if (filter.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.At >= start);
        }

        if (filter.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.At < end);
        }

        return query;
    }

    private static string ContainsPattern(string text) =>
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    private IQueryable<AuditRow> Project(IQueryable<AuditEvent> events) =>
        from e in events
        join o in db.Organizations.AsNoTracking() on e.OrganizationId equals o.Id into organizations
        from o in organizations.DefaultIfEmpty()
        select new AuditRow(e.Id, e.At, e.Actor, e.Action, e.SubjectType, e.SubjectId, e.OrganizationId, o == null ? null : o.Name, e.Before, e.After);
}
