using System.Security.Cryptography;
using System.Text;

namespace PreviewAccess.Domain.Audit;

/// <summary>
/// One state change: who, when, what, before and after. Events are append-only and chained:
/// each carries the hash of the one before it, so an edited or deleted row breaks the chain.
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
    /// <paramref name="previousHash"/> (empty for the first). Ids are consecutive, so two writers that
    /// raced for the same place collide on the key instead of forking the chain.
    /// </summary>
    public void Chain(long id, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        if (Hash.Length > 0) throw new InvalidOperationException("An audit event is chained once.");
        if (id < 1) throw new ArgumentOutOfRangeException(nameof(id), "Audit event ids start at 1.");
        Id = id;
        PreviousHash = previousHash;
        Hash = AuditChain.ComputeHash(this, previousHash);
    }
}

public sealed record AuditVerification(bool Valid, int Checked, long? FirstBrokenId);

public static class AuditChain
{
    public static string ComputeHash(AuditEvent auditEvent, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        // Length-prefixed fields: no two different events serialize to the same text.
        var text = new StringBuilder();
        foreach (var field in new[]
                 {
                     previousHash, auditEvent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), auditEvent.At.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), auditEvent.Actor,
                     auditEvent.Action, auditEvent.SubjectType, auditEvent.SubjectId, auditEvent.OrganizationId?.ToString() ?? string.Empty,
                     auditEvent.Before ?? "\0", auditEvent.After ?? "\0",
                 })
        {
            text.Append(field.Length).Append(':').Append(field).Append('|');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Checks events in chain order (ascending id); reports the first one whose hash or link is wrong.</summary>
    public static AuditVerification Verify(IEnumerable<AuditEvent> eventsInOrder, string previousHash = "")
    {
        ArgumentNullException.ThrowIfNull(eventsInOrder);
        var count = 0;
        foreach (var auditEvent in eventsInOrder)
        {
            count++;
            if (auditEvent.PreviousHash != previousHash || auditEvent.Hash != ComputeHash(auditEvent, previousHash))
            {
                return new AuditVerification(false, count, auditEvent.Id);
            }

            previousHash = auditEvent.Hash;
        }

        return new AuditVerification(true, count, null);
    }
}
