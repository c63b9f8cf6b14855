namespace PreviewAccess.Domain.Webhooks;

/// <summary>
/// The events a webhook endpoint can subscribe to: every state change of a grant or an organization, named
/// <c>grant.&lt;status&gt;</c> / <c>organization.&lt;status&gt;</c> after the state it leads to (the statuses of
/// API.md in kebab case), plus <c>…reinstated</c>, which returns to an earlier state and is worth its own name.
/// </summary>
public static class WebhookEventTypes
{
    /// <summary>Sent only by the admin's "send a test event"; no endpoint subscribes to it.</summary>
    public const string Test = "webhook.test";

    public const string GrantReinstated = "grant.reinstated";
    public const string OrganizationReinstated = "organization.reinstated";

    public static IReadOnlyList<string> Grant { get; } =
    [
        "grant.pending-second-approval", "grant.approved", "grant.scheduled", "grant.provisioning", "grant.enabled",
        "grant.suspended", GrantReinstated, "grant.revoked", "grant.expired",
    ];

    public static IReadOnlyList<string> Organization { get; } =
    [
        "organization.nominated", "organization.invited", "organization.enrolling", "organization.under-review",
        "organization.reviewed", "organization.suspended", OrganizationReinstated,
    ];

    public static IReadOnlyList<string> All { get; } = [.. Grant, .. Organization];

    public static bool IsKnown(string type) => All.Contains(type, StringComparer.Ordinal);

    /// <summary><c>UnderReview</c> → <c>under-review</c>.</summary>
    public static string Kebab(string pascal)
    {
        ArgumentNullException.ThrowIfNull(pascal);
        var text = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0) text.Append('-');
            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
