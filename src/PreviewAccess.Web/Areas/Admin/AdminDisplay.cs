using System.Globalization;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Web.Areas.Admin;

/// <summary>A status as people read it: words first, a colour beside them (never the colour alone).</summary>
public sealed record StatusLabel(string Text, string CssClass, string? Hint = null);

/// <summary>How the staff pages name states. No label calls an approval "access": only an enabled grant is access.</summary>
public static class AdminDisplay
{
    public static StatusLabel For(OrganizationStatus status) => status switch
    {
        OrganizationStatus.Nominated => new("Nominated", "text-bg-light border", "Not invited yet"),
        OrganizationStatus.Invited => new("Invited", "text-bg-info", "Invitation sent, not accepted yet"),
        OrganizationStatus.Enrolling => new("Enrolling", "text-bg-info", "Invitation accepted; enrollment not submitted"),
        OrganizationStatus.UnderReview => new("Under review", "text-bg-warning", "Enrolled — a requested surface is undecided; not yet enabled"),
        OrganizationStatus.Reviewed => new("Reviewed", "text-bg-primary", "Every requested surface decided; see grants for what is enabled"),
        OrganizationStatus.Suspended => new("Suspended", "text-bg-danger", "Nothing is enabled while suspended"),
        _ => new(status.ToString(), "text-bg-secondary"),
    };

    public static StatusLabel For(GrantStatus status) => status switch
    {
        GrantStatus.PendingSecondApproval => new("Waiting for second approval", "text-bg-warning", "Not enabled"),
        GrantStatus.Approved => new("Approved — not yet enabled", "text-bg-info", "Not enabled until a wave enables it"),
        GrantStatus.Scheduled => new("Scheduled in a wave — not yet enabled", "text-bg-info", "Not enabled yet"),
        GrantStatus.Provisioning => new("Provisioning — not yet enabled", "text-bg-info", "Not enabled yet"),
        GrantStatus.Enabled => new("Enabled", "text-bg-success", "Access is active"),
        GrantStatus.Suspended => new("Suspended", "text-bg-danger", "Not usable while suspended"),
        GrantStatus.Revoked => new("Revoked", "text-bg-dark", "Ended"),
        GrantStatus.Expired => new("Expired", "text-bg-secondary", "Ended"),
        _ => new(status.ToString(), "text-bg-secondary"),
    };

    public static StatusLabel For(InvitationStatus status) => status switch
    {
        InvitationStatus.Pending => new("Pending", "text-bg-info"),
        InvitationStatus.Accepted => new("Accepted", "text-bg-success"),
        InvitationStatus.Expired => new("Expired", "text-bg-secondary"),
        InvitationStatus.Revoked => new("Revoked", "text-bg-dark"),
        _ => new(status.ToString(), "text-bg-secondary"),
    };

    public static string Role(string role) => role switch
    {
        Data.Identity.Roles.AccountRep => "Account representative",
        _ => role,
    };

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Day(DateOnly day) => day.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Moment(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>"3 days", "5 hours": how long something has waited.</summary>
    public static string Duration(TimeSpan span) => span.TotalDays >= 1
        ? Plural((int)span.TotalDays, "day")
        : span.TotalHours >= 1 ? Plural((int)span.TotalHours, "hour") : Plural(Math.Max(0, (int)span.TotalMinutes), "minute");

    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count.ToString(CultureInfo.InvariantCulture)} {noun}s";
}
