namespace PreviewAccess.Web.Features.Webhooks;

/// <summary>Settings under <c>Webhooks:</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Whether webhooks may go to loopback and private-network addresses. Off by default (a webhook must not be a way
    /// into the portal's own network); on in Development, and in tests whose receiver listens on 127.0.0.1.
    /// Link-local and metadata addresses are refused whatever this says.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How long one attempt may take, connecting included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
