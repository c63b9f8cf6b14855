using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Support;
using PreviewAccess.Domain.Webhooks;

namespace PreviewAccess.Web.Features.Common;

public static partial class Vocabulary
{
    /// <summary>A staff or partner role as people say it; "Signed in" when there is none.</summary>
    public static string Role(string? role) => role switch
    {
        Roles.AccountRep => "Account representative",
        Roles.Admin => "Admin",
        Roles.Support => "Support",
        Roles.Partner => "Partner",
        null or "" => "Signed in",
        _ => role,
    };

    /// <summary>Why a scheduled grant cannot be enabled, for the admin and the support pages alike.</summary>
    public static string Blocker(EnablementBlocker blocker) => blocker switch
    {
        EnablementBlocker.GovernmentCoordinationMissing => "Government coordination not recorded",
        EnablementBlocker.TermsNotAccepted => "Preview terms not accepted",
        EnablementBlocker.OrganizationSuspended => "Organization suspended",
        _ => blocker.ToString(),
    };

    /// <summary>An audit action in words, for the timelines of staff and support: <c>grant.second-approval</c> → "Grant second approval".</summary>
    public static string AuditAction(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var words = action.Replace('.', ' ').Replace('-', ' ');
        return words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>What a webhook event type means, beside its code.</summary>
    public static string WebhookEvent(string eventType) => eventType switch
    {
        "grant.pending-second-approval" => "approved, waiting for a second approver",
        "grant.approved" => "approved, not yet enabled",
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

    /// <summary>A support case's category as support staff file it.</summary>
    public static string Category(SupportCaseCategory category) => category switch
    {
        SupportCaseCategory.AccessProblem => "Access problem",
        SupportCaseCategory.TechnicalIssue => "Technical issue",
        SupportCaseCategory.SlowOrEmptyResponse => "Slow or empty response (safety checks)",
        _ => category.ToString(),
    };

    /// <summary>The same category as the partner chose it.</summary>
    public static string CategoryForPartner(SupportCaseCategory category) => category switch
    {
        SupportCaseCategory.AccessProblem => "Cannot use GPT-5.6 with an approved API organization or Codex workspace",
        SupportCaseCategory.TechnicalIssue => "Technical error with confirmed access",
        SupportCaseCategory.SlowOrEmptyResponse => "Requests take longer or return no content",
        _ => category.ToString(),
    };

    public static string Surfaces(AffectedSurfaces surfaces) => surfaces switch
    {
        AffectedSurfaces.Api => "API",
        AffectedSurfaces.Codex => "Codex",
        AffectedSurfaces.Both => "API and Codex",
        _ => surfaces.ToString(),
    };
}
