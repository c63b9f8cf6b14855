using PreviewAccess.Domain.Common;

namespace PreviewAccess.Domain.Webhooks;

/// <summary>
/// Where an admin wants state changes sent: a URL, the events it wants, and the secret that signs them. The secret
/// is held only in protected form (<see cref="ProtectedSecret"/>, encrypted by the web layer); it is shown once.
/// </summary>
public sealed class WebhookEndpoint : Aggregate
{
    public const int MinSecretLength = 24;
    public const int MaxSecretLength = 200;

    private WebhookEndpoint() { Url = ProtectedSecret = SecretHint = string.Empty; }

    public string Url { get; private set; }

    public List<string> EventTypes { get; private set; } = [];

    /// <summary>The secret, encrypted: it must be read back to sign, so it cannot be a hash.</summary>
    public string ProtectedSecret { get; private set; }

    /// <summary>The secret's last characters, so that a person can tell which secret a receiver holds.</summary>
    public string SecretHint { get; private set; }

    public bool IsActive { get; private set; }

    public Guid CreatedBy { get; private init; }

    public DateTimeOffset CreatedAt { get; private init; }

    public static WebhookEndpoint Register(Uri url, IEnumerable<string> eventTypes, string protectedSecret, string secretHint, Guid createdBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrEmpty(protectedSecret);
        var endpoint = new WebhookEndpoint
        {
            ProtectedSecret = protectedSecret,
            SecretHint = secretHint ?? string.Empty,
            CreatedBy = createdBy,
            CreatedAt = now,
            IsActive = true,
        };
        endpoint.Change(url, eventTypes);
        return endpoint;
    }

    public void Change(Uri url, IEnumerable<string> eventTypes)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) throw new DomainException("A webhook URL must be http or https.");
        var types = (eventTypes ?? []).Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (types.Count == 0) throw new DomainException("Choose at least one event.");
        if (types.FirstOrDefault(t => !WebhookEventTypes.IsKnown(t)) is { } unknown) throw new DomainException($"'{unknown}' is not an event this portal sends.");
        Url = url.AbsoluteUri;
        EventTypes = [.. WebhookEventTypes.All.Where(types.Contains)];
    }

    public void Deactivate()
    {
        if (!IsActive) throw new DomainException("The endpoint is already disabled.");
        IsActive = false;
    }

    public void Activate()
    {
        if (IsActive) throw new DomainException("The endpoint is already active.");
        IsActive = true;
    }

    public bool Wants(string eventType) => IsActive && EventTypes.Contains(eventType, StringComparer.Ordinal);
}
