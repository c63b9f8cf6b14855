using System.Globalization;

namespace PreviewAccess.Domain.Audit;

public enum AuditCheckpointKind
{
    /// <summary>
    /// Where a key takes over: events after <see cref="AuditCheckpoint.HeadId"/> are chained with
    /// <see cref="AuditCheckpoint.KeyId"/>'s key; those up to it are sealed by its hash (before the first anchor,
    /// events are unkeyed: the log as written before the chain had a key).
    /// </summary>
    Anchor,

    /// <summary>Written by the portal on its own, every few minutes, when the log has grown.</summary>
    Scheduled,

    /// <summary>Written when an admin asked for it.</summary>
    Requested,
}

/// <summary>
/// A signed record of the chain's head: how many events it had, the last one's id and hash, when. Kept outside the
/// events table and signed with the chain's key, so that deleting the newest events (which leaves a shorter chain that
/// still links) or rewriting any event up to the head is found by comparing the live chain with it.
/// </summary>
public sealed class AuditCheckpoint
{
    private AuditCheckpoint() { HeadHash = Actor = KeyId = Signature = string.Empty; }

    public long Id { get; private set; }

    public AuditCheckpointKind Kind { get; private set; }

    /// <summary>Events in the chain at the time; ids are consecutive from 1, so it is also the head's id.</summary>
    public long Count { get; private set; }

    /// <summary>The newest event's id, 0 for an empty log.</summary>
    public long HeadId { get; private set; }

    /// <summary>The newest event's hash, empty for an empty log.</summary>
    public string HeadHash { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>The admin who asked for it, or <c>system</c>.</summary>
    public string Actor { get; private set; }

    /// <summary>The fingerprint of the key that signed it (<see cref="AuditChainKey.Id"/>).</summary>
    public string KeyId { get; private set; }

    public string Signature { get; private set; }

    public static AuditCheckpoint Seal(AuditCheckpointKind kind, long count, long headId, string headHash, DateTimeOffset at, string actor, AuditChainKey key)
    {
        ArgumentNullException.ThrowIfNull(headHash);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentNullException.ThrowIfNull(key);
        if (count < 0 || headId < 0) throw new ArgumentOutOfRangeException(nameof(count), "A checkpoint counts events from zero.");
        var checkpoint = new AuditCheckpoint
        {
            Kind = kind,
            Count = count,
            HeadId = headId,
            HeadHash = headHash,
            // Whole milliseconds: the signature covers the time, and both databases keep it at that precision.
            At = at.AddTicks(-(at.UtcTicks % TimeSpan.TicksPerMillisecond)),
            Actor = actor,
            KeyId = key.Id,
        };
        checkpoint.Signature = key.Sign(checkpoint.SignedText());
        return checkpoint;
    }

    /// <summary>Whether <paramref name="key"/> signed this checkpoint as it stands: any field changed since fails.</summary>
    public bool IsSignedBy(AuditChainKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Id == KeyId && key.Verifies(SignedText(), Signature);
    }

    private string SignedText() => AuditChainKey.Fields(
        "audit-checkpoint", Kind.ToString(), Count.ToString(CultureInfo.InvariantCulture), HeadId.ToString(CultureInfo.InvariantCulture), HeadHash,
        At.UtcTicks.ToString(CultureInfo.InvariantCulture), Actor, KeyId);
}
