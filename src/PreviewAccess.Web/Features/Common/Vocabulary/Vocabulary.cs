using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Rollout;
using PreviewAccess.Domain.Support;
using PreviewAccess.Domain.Webhooks;
using PreviewAccess.Web.Features.Support;

namespace PreviewAccess.Web.Features.Common;

/// <summary>
/// The one place that turns the program's states into words and colours, and dates, durations and money into text.
/// No label calls an enrollment or an approval "access": only an enabled grant is access, and only it is green.
/// Statuses are here; dates and durations in Vocabulary.Time.cs; money in Vocabulary.Money.cs; other names in Vocabulary.Names.cs.
/// </summary>
public static partial class Vocabulary
{
    /// <summary>The colour of a tone, as a Bootstrap badge class.</summary>
    public static string Badge(StatusTone tone) => tone switch
    {
        StatusTone.Enabled => "text-bg-success",
        StatusTone.Waiting => "text-bg-info",
        StatusTone.ActionNeeded => "text-bg-warning",
        StatusTone.Stopped => "text-bg-danger",
        StatusTone.InUse => "text-bg-primary",
        _ => "text-bg-secondary",
    };

    public static StatusLabel For(OrganizationStatus status) => status switch
    {
        OrganizationStatus.Nominated => new("Nominated", StatusTone.Neutral, "Not invited yet"),
        OrganizationStatus.Invited => new("Invited", StatusTone.Waiting, "Invitation sent, not accepted yet"),
        OrganizationStatus.Enrolling => new("Enrolling", StatusTone.ActionNeeded, "Invitation accepted; enrollment not submitted"),
        OrganizationStatus.UnderReview => new("Under review", StatusTone.Waiting, "Enrolled — a requested surface is undecided; not yet enabled"),
        OrganizationStatus.Reviewed => new("Reviewed", StatusTone.Waiting, "Every requested surface decided; its grants say what is enabled"),
        OrganizationStatus.Suspended => new("Suspended", StatusTone.Stopped, "Nothing is enabled while suspended"),
        _ => new(status.ToString(), StatusTone.Neutral),
    };

    /// <summary>The organization's status in a partner's words; the same tone as <see cref="For(OrganizationStatus)"/>.</summary>
    public static StatusLabel ForPartner(OrganizationStatus status, bool moreInformationAsked = false) => status switch
    {
        OrganizationStatus.Nominated or OrganizationStatus.Invited => new("Invitation not yet accepted", For(status).Tone),
        OrganizationStatus.Enrolling when moreInformationAsked => new("More information needed", StatusTone.ActionNeeded),
        OrganizationStatus.Enrolling => new("Enrollment not yet submitted", StatusTone.ActionNeeded),
        OrganizationStatus.UnderReview => new("Enrolled — under review", StatusTone.Waiting),
        OrganizationStatus.Reviewed => new("Enrolled — reviewed", StatusTone.Waiting),
        OrganizationStatus.Suspended => new("Suspended", StatusTone.Stopped),
        _ => new(status.ToString(), StatusTone.Neutral),
    };

    /// <summary>Every grant that waits says "not yet enabled"; only <see cref="GrantStatus.Enabled"/> is green.</summary>
    public static StatusLabel For(GrantStatus status) => status switch
    {
        GrantStatus.PendingSecondApproval => new("Waiting for second approval — not yet enabled", StatusTone.Waiting, "A second, different staff user approves it next"),
        GrantStatus.Approved => new("Approved — not yet enabled", StatusTone.Waiting, "Not enabled until a wave enables it"),
        GrantStatus.Scheduled => new("Scheduled in a wave — not yet enabled", StatusTone.Waiting, "Enabled once its wave is open and nothing blocks it"),
        GrantStatus.Provisioning => new("Provisioning — not yet enabled", StatusTone.Waiting, "Being enabled now"),
        GrantStatus.Enabled => new("Enabled", StatusTone.Enabled, "Access is active"),
        GrantStatus.Suspended => new("Suspended", StatusTone.Stopped, "Not usable while suspended"),
        GrantStatus.Revoked => new("Revoked", StatusTone.Stopped, "Ended"),
        GrantStatus.Expired => new("Expired", StatusTone.Stopped, "Ended"),
        _ => new(status.ToString(), StatusTone.Neutral),
    };

    /// <summary>An enabled grant of a suspended organization: its own status stays, but it is not access.</summary>
    public static StatusLabel HeldBySuspension(GrantStatus status) => status == GrantStatus.Enabled
        ? new("Enabled — not in effect", StatusTone.Stopped, "Its organization is suspended: nothing it holds is in effect")
        : For(status) with { Tone = StatusTone.Stopped, Hint = "Its organization is suspended: nothing it holds is in effect" };

    public static StatusLabel For(InvitationStatus status) => status switch
    {
        InvitationStatus.Pending => new("Pending", StatusTone.Waiting, "Sent, not accepted yet"),
        InvitationStatus.Accepted => new("Accepted", StatusTone.Neutral, "The organization went on to enroll"),
        InvitationStatus.Expired => new("Expired", StatusTone.Stopped, "The link no longer works"),
        InvitationStatus.Revoked => new("Revoked", StatusTone.Stopped, "The link no longer works"),
        _ => new(status.ToString(), StatusTone.Neutral),
    };

