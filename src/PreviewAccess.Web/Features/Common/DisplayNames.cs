using System.Text.RegularExpressions;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Web.Features.Common;

/// <summary>States in words for staff pages ("Under review", "Pending second approval"), and the colour that goes with them.</summary>
public static partial class DisplayNames
{
    public static string Of(OrganizationStatus status) => Words(status.ToString());

    public static string Of(GrantStatus status) => Words(status.ToString());

    public static string Of(Surface surface) => surface.DisplayName();

    /// <summary>Why a scheduled grant cannot be enabled, in words, for the admin and the support pages alike.</summary>
    public static string Of(EnablementBlocker blocker) => blocker switch
    {
        EnablementBlocker.GovernmentCoordinationMissing => "Government coordination not recorded",
        EnablementBlocker.TermsNotAccepted => "Preview terms not accepted",
        EnablementBlocker.OrganizationSuspended => "Organization suspended",
        _ => blocker.ToString(),
    };

    /// <summary>An audit action in words, for the timelines of staff and support: <c>grant.second-approval</c> → "Grant second approval".</summary>
    public static string OfAction(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var words = action.Replace('.', ' ').Replace('-', ' ');
        return words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>A Bootstrap badge class: colour backs up the words, it never replaces them.</summary>
    public static string BadgeClass(OrganizationStatus status) => status switch
    {
        // Green is kept for an enabled grant, the one thing that is access: a reviewed organization may hold none.
        OrganizationStatus.Reviewed => "text-bg-primary",
        OrganizationStatus.UnderReview => "text-bg-warning",
        OrganizationStatus.Suspended => "text-bg-danger",
        OrganizationStatus.Enrolling or OrganizationStatus.Invited => "text-bg-info",
        _ => "text-bg-secondary",
    };

    public static string BadgeClass(GrantStatus status) => status switch
    {
        GrantStatus.Enabled => "text-bg-success",
        GrantStatus.Suspended or GrantStatus.Revoked or GrantStatus.Expired => "text-bg-danger",
        GrantStatus.Scheduled or GrantStatus.Provisioning => "text-bg-info",
        _ => "text-bg-warning",
    };

    private static string Words(string pascal)
    {
        var spaced = SplitWords().Replace(pascal, " $1").ToLowerInvariant();
        return char.ToUpperInvariant(spaced[0]) + spaced[1..];
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex SplitWords();
}
