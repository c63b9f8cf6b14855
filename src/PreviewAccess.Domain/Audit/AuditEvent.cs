namespace PreviewAccess.Domain.Audit;

/// <summary>
/// One state change: who, when, what, before and after. Events are append-only and chained: each carries a keyed hash
/// of itself and the hash of the one before it, so an edited or deleted row breaks the chain, and without the key nobody
/// can re-hash the rest to hide it. The newest events are sealed by signed <see cref="AuditCheckpoint"/>s.
/// </summary>
public sealed class AuditEvent
{
    private AuditEvent() { Actor = Action = SubjectType = SubjectId = PreviousHash = Hash = string.Empty; }

    public AuditEvent(DateTimeOffset at, string actor, string action, string subjectType, string subjectId,
        string? before, string? after, Guid? organizationId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(subjectType);
        ArgumentException.ThrowIfNullOrWhiteSpace(subjectId);
        // Whole milliseconds: the hash covers the time, and both databases store it exactly at that precision.
        At = at.AddTicks(-(at.UtcTicks % TimeSpan.TicksPerMillisecond));
        Actor = actor;
        Action = action;
        SubjectType = subjectType;
        SubjectId = subjectId;
        Before = before;
        After = after;
        OrganizationId = organizationId;
        PreviousHash = Hash = string.Empty;
    }

    /// <summary>Ascending; the chain's order.</summary>
    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>The staff or partner email, or <c>system</c> for background work.</summary>
    public string Actor { get; private set; }

    /// <summary>What happened, e.g. <c>organization.suspended</c>.</summary>
    public string Action { get; private set; }

    public string SubjectType { get; private set; }

    public string SubjectId { get; private set; }

    /// <summary>The organization the event concerns, so that its timeline can be read in one query.</summary>
    public Guid? OrganizationId { get; private set; }

    public string? Before { get; private set; }

    public string? After { get; private set; }

    public string PreviousHash { get; private set; }

    public string Hash { get; private set; }

    /// <summary>
    /// Seals the event onto the chain as number <paramref name="id"/>, after the event whose hash is
    /// <paramref name="previousHash"/> (empty for the first), with the chain's <paramref name="key"/>. Ids are
    /// consecutive, so two writers that raced for the same place collide on the key instead of forking the chain.
    /// </summary>
    public void Chain(long id, string previousHash, AuditChainKey key)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        ArgumentNullException.ThrowIfNull(key);
        if (Hash.Length > 0) throw new InvalidOperationException("An audit event is chained once.");
        if (id < 1) throw new ArgumentOutOfRangeException(nameof(id), "Audit event ids start at 1.");
        if (!key.IsKeyed) throw new ArgumentException("New audit events are chained with a key.", nameof(key));
        Id = id;
        PreviousHash = previousHash;
        Hash = AuditChain.ComputeHash(this, previousHash, key);
    }
}

public sealed record AuditVerification(bool Valid, int Checked, long? FirstBrokenId);

public static class AuditChain
{
    /// <summary>
    /// The event's hash: HMAC-SHA256 with the chain's key over its fields and the hash before it, or plain SHA-256
    /// for events written before the chain was keyed (<see cref="AuditChainKey.Unkeyed"/>), which anyone can recompute.
    /// </summary>
    public static string ComputeHash(AuditEvent auditEvent, string previousHash, AuditChainKey key)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        ArgumentNullException.ThrowIfNull(key);
        return key.Hash(AuditChainKey.Fields(
            previousHash, auditEvent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), auditEvent.At.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), auditEvent.Actor,
            auditEvent.Action, auditEvent.SubjectType, auditEvent.SubjectId, auditEvent.OrganizationId?.ToString() ?? string.Empty,
            auditEvent.Before ?? "\0", auditEvent.After ?? "\0"));
    }

    /// <summary>Checks events in chain order (ascending id), all chained with <paramref name="key"/>; reports the first one whose hash or link is wrong.</summary>
    public static AuditVerification Verify(IEnumerable<AuditEvent> eventsInOrder, AuditChainKey key, string previousHash = "")
    {
        ArgumentNullException.ThrowIfNull(eventsInOrder);
        var count = 0;
        foreach (var auditEvent in eventsInOrder)
        {
            count++;
            if (!Links(auditEvent, previousHash, key)) return new AuditVerification(false, count, auditEvent.Id);
            previousHash = auditEvent.Hash;
        }

        return new AuditVerification(true, count, null);
    }

    /// <summary>Whether the event follows <paramref name="previousHash"/> and carries its own hash under <paramref name="key"/>.</summary>
    public static bool Links(AuditEvent auditEvent, string previousHash, AuditChainKey key)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return auditEvent.PreviousHash == previousHash && AuditChainKey.SameText(auditEvent.Hash, ComputeHash(auditEvent, previousHash, key));
    }
}
