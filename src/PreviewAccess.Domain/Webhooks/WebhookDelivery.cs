using PreviewAccess.Domain.Common;

namespace PreviewAccess.Domain.Webhooks;

public enum WebhookDeliveryStatus
{
    /// <summary>Queued, or failed and waiting for its next attempt.</summary>
    Pending,
    Delivered,

    /// <summary>Every attempt failed; nothing more is tried.</summary>
    Failed,
}

/// <summary>
/// One event on its way to one endpoint, queued in the transaction of the change (the outbox). The dispatcher
/// claims it for a short lease, posts it, and records the outcome: a 2xx delivers it; anything else is retried
/// with exponential back-off and jitter until <see cref="MaxAttempts"/>, then it is failed.
/// </summary>
public sealed class WebhookDelivery
{
    public const int MaxAttempts = 8;
    public const int MaxErrorLength = 1000;
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongestRetryDelay = TimeSpan.FromHours(2);

    /// <summary>Each delay is spread by up to this fraction either way, so that failed deliveries do not retry in lockstep.</summary>
    public const double JitterFraction = 0.2;

    private WebhookDelivery() { EventType = Payload = string.Empty; }

    public Guid Id { get; private init; }

    public Guid EndpointId { get; private init; }

    /// <summary>The event's id: the same for every endpoint that receives it, and for every attempt.</summary>
    public Guid EventId { get; private init; }

    public string EventType { get; private init; }

    /// <summary>The JSON body, exactly as it is signed and sent on every attempt.</summary>
    public string Payload { get; private init; }

    public DateTimeOffset OccurredAt { get; private init; }

    public DateTimeOffset CreatedAt { get; private init; }

    public WebhookDeliveryStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>Set while one dispatcher sends it: nobody else claims it before this time.</summary>
    public DateTimeOffset? ClaimedUntil { get; private set; }

    public DateTimeOffset? LastAttemptAt { get; private set; }

    public int? LastStatusCode { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>
    /// The delivery this one sends again, when an admin resent it: the same event (its id, type and body), a delivery of
    /// its own with its own attempts. Null for the event's first delivery to the endpoint, of which there is one.
    /// </summary>
    public Guid? ResendOf { get; private init; }

    /// <summary>Moves on every claim and outcome: two dispatchers writing the same row conflict.</summary>
    public int Version { get; private set; }

    public static WebhookDelivery Queue(Guid endpointId, WebhookEvent webhookEvent, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        return new WebhookDelivery
        {
            Id = Guid.CreateVersion7(),
            EndpointId = endpointId,
            EventId = webhookEvent.Id,
            EventType = webhookEvent.Type,
            Payload = webhookEvent.ToJson(),
            OccurredAt = webhookEvent.OccurredAt,
            CreatedAt = now,
            NextAttemptAt = now,
            Status = WebhookDeliveryStatus.Pending,
        };
    }

    /// <summary>
    /// A new delivery of <paramref name="original"/>'s event to the same endpoint, due now. The receiver gets the same event
    /// id, so one that already took the event in can tell it is a repeat. Not while the original is still being tried:
    /// the two would race each other to the receiver.
    /// </summary>
    public static WebhookDelivery Resend(WebhookDelivery original, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(original);
        if (original.Status == WebhookDeliveryStatus.Pending)
        {
            throw new DomainException("This delivery is still being tried: resend it once it is delivered or has failed.");
        }

        return new WebhookDelivery
        {
            Id = Guid.CreateVersion7(),
            EndpointId = original.EndpointId,
            EventId = original.EventId,
            EventType = original.EventType,
            Payload = original.Payload,
            OccurredAt = original.OccurredAt,
            CreatedAt = now,
            NextAttemptAt = now,
            Status = WebhookDeliveryStatus.Pending,
            ResendOf = original.Id,
        };
    }

    public bool IsDue(DateTimeOffset now) => Status == WebhookDeliveryStatus.Pending && NextAttemptAt <= now && (ClaimedUntil is null || ClaimedUntil < now);

    public void Claim(DateTimeOffset now, TimeSpan lease)
    {
        if (!IsDue(now)) throw new InvalidOperationException("Only a due, unclaimed delivery can be claimed.");
        ClaimedUntil = now + lease;
        Version++;
    }

    public void Delivered(DateTimeOffset now, int statusCode)
    {
        Attempts++;
        Status = WebhookDeliveryStatus.Delivered;
        DeliveredAt = LastAttemptAt = now;
        LastStatusCode = statusCode;
        LastError = null;
        ClaimedUntil = null;
        Version++;
    }

    /// <param name="statusCode">The receiver's answer, or null when there was none (refused, unreachable, timed out).</param>
    /// <param name="jitter">Between -1 and 1: where in the jitter range this retry falls (the caller draws it at random).</param>
    public void AttemptFailed(DateTimeOffset now, int? statusCode, string error, double jitter)
    {
        ArgumentNullException.ThrowIfNull(error);
        Attempts++;
        LastAttemptAt = now;
        LastStatusCode = statusCode;
        LastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        ClaimedUntil = null;
        if (Attempts >= MaxAttempts) Status = WebhookDeliveryStatus.Failed;
        else NextAttemptAt = now + RetryDelay(Attempts, jitter);
        Version++;
    }

    /// <summary>30 s after the first failure, then doubling, at most two hours; each spread by ±20 %.</summary>
    public static TimeSpan RetryDelay(int failedAttempts, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var clamped = Math.Clamp(jitter, -1, 1);
        var exponential = FirstRetryDelay.TotalSeconds * Math.Pow(2, Math.Min(failedAttempts - 1, 20));
        var seconds = Math.Min(exponential, LongestRetryDelay.TotalSeconds) * (1 + (JitterFraction * clamped));
        return TimeSpan.FromSeconds(seconds);
    }
}
