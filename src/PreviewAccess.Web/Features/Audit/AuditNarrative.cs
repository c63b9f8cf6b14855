using System.Globalization;
using System.Text.Json;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Audit;

/// <summary>One field an event changed, in words: <see cref="Before"/> is null when the event created it.</summary>
public sealed record AuditFieldChange(string Field, string? Before, string? After);

/// <summary>An audit event told for people: a sentence, the fields it changed, and the stored row (its raw JSON included).</summary>
public sealed record AuditStory(AuditRow Event, string Sentence, IReadOnlyList<AuditFieldChange> Changes);

/// <summary>
/// What the log's own rows do not say and a sentence needs, looked up once per page: people's names by email, grants'
/// surface and identifier by id, models' names by id.
/// </summary>
public sealed record AuditNames(
    IReadOnlyDictionary<string, string> People,
    IReadOnlyDictionary<Guid, (Surface Surface, string Identifier)> Grants,
    IReadOnlyDictionary<string, string> Models)
{
    public static readonly AuditNames None = new(new Dictionary<string, string>(), new Dictionary<Guid, (Surface, string)>(), new Dictionary<string, string>());
}

/// <summary>
/// Tells an audit event as a sentence ("Rosa Rep approved the API for Litware Systems: org-…, GPT-5.6 Sol and GPT-5.6
/// Terra, until 2027-03-01.") with a compact before → after of the fields that changed. Internal ids stay out of both;
/// the raw snapshots stay on the <see cref="AuditStory.Event"/>. An action this class has no words for is still told,
/// from its name.
/// </summary>
public static class AuditNarrative
{
    private static readonly Dictionary<string, Func<Tale, string>> Sentences = new(StringComparer.Ordinal)
    {
        ["organization.nominated"] = t => $"{t.Actor} nominated {t.Organization}",
        ["organization.edited"] = t => $"{t.Actor} edited {t.Organization}",
        ["organization.handed-over"] = t => $"{t.Actor} handed {t.Organization} over to another representative",
        ["organization.suspended"] = t => $"{t.Actor} suspended {t.Organization}{t.Reason}",
        ["organization.reinstated"] = t => $"{t.Actor} reinstated {t.Organization}{t.Reason}",
        ["organization.invitation-expired"] = t => $"The invitation of {t.Organization} expired unanswered",
        ["invitation.sent"] = t => $"{t.Actor} invited {t.Organization}{t.Text("email", " ({0})")}",
        ["invitation.resent"] = t => $"{t.Actor} sent the invitation of {t.Organization} again",
        ["invitation.revoked"] = t => $"{t.Actor} withdrew the invitation of {t.Organization}",
        ["invitation.accepted"] = t => $"{t.Actor} accepted the invitation of {t.Organization}",
        ["enrollment.submitted"] = t => $"{t.Actor} submitted the enrollment of {t.Organization}",
        ["enrollment.needs-info"] = t => $"{t.Actor} asked {t.Organization} for more information about {t.SurfaceName}",
        ["decision.approved"] = t => $"{t.Actor} approved {t.SurfaceName} for {t.Organization}",
        ["decision.declined"] = t => $"{t.Actor} declined {t.SurfaceName} for {t.Organization}",
        ["decision.needs-info"] = t => $"{t.Actor} asked {t.Organization} for more information about {t.SurfaceName}",
        ["government-coordination.recorded"] = t => $"{t.Actor} recorded the government coordination of {t.Organization}{t.Text("reference", " ({0})")}",
        ["grant.approved"] = t => $"{t.Actor} approved {t.SurfaceName} for {t.Organization}{t.Scope}",
        ["grant.pending-second-approval"] = t => $"{t.Actor} approved {t.SurfaceName} for {t.Organization}, waiting for a second approver{t.Scope}",
        ["grant.second-approval"] = t => $"{t.Actor} gave the second approval of {t.Grant} of {t.Organization}",
        ["grant.widened"] = t => $"{t.Actor} widened {t.Grant} of {t.Organization}{t.Scope}",
        ["grant.renewed"] = t => $"{t.Actor} renewed {t.Grant} of {t.Organization}{t.Until}",
        ["grant.recertified"] = t => $"{t.Actor} recertified {t.Grant} of {t.Organization}{t.Until}",
        ["grant.scheduled"] = t => $"{t.Actor} placed {t.Grant} of {t.Organization} in {t.Text("wave", "{0}", "a wave")}",
        ["grant.provisioning"] = t => $"Provisioning of {t.Grant} of {t.Organization} started",
        ["grant.enabled"] = t => $"{Capitalized(t.Grant)} of {t.Organization} was enabled",
        ["grant.suspended"] = t => $"{t.Actor} suspended {t.Grant} of {t.Organization}{t.Reason}",
        ["grant.reinstated"] = t => $"{t.Actor} reinstated {t.Grant} of {t.Organization}{t.Reason}",
        ["grant.revoked"] = t => $"{t.Actor} revoked {t.Grant} of {t.Organization}{t.Reason}",
        ["grant.expired"] = t => $"{Capitalized(t.Grant)} of {t.Organization} expired",
        ["grant.expiry-notice-sent"] = t => $"The portal told {t.Organization} that {t.Grant} expires soon",
        ["amendment.requested"] = t => $"{t.Actor} asked to change the access of {t.Organization}",
        ["amendment.approved"] = t => $"{t.Actor} approved a change to the access of {t.Organization}",
        ["amendment.declined"] = t => $"{t.Actor} declined a change to the access of {t.Organization}",
        ["amendment.needs-info"] = t => $"{t.Actor} asked {t.Organization} for more information about a change to its access",
        ["review.message"] = t => $"{t.Actor} wrote to {t.Organization} about its review",
        ["review.answered"] = t => $"{t.Actor} answered for {t.Organization} in its review",
        ["feedback.sent"] = t => $"{t.Actor} sent feedback from {t.Organization}{t.Text("topic", " about “{0}”")}",
        ["support-case.opened"] = t => $"{t.Actor} opened a support case for {t.Organization}",
        ["support-case.assigned"] = t => $"{t.Actor} assigned a support case of {t.Organization}",
        ["support-case.status-changed"] = t => $"{t.Actor} moved a support case of {t.Organization} on",
        ["support-case.note-added"] = t => $"{t.Actor} added an internal note to a support case of {t.Organization}",
        ["support-case.replied"] = t => $"{t.Actor} replied to a support case of {t.Organization}",
        ["support-case.partner-replied"] = t => $"{t.Actor} replied in a support case of {t.Organization}",
        ["member.invited"] = t => $"{t.Actor} invited a colleague to {t.Organization}{t.Text("email", " ({0})")}",
        ["member.invitation-revoked"] = t => $"{t.Actor} withdrew a colleague's invitation to {t.Organization}{t.Text("email", " ({0})")}",
        ["member.joined"] = t => $"{t.Actor} joined {t.Organization}",
        ["member.removed"] = t => $"{t.Actor} removed {t.Text("email", "{0}", "a colleague")} from {t.Organization}",
        ["wave.planned"] = t => $"{t.Actor} planned the wave {t.Text("name", "“{0}”")}",
        ["wave.opened"] = t => $"{t.Actor} opened a wave",
        ["wave.paused"] = t => $"{t.Actor} paused a wave",
        ["wave.resumed"] = t => $"{t.Actor} resumed a wave",
        ["staff.created"] = t => $"{t.Actor} added {t.Text("displayName", "{0}", "a staff member")} to the staff{t.Text("role", " as {0}")}",
        ["staff.role-changed"] = t => $"{t.Actor} changed a staff member's role",
        ["staff.disabled"] = t => $"{t.Actor} disabled a staff member's account",
        ["staff.enabled"] = t => $"{t.Actor} enabled a staff member's account again",
        ["staff.second-factor-reset"] = t => $"{t.Actor} reset a staff member's second factor",
        ["account.two-factor-enabled"] = t => $"{t.Actor} turned on two-step sign-in",
        ["account.two-factor-disabled"] = t => $"{t.Actor} turned off two-step sign-in",
        ["account.recovery-codes-regenerated"] = t => $"{t.Actor} made new recovery codes",
        ["account.passkey-added"] = t => $"{t.Actor} added a passkey{t.Text("passkey", " (“{0}”)")}",
        ["account.passkey-removed"] = t => $"{t.Actor} removed a passkey{t.Text("passkey", " (“{0}”)", side: Side.Before)}",
        ["user.locked-out"] = t => $"An account was locked after {t.Text("failures", "{0}", "repeated")} failed sign-ins",
        ["api-key.created"] = t => $"{t.Actor} created the API key {t.Text("name", "“{0}”")}",
        ["api-key.revoked"] = t => $"{t.Actor} revoked the API key {t.Text("name", "“{0}”")}",
        ["webhook.registered"] = t => $"{t.Actor} registered a webhook endpoint",
        ["webhook.changed"] = t => $"{t.Actor} changed a webhook endpoint",
        ["webhook.test-queued"] = t => $"{t.Actor} sent a test event to a webhook endpoint",
        ["webhook.deleted"] = t => $"{t.Actor} deleted a webhook endpoint",
        ["webhook.delivery-resent"] = t => $"{t.Actor} sent a webhook delivery again",
        ["model.added"] = t => $"{t.Actor} added the model {t.Text("name", "{0}")} to the catalog",
        ["model.prices-changed"] = t => $"{t.Actor} changed the prices of {t.Text("name", "{0}", "a model")}",
        ["program-settings.unsupported-country-added"] = t => $"{t.Actor} added a country to the unsupported list",
        ["program-settings.unsupported-country-removed"] = t => $"{t.Actor} removed a country from the unsupported list",
        ["program-settings.phase-changed"] = t => $"{t.Actor} changed the program's phase",
        ["program-settings.second-approval-changed"] = t => $"{t.Actor} changed whether grants need a second approval",
        ["program-settings.cache-multipliers-changed"] = t => $"{t.Actor} changed the prompt-caching multipliers",
    };

