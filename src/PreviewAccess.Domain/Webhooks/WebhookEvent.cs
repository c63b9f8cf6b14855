using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PreviewAccess.Domain.Audit;

namespace PreviewAccess.Domain.Webhooks;

/// <summary>
/// A state change as webhook receivers see it. The body is exactly
/// <c>{ "id", "type", "occurredAt", "data": { "organizationId", "grantId"?, "status", "previousStatus", "reason" } }</c>;
/// <c>id</c> is the same for every endpoint that receives the event, so a receiver can drop repeats.
/// </summary>
public sealed record WebhookEvent(Guid Id, string Type, DateTimeOffset OccurredAt, Guid? OrganizationId, Guid? GrantId,
    string? Status, string? PreviousStatus, string? Reason)
{
    /// <summary>
    /// The webhook event of an audit event, or null when the audit event is no grant or organization state change
    /// (an edit, a note, an API key, a wave of its own…).
    /// </summary>
    public static WebhookEvent? FromAudit(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var prefix = auditEvent.SubjectType switch
        {
            "Grant" => "grant",
            "Organization" => "organization",
            _ => null,
        };
        if (prefix is null || !Guid.TryParse(auditEvent.SubjectId, out var subjectId)) return null;

        var after = Read(auditEvent.After);
        var before = Read(auditEvent.Before);
        var status = Text(after, "status");
        var previous = Text(before, "status");
        if (status is null) return null;

        string type;
        if (auditEvent.Action == $"{prefix}.reinstated") type = auditEvent.Action;
        else if (previous != status) type = $"{prefix}.{WebhookEventTypes.Kebab(status)}";
        else return null;
        if (!WebhookEventTypes.IsKnown(type)) return null;

        var reason = Text(after, "statusReason") ?? Text(after, "suspensionReason") ?? Text(after, "reason");
        return prefix == "grant"
            ? new WebhookEvent(Guid.CreateVersion7(), type, auditEvent.At, auditEvent.OrganizationId, subjectId, status, previous, reason)
            : new WebhookEvent(Guid.CreateVersion7(), type, auditEvent.At, subjectId, null, status, previous, reason);
    }

    /// <summary>The test event an admin sends to check an endpoint: no state changed.</summary>
    public static WebhookEvent TestEvent(DateTimeOffset now) => new(Guid.CreateVersion7(), WebhookEventTypes.Test, now, null, null, null, null, null);

    /// <summary>The JSON body, exactly as it is signed and sent.</summary>
    public string ToJson()
    {
        var data = new JsonObject();
        if (OrganizationId is { } organizationId) data["organizationId"] = organizationId.ToString();
        if (GrantId is { } grantId) data["grantId"] = grantId.ToString();
        if (Type != WebhookEventTypes.Test)
        {
            data["status"] = Status;
            data["previousStatus"] = PreviousStatus;
            data["reason"] = Reason;
        }

        var body = new JsonObject
        {
            ["id"] = Id.ToString(),
            ["type"] = Type,
            ["occurredAt"] = OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["data"] = data,
        };
        return body.ToJsonString();
    }

    private static JsonObject? Read(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject? json, string name) =>
        json is not null && json.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
