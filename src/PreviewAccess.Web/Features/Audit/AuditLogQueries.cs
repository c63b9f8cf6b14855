using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Audit;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.Audit;

/// <summary>An audit event as read back: <see cref="Before"/> and <see cref="After"/> are the snapshots as JSON.</summary>
public sealed record AuditEventView(string Id, DateTimeOffset At, string Actor, string Action, string SubjectType, string SubjectId,
    Guid? OrganizationId, JsonElement? Before, JsonElement? After);

/// <summary>
/// <c>GET /api/v1/audit/verify</c>: <see cref="Valid"/>, <see cref="Checked"/> (events actually read and checked, up to
/// and including the first broken one) and <see cref="FirstBrokenId"/> as API.md has them; <see cref="Truncated"/> when
/// events a checkpoint had sealed are gone (<see cref="FirstBrokenId"/> is then the first missing one),
/// <see cref="LastCheckpoint"/>, and the <see cref="Problem"/> in words.
/// </summary>
public sealed record AuditVerificationView(bool Valid, int Checked, string? FirstBrokenId, bool Truncated, AuditCheckpointView? LastCheckpoint, string? Problem);

/// <summary>A checkpoint as the API shows it: how many events it sealed, the last one's id, when.</summary>
public sealed record AuditCheckpointView(long Count, string HeadId, DateTimeOffset At);

/// <summary>
/// A verification of the chain. <see cref="HeadId"/> and <see cref="HeadHash"/> are the last event that verified;
/// <see cref="LastCheckpoint"/> is the newest trusted checkpoint (not an anchor); <see cref="SealedCount"/> the most
/// events any trusted checkpoint sealed.
/// </summary>
public sealed record AuditChainReport(bool Valid, int Checked, long? FirstBrokenId, bool Truncated, AuditCheckpoint? LastCheckpoint, string? Problem,
    long HeadId, string HeadHash, long SealedCount);

/// <summary>Reads of the append-only audit log: pages of it in chain order, and a check of the whole chain.</summary>
public sealed class AuditLogQueries(PortalDbContext db)
{
    /// <summary>How many events a verification reads at a time: the chain is checked in full, never held in memory in full.</summary>
    private const int VerificationBatch = 1000;