    /// <summary>Where a requested surface stands, before (or beside) its grants.</summary>
    public static StatusLabel For(SurfaceRequestState state) => state switch
    {
        SurfaceRequestState.NotRequested => new("Not requested", StatusTone.Neutral),
        SurfaceRequestState.UnderReview => new("Requested — under review", StatusTone.Waiting),
        SurfaceRequestState.Approved => new("Approved — see its grants", StatusTone.Waiting, "Decided; only an enabled grant is access"),
        SurfaceRequestState.Declined => new("Declined", StatusTone.Stopped),
        SurfaceRequestState.MoreInformationRequested => new("More information requested", StatusTone.ActionNeeded),
        _ => new(state.ToString(), StatusTone.Neutral),
    };

    public static StatusLabel For(WaveState state) => state switch
    {
        WaveState.Planned => new("Planned", StatusTone.Neutral, "Opens by itself at its opening time, or when opened now"),
        WaveState.Open => new("Open — enabling", StatusTone.Waiting, "The worker enables its grants, a bounded number per minute"),
        WaveState.Paused => new("Paused", StatusTone.ActionNeeded, "Nothing more is enabled until it resumes"),
        WaveState.Completed => new("Completed", StatusTone.Neutral, "Takes no more grants"),
        _ => new(state.ToString(), StatusTone.Neutral),
    };

    /// <summary>The wave chart's series: the statuses of a grant in a wave, bottom of the stack first (colours in waves.css).</summary>
    public static readonly IReadOnlyList<(string Label, string CssClass, GrantStatus[] Statuses)> WaveSeries =
    [
        ("Enabled", "series-enabled", [GrantStatus.Enabled]),
        ("Provisioning", "series-provisioning", [GrantStatus.Provisioning]),
        ("Scheduled — waiting", "series-scheduled", [GrantStatus.Scheduled]),
        ("Suspended, revoked or expired", "series-ended", [GrantStatus.Suspended, GrantStatus.Revoked, GrantStatus.Expired]),
    ];

    public static StatusLabel For(WebhookDeliveryStatus status, int attempts) => status switch
    {
        WebhookDeliveryStatus.Delivered => new("Delivered", StatusTone.Neutral),
        WebhookDeliveryStatus.Failed => new("Failed", StatusTone.Stopped, "Every attempt failed; nothing more is tried."),
        _ when attempts > 0 => new("Retrying", StatusTone.ActionNeeded, "The last attempt failed; it is tried again at the time shown."),
        _ => new("Queued", StatusTone.Waiting),
    };

    /// <summary>A support case's status as support staff read it.</summary>
    public static StatusLabel For(SupportCaseStatus status) => status switch
    {
        SupportCaseStatus.Open => new("Open", StatusTone.Waiting),
        SupportCaseStatus.InProgress => new("In progress", StatusTone.Waiting),
        SupportCaseStatus.WaitingOnPartner => new("Waiting on partner", StatusTone.ActionNeeded),
        SupportCaseStatus.Resolved => new("Resolved", StatusTone.Neutral),
        _ => new(status.ToString(), StatusTone.Neutral),
    };

    /// <summary>The same status in the partner's words, in the same colour.</summary>
    public static StatusLabel ForPartner(SupportCaseStatus status) => status switch
    {
        SupportCaseStatus.Open => new("Open — waiting for support", For(status).Tone),
        SupportCaseStatus.InProgress => new("In progress — support is working on it", For(status).Tone),
        SupportCaseStatus.WaitingOnPartner => new("Waiting for information from you", For(status).Tone),
        _ => For(status),
    };

    /// <summary>A key, a user or an endpoint in use.</summary>
    public static readonly StatusLabel Active = new("Active", StatusTone.InUse);

    /// <summary>A user or an endpoint switched off (it may be switched on again).</summary>
    public static readonly StatusLabel Disabled = new("Disabled", StatusTone.Neutral);

    /// <summary>A key or a session ended for good: the same word and colour as a revoked grant or invitation.</summary>
    public static readonly StatusLabel Revoked = new("Revoked", StatusTone.Stopped);

    /// <summary>A second factor that is on.</summary>
    public static readonly StatusLabel On = new("On", StatusTone.InUse);

    /// <summary>The session of the browser reading the page.</summary>
    public static readonly StatusLabel ThisBrowser = new("This browser", StatusTone.InUse);

    /// <summary>Government coordination recorded, or missing (which holds the organization's grants back).</summary>
    public static StatusLabel Coordination(bool recorded) => recorded
        ? new("Recorded", StatusTone.InUse)
        : new("Not recorded", StatusTone.ActionNeeded, "Its approved grants cannot be enabled until it is");

    /// <summary>Something that wants attention soon (a grant near its expiry, enabled long ago), in words.</summary>
    public static StatusLabel Attention(string text) => new(text, StatusTone.ActionNeeded);

    /// <summary>What holds a scheduled grant back, in words and the colour of something to act on.</summary>
    public static StatusLabel Blocked(EnablementBlocker blocker) => new(Blocker(blocker), StatusTone.ActionNeeded);
}
