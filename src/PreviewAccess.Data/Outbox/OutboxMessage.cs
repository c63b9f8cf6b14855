namespace PreviewAccess.Data.Outbox;

/// <summary>
/// Something to deliver after a change commits (a mail, later a webhook), written in the same transaction
/// as the change so that neither exists without the other. A background dispatcher delivers it, retrying
/// with back-off; <see cref="ClaimedUntil"/> keeps two instances from delivering the same message at once.
/// </summary>
public sealed class OutboxMessage
{
    public const string MailKind = "mail";

    private OutboxMessage() { Kind = Payload = string.Empty; }

    public OutboxMessage(string kind, string payload, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        Kind = kind;
        Payload = payload;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public Guid Id { get; private init; }

    public string Kind { get; private init; }

    /// <summary>JSON of the message to deliver.</summary>
    public string Payload { get; private init; }

    public DateTimeOffset CreatedAt { get; private init; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? ClaimedUntil { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Changes on every claim and outcome: two dispatchers claiming the same row conflict, and only one wins.</summary>
    public int Version { get; private set; }

    public void Claim(DateTimeOffset now, TimeSpan lease)
    {
        ClaimedUntil = now + lease;
        Version++;
    }

    public void Delivered(DateTimeOffset now)
    {
        DeliveredAt = now;
        ClaimedUntil = null;
        LastError = null;
        Version++;
    }

    /// <summary>Schedules the next try: 30 s, 1 min, 2 min, … at most an hour apart.</summary>
    public void Failed(DateTimeOffset now, string error)
    {
        Attempts++;
        var delay = TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Min(Attempts - 1, 10))));
        NextAttemptAt = now + delay;
        ClaimedUntil = null;
        LastError = error.Length > 2000 ? error[..2000] : error;
        Version++;
    }
}
