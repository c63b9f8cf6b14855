using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Audit;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.AuditLog;

/// <summary>An audit event as read back: <see cref="Before"/> and <see cref="After"/> are the snapshots as JSON.</summary>
public sealed record AuditEventView(string Id, DateTimeOffset At, string Actor, string Action, string SubjectType, string SubjectId,
    Guid? OrganizationId, JsonElement? Before, JsonElement? After);

public sealed record AuditVerificationView(bool Valid, int Checked, string? FirstBrokenId);

/// <summary>Reads of the append-only audit log: pages of it in chain order, and a check of the whole chain.</summary>
public sealed class AuditLogQueries(PortalDbContext db)
{
    /// <summary>How many events a verification reads at a time: the chain is checked in full, never held in memory in full.</summary>
    private const int VerificationBatch = 1000;

    /// <summary>Oldest first; <paramref name="after"/> is the previous page's <see cref="Page{T}.Next"/>.</summary>
    public async Task<Page<AuditEventView>> ListAsync(int limit, string? after, CancellationToken cancellationToken)
    {
        var query = db.AuditEvents.AsNoTracking();
        if (TryReadCursor(after, out var lastId)) query = query.Where(e => e.Id > lastId);
        var rows = await query.OrderBy(e => e.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var next = rows.Count > limit ? WriteCursor(rows[limit - 1].Id) : null;
        return new Page<AuditEventView>([.. rows.Take(limit).Select(View)], next);
    }

    /// <summary>Whether every event still carries the hash of the one before it and its own, from the first to the last.</summary>
    public async Task<AuditVerificationView> VerifyAsync(CancellationToken cancellationToken)
    {
        var result = await VerifyChainAsync(cancellationToken);
        return new AuditVerificationView(result.Valid, result.Checked, result.FirstBrokenId is { } id ? WriteId(id) : null);
    }

    /// <summary>
    /// Walks the whole chain in order, a batch at a time, and reports the first event whose hash or link is wrong.
    /// Ids are consecutive from 1, so a gap is a deleted event. The API and the admin page both read this one walk.
    /// </summary>
    public async Task<AuditVerification> VerifyChainAsync(CancellationToken cancellationToken)
    {
        var previousHash = string.Empty;
        var checkedCount = 0;
        long after = 0;
        while (true)
        {
            var batch = await db.AuditEvents.AsNoTracking().Where(e => e.Id > after).OrderBy(e => e.Id).Take(VerificationBatch).ToListAsync(cancellationToken);
            if (batch.Count == 0) return new AuditVerification(true, checkedCount, null);
            var expected = after + 1;
            foreach (var auditEvent in batch)
            {
                if (auditEvent.Id != expected++) return new AuditVerification(false, checkedCount + 1, auditEvent.Id);
            }

            var result = AuditChain.Verify(batch, previousHash);
            if (!result.Valid) return new AuditVerification(false, checkedCount + result.Checked, result.FirstBrokenId);
            checkedCount += result.Checked;
            previousHash = batch[^1].Hash;
            after = batch[^1].Id;
        }
    }

    /// <summary>A cursor is the last event's id, as the id itself is shown: an opaque string.</summary>
    public static bool IsValidCursor(string? cursor) => cursor is null || TryReadCursor(cursor, out _);

    private static bool TryReadCursor(string? cursor, out long lastId) =>
        long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out lastId) && lastId >= 0;

    private static string WriteCursor(long id) => WriteId(id);

    private static string WriteId(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static AuditEventView View(AuditEvent e) =>
        new(WriteId(e.Id), e.At, e.Actor, e.Action, e.SubjectType, e.SubjectId, e.OrganizationId, Snapshot(e.Before), Snapshot(e.After));

    /// <summary>Snapshots are stored as JSON; one that is not (it cannot be, unless the row was tampered with) is shown as a string.</summary>
    private static JsonElement? Snapshot(string? json)
    {
        if (json is null) return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(json);
        }
    }
}
