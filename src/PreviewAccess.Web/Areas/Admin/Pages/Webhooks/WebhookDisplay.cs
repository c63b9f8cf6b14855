using System.Globalization;
using PreviewAccess.Domain.Webhooks;

namespace PreviewAccess.Web.Areas.Admin.Pages.Webhooks;

/// <summary>How the webhook pages put events and deliveries into words.</summary>
public static class WebhookDisplay
{
    public static string When(DateTimeOffset? at) =>
        at is { } value ? value.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "—";

    public static StatusLabel For(WebhookDeliveryStatus status, int attempts) => status switch
    {
        WebhookDeliveryStatus.Delivered => new("Delivered", "text-bg-success"),
        WebhookDeliveryStatus.Failed => new("Failed", "text-bg-danger", "Every attempt failed; nothing more is tried."),
        _ when attempts > 0 => new("Retrying", "text-bg-warning", "The last attempt failed; it is tried again at the time shown."),
        _ => new("Queued", "text-bg-info"),
    };

    public static string Describe(string eventType) => eventType switch
    {
        "grant.pending-second-approval" => "approved, waiting for a second approver",
        "grant.approved" => "approved",
        "grant.scheduled" => "placed in a wave",
        "grant.provisioning" => "being provisioned",
        "grant.enabled" => "enabled",
        "grant.suspended" => "suspended",
        "grant.reinstated" => "reinstated",
        "grant.revoked" => "revoked",
        "grant.expired" => "expired",
        "organization.nominated" => "nominated",
        "organization.invited" => "invited",
        "organization.enrolling" => "accepted the invitation",
        "organization.under-review" => "submitted its enrollment",
        "organization.reviewed" => "every requested surface decided",
        "organization.suspended" => "suspended",
        "organization.reinstated" => "reinstated",
        WebhookEventTypes.Test => "a test sent by an admin",
        _ => eventType,
    };
}
