using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using PreviewAccess.Data.Identity;

namespace PreviewAccess.Web.Features.Audit;

/// <summary>
/// What of the audit log its reader may see, decided by the reader's role in this one place for the API (the key's
/// owner) and the audit page and export (the signed-in person). Admins see every snapshot as written. Everyone else reads
/// webhook events without the endpoint's URL (which often carries the receiver's own token) or its secret hint: webhooks
/// are an admin's business, and neither helps anyone else read the log.
/// </summary>
public sealed class AuditReader
{
    /// <summary>Shown instead of a value the reader may not see.</summary>
    public const string Hidden = "[hidden]";

    /// <summary>Fields of snapshots (as stored: camelCase JSON) that only admins read, by subject type.</summary>
    private static readonly Dictionary<string, string[]> AdminOnlyFields = new(StringComparer.Ordinal)
    {
        ["WebhookEndpoint"] = ["url", "secretHint"],
    };

    private readonly bool _seesEverything;

    private AuditReader(bool seesEverything) => _seesEverything = seesEverything;

    public static AuditReader For(ClaimsPrincipal reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new AuditReader(reader.IsInRole(Roles.Admin));
    }

    /// <summary>The snapshot (JSON) as this reader may see it.</summary>
    public string? Snapshot(string subjectType, string? snapshot)
    {
        if (snapshot is null || _seesEverything || !AdminOnlyFields.TryGetValue(subjectType, out var fields)) return snapshot;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(snapshot);
        }
        catch (JsonException)
        {
            // Not JSON (only a tampered row could be): nothing of it can be told apart, so none of it is shown.
            return JsonSerializer.Serialize(Hidden);
        }

        if (node is not JsonObject state) return snapshot;
        foreach (var name in state.Select(p => p.Key).Where(k => fields.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList())
        {
            if (state[name] is not null) state[name] = Hidden;
        }

        return state.ToJsonString();
    }
}