    /// <summary>Oldest first; <paramref name="after"/> is the previous page's <see cref="Page{T}.Next"/>.</summary>
    public async Task<Page<AuditEventView>> ListAsync(int limit, string? after, AuditReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var query = db.AuditEvents.AsNoTracking();
        if (TryReadCursor(after, out var lastId)) query = query.Where(e => e.Id > lastId);
        var rows = await query.OrderBy(e => e.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var next = rows.Count > limit ? WriteCursor(rows[limit - 1].Id) : null;
        return new Page<AuditEventView>([.. rows.Take(limit).Select(e => View(e, reader))], next);
    }

    /// <summary>The whole chain checked against its keys and its checkpoints, as the API reports it.</summary>
    public async Task<AuditVerificationView> VerifyAsync(CancellationToken cancellationToken)
    {
        var result = await VerifyChainAsync(cancellationToken);
        return new AuditVerificationView(result.Valid, result.Checked, result.FirstBrokenId is { } id ? WriteId(id) : null, result.Truncated,
            result.LastCheckpoint is { } c ? new AuditCheckpointView(c.Count, WriteId(c.HeadId), c.At) : null, result.Problem);
    }

    /// <summary>
    /// Walks the whole chain in order, a batch at a time: ids consecutive from 1 (a gap is a deleted event), each event
    /// linked to the one before and hashed under the key of its stretch (<see cref="AuditCheckpointKind.Anchor"/>), each
    /// checkpoint signed and matching the event it sealed, and no fewer events than the checkpoints sealed (fewer is a
    /// truncation). The API, the admin page and the checkpoint writer all read this one walk.
    /// </summary>
    public Task<AuditChainReport> VerifyChainAsync(CancellationToken cancellationToken) => WalkAsync(sinceLatestCheckpoint: false, cancellationToken);

    /// <summary>
    /// The same walk from the newest trusted checkpoint on: the chain up to it is vouched for by its signed hash, which
    /// the event it names must still carry. What a new checkpoint needs, without reading the whole log every time.
    /// </summary>
    public Task<AuditChainReport> VerifySinceLatestCheckpointAsync(CancellationToken cancellationToken) => WalkAsync(sinceLatestCheckpoint: true, cancellationToken);

    private async Task<AuditChainReport> WalkAsync(bool sinceLatestCheckpoint, CancellationToken cancellationToken)
    {
        var keys = await db.KnownAuditChainKeysAsync(cancellationToken);
        var checkpoints = await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancellationToken);
        string? problem = null;
        var trusted = new List<AuditCheckpoint>();
        foreach (var checkpoint in checkpoints)
        {
            if (keys.TryGetValue(checkpoint.KeyId, out var signer) && checkpoint.IsSignedBy(signer)) trusted.Add(checkpoint);
            else problem ??= keys.ContainsKey(checkpoint.KeyId)
                ? $"Checkpoint {checkpoint.Id} is not signed with the chain's key: it was written or changed outside the portal."
                : $"Checkpoint {checkpoint.Id} is signed with key {checkpoint.KeyId}, which this portal does not hold: it was written outside the portal, or that key is no longer configured (Audit:PreviousChainKeys).";
        }

        var anchors = trusted.Where(c => c.Kind == AuditCheckpointKind.Anchor).OrderBy(c => c.HeadId).ThenBy(c => c.Id).ToList();
        var seals = trusted.ToLookup(c => c.HeadId, c => c.HeadHash);
        var sealedCount = trusted.Count == 0 ? 0 : trusted.Max(c => c.Count);
        var lastCheckpoint = trusted.Where(c => c.Kind != AuditCheckpointKind.Anchor).MaxBy(c => c.Id);

        var from = sinceLatestCheckpoint ? trusted.Where(c => c.HeadId > 0).MaxBy(c => c.HeadId) : null;
        var (after, previousHash, checkedCount) = (from?.HeadId ?? 0, from?.HeadHash ?? string.Empty, 0);
        if (from is not null)
        {
            var sealedHash = await db.AuditEvents.AsNoTracking().Where(e => e.Id == from.HeadId).Select(e => e.Hash).FirstOrDefaultAsync(cancellationToken);
            if (sealedHash is null || !AuditChainKey.SameText(sealedHash, from.HeadHash))
            {
                return Broken(from.HeadId, $"Event #{from.HeadId} no longer matches the checkpoint that sealed it: it, or one before it, was changed or removed.");
            }
        }

        var stretch = -1;
        while (true)
        {
            var batch = await db.AuditEvents.AsNoTracking().Where(e => e.Id > after).OrderBy(e => e.Id).Take(VerificationBatch).ToListAsync(cancellationToken);
            if (batch.Count == 0) break;
            foreach (var auditEvent in batch)
            {
                checkedCount++;
                if (auditEvent.Id != after + 1) return Broken(auditEvent.Id, $"Event #{after + 1} is missing: it was deleted.");
                while (stretch + 1 < anchors.Count && anchors[stretch + 1].HeadId < auditEvent.Id) stretch++;
                var keyId = stretch < 0 ? AuditChainKey.UnkeyedId : anchors[stretch].KeyId;
                if (!keys.TryGetValue(keyId, out var key))
                {
                    return Broken(auditEvent.Id, $"Events from #{auditEvent.Id} are chained with key {keyId}, which this portal does not hold (Audit:PreviousChainKeys).");
                }

                if (!AuditChain.Links(auditEvent, previousHash, key))
                {
                    return Broken(auditEvent.Id, $"Event #{auditEvent.Id} was changed, or one before it removed, after it was written.");
                }

                if (seals[auditEvent.Id].Any(hash => !AuditChainKey.SameText(hash, auditEvent.Hash)))
                {
                    return Broken(auditEvent.Id, $"Event #{auditEvent.Id} does not match the checkpoint that sealed it: it, or one before it, was rewritten.");
                }

                previousHash = auditEvent.Hash;
                after = auditEvent.Id;
            }
        }

        if (after < sealedCount)
        {
            return new AuditChainReport(false, checkedCount, after + 1, true, lastCheckpoint,
                $"Events #{after + 1} to #{sealedCount} were removed: a checkpoint had sealed {sealedCount} events, and the log now ends at #{after}.", after, previousHash, sealedCount);
        }

        return new AuditChainReport(problem is null, checkedCount, null, false, lastCheckpoint, problem, after, previousHash, sealedCount);

        AuditChainReport Broken(long id, string why) => new(false, checkedCount, id, false, lastCheckpoint, why, after, previousHash, sealedCount);
    }

    /// <summary>A cursor is the last event's id, as the id itself is shown: an opaque string.</summary>
    public static bool IsValidCursor(string? cursor) => cursor is null || TryReadCursor(cursor, out _);

    private static bool TryReadCursor(string? cursor, out long lastId) =>
        long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out lastId) && lastId >= 0;

    private static string WriteCursor(long id) => WriteId(id);

    private static string WriteId(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static AuditEventView View(AuditEvent e, AuditReader reader) =>
        new(WriteId(e.Id), e.At, e.Actor, e.Action, e.SubjectType, e.SubjectId, e.OrganizationId,
            Snapshot(reader.Snapshot(e.SubjectType, e.Before)), Snapshot(reader.Snapshot(e.SubjectType, e.After)));

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