    /// <summary>Fields whose values are internal ids or secrets' hints: kept in the raw JSON, left out of the words.</summary>
    private static readonly HashSet<string> Unspoken = new(StringComparer.OrdinalIgnoreCase) { "secretHint", "displayPrefix" };

    /// <summary>Whether <paramref name="action"/> has a sentence of its own (otherwise it is told from its name).</summary>
    internal static bool Tells(string action) => Sentences.ContainsKey(action);

    public static AuditStory Tell(AuditRow row, AuditNames names)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(names);
        using var before = Parse(row.Before);
        using var after = Parse(row.After);
        var tale = new Tale(row, names, before?.RootElement, after?.RootElement);
        var sentence = Sentences.TryGetValue(row.Action, out var tell)
            ? tell(tale)
            : $"{tale.Actor}: {Vocabulary.AuditAction(row.Action).ToLowerInvariant()}{(row.OrganizationId is null ? string.Empty : " — " + tale.Organization)}";
        return new AuditStory(row, sentence + ".", Changes(row, names, before?.RootElement, after?.RootElement, tale.Told));
    }

    /// <summary>
    /// Every field present on either side whose value differs, in the order the snapshots list them; a field the sentence
    /// already told is left out unless it had a value before (then the change itself is news).
    /// </summary>
    private static List<AuditFieldChange> Changes(AuditRow row, AuditNames names, JsonElement? before, JsonElement? after, IReadOnlySet<string> told)
    {
        var fields = new List<string>();
        foreach (var side in new[] { before, after })
        {
            if (side is not { ValueKind: JsonValueKind.Object } state) continue;
            foreach (var property in state.EnumerateObject())
            {
                if (!fields.Contains(property.Name, StringComparer.Ordinal)) fields.Add(property.Name);
            }
        }

        var changes = new List<AuditFieldChange>();
        foreach (var field in fields.Where(f => !Unspoken.Contains(f)))
        {
            var old = Value(before, field);
            var now = Value(after, field);
            if (old is { } o && now is { } n && JsonElement.DeepEquals(o, n)) continue;
            if (IsId(old) || IsId(now)) continue;
            if (told.Contains(field) && old is null or { ValueKind: JsonValueKind.Null }) continue;
            changes.Add(new AuditFieldChange(FieldName(field), Words(row.SubjectType, field, old, names), Words(row.SubjectType, field, now, names)));
        }

        return changes;
    }

    private static JsonElement? Value(JsonElement? state, string field) =>
        state is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(field, out var value) ? value : null;

    /// <summary>An internal id, or a list of them (an amendment's grants): not for the words.</summary>
    private static bool IsId(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } s => Guid.TryParse(s.GetString(), out _),
        { ValueKind: JsonValueKind.Array } list => list.GetArrayLength() > 0 && list.EnumerateArray().All(item => IsId(item)),
        _ => false,
    };

    /// <summary>A value as a person reads it: statuses in the portal's labels, days and moments in its formats, lists joined.</summary>
    private static string? Words(string subjectType, string field, JsonElement? value, AuditNames names)
    {
        if (value is not { } v) return null;
        switch (v.ValueKind)
        {
            case JsonValueKind.Null:
                return "—";
            case JsonValueKind.True:
                return "Yes";
            case JsonValueKind.False:
                return "No";
            case JsonValueKind.Number:
                return v.GetRawText();
            case JsonValueKind.Array:
                var items = v.EnumerateArray().Select(item => Words(subjectType, field, item, names) ?? string.Empty).ToList();
                return items.Count == 0 ? "none" : string.Join(", ", items);
            case JsonValueKind.String:
                return StringWords(subjectType, field, v.GetString()!, names);
            default:
                return v.GetRawText();
        }
    }

    private static string StringWords(string subjectType, string field, string text, AuditNames names)
    {
        if (field.Equals("status", StringComparison.OrdinalIgnoreCase))
        {
            if (subjectType == "Grant" && Enum.TryParse<GrantStatus>(text, out var grantStatus)) return Vocabulary.For(grantStatus).Text;
            if (subjectType == "Organization" && Enum.TryParse<OrganizationStatus>(text, out var organizationStatus)) return Vocabulary.For(organizationStatus).Text;
        }

        if (field.Equals("surface", StringComparison.OrdinalIgnoreCase) && Enum.TryParse<Surface>(text, out var surface)) return surface.DisplayName();
        if (names.Models.TryGetValue(text, out var model)) return model;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return Vocabulary.Day(day);
        if (text.Length > 10 && text[10] == 'T' && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
        {
            return Vocabulary.Moment(moment);
        }

        return text;
    }

    /// <summary><c>expiresOn</c> → "Expires on".</summary>
    private static string FieldName(string field)
    {
        var words = new System.Text.StringBuilder(field.Length + 4);
        foreach (var c in field)
        {
            if (char.IsUpper(c) && words.Length > 0) words.Append(' ').Append(char.ToLowerInvariant(c));
            else words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : c);
        }

        return words.ToString().Replace("Api ", "API ", StringComparison.Ordinal);
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static JsonDocument? Parse(string? json)
    {
        if (json is null) return null;
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            // Not JSON: only a tampered row could be. The sentence goes without its details; the raw text is still shown.
            return null;
        }
    }

    private enum Side
    {
        After,
        Before,
    }

    /// <summary>The parts a sentence is made of, each already in words.</summary>
    private sealed class Tale(AuditRow row, AuditNames names, JsonElement? before, JsonElement? after)
    {
        private readonly HashSet<string> _told = new(StringComparer.Ordinal);

        /// <summary>The snapshot fields the sentence read.</summary>
        public IReadOnlySet<string> Told => _told;

        public string Actor => row.Actor == HttpCurrentActor.System
            ? "The portal"
            : names.People.TryGetValue(row.Actor, out var name) && !string.IsNullOrWhiteSpace(name) ? name : row.Actor;

        /// <summary>The organization's name (for an organization's own event, that is its <c>name</c> field told).</summary>
        public string Organization
        {
            get
            {
                if (row.SubjectType == "Organization") _told.Add("name");
                return row.OrganizationName ?? "an organization";
            }
        }

        /// <summary>"the API" or "Codex", from the snapshot or the grant.</summary>
        public string SurfaceName
        {
            get
            {
                return KnownSurface switch
                {
                    Surface.Api => "the API",
                    { } s => s.DisplayName(),
                    null => "a surface",
                };
            }
        }

        /// <summary>"the API grant org-…": the grant as the portal knows it, else what the snapshot says.</summary>
        public string Grant
        {
            get
            {
                var identifier = Field("identifier") ?? (KnownGrant is { } known ? known.Identifier : null);
                var surface = KnownSurface is { } s ? s.DisplayName() + " grant" : "grant";
                return identifier is null ? $"a {surface}" : $"the {surface} {identifier}";
            }
        }

        /// <summary>": org-…, GPT-5.6 Sol and GPT-5.6 Terra, until 2027-03-01" — what a grant covers, as far as the snapshot says.</summary>
        public string Scope
        {
            get
            {
                var parts = new List<string>();
                if (Field("identifier") is { } identifier) parts.Add(identifier);
                if (List("models") is { Count: > 0 } models) parts.Add(Joined([.. models.Select(m => names.Models.TryGetValue(m, out var n) ? n : m)]));
                if (Field("expiresOn") is { } expires) parts.Add("until " + StringWords(row.SubjectType, "expiresOn", expires, names));
                return parts.Count == 0 ? string.Empty : ": " + string.Join(", ", parts);
            }
        }

        public string Until => Field("expiresOn") is { } expires ? " until " + StringWords(row.SubjectType, "expiresOn", expires, names) : string.Empty;

        /// <summary>": reason" when the event says why.</summary>
        public string Reason
        {
            get
            {
                var reason = Field("reason") ?? Field("statusReason") ?? Field("suspensionReason");
                return string.IsNullOrWhiteSpace(reason) ? string.Empty : $": “{reason.Trim().TrimEnd('.')}”";
            }
        }

        /// <summary>A field of the snapshot, formatted into <paramref name="format"/>, or <paramref name="otherwise"/>.</summary>
        public string Text(string field, string format, string otherwise = "", Side side = Side.After)
        {
            _told.Add(field);
            var value = side == Side.Before ? Field(field, before) : Field(field);
            return value is null ? otherwise : string.Format(CultureInfo.InvariantCulture, format, value);
        }

        private Surface? KnownSurface => Enum.TryParse<Surface>(Field("surface"), out var surface)
            ? surface
            : KnownGrant is { } known ? known.Surface : null;

        private (Surface Surface, string Identifier)? KnownGrant =>
            row.SubjectType == "Grant" && Guid.TryParse(row.SubjectId, out var id) && names.Grants.TryGetValue(id, out var grant) ? grant : null;

        /// <summary>A string or number field of the after-snapshot (else the before-snapshot), by its stored (camelCase) name.</summary>
        private string? Field(string name)
        {
            _told.Add(name);
            return Field(name, after) ?? Field(name, before);
        }

        private static string? Field(string name, JsonElement? state) => Value(state, name) switch
        {
            { ValueKind: JsonValueKind.String } s => s.GetString(),
            { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
            _ => null,
        };

        private List<string>? List(string name)
        {
            _told.Add(name);
            return (Value(after, name) ?? Value(before, name)) is { ValueKind: JsonValueKind.Array } array
                ? [.. array.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!)]
                : null;
        }

        private static string Joined(IReadOnlyList<string> items) => items.Count switch
        {
            1 => items[0],
            2 => $"{items[0]} and {items[1]}",
            _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
        };
    }
}
