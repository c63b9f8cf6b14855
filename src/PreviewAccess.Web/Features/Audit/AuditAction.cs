using PreviewAccess.Domain.Enrollment;

namespace PreviewAccess.Web.Features.Audit;

/// <summary>
/// Every action the audit log records, declared once: <see cref="AuditTrail"/> takes nothing else, and only this class
/// can make one, so an action cannot be recorded without being listed here (and a test then asks
/// <see cref="AuditNarrative"/> for its sentence). <see cref="Name"/> is what the log stores, what the API returns and
/// what filters, timelines and webhooks read.
/// </summary>
public sealed class AuditAction
{
    public static readonly AuditAction OrganizationNominated = new("organization.nominated");
    public static readonly AuditAction OrganizationEdited = new("organization.edited");
    public static readonly AuditAction OrganizationHandedOver = new("organization.handed-over");
    public static readonly AuditAction OrganizationSuspended = new("organization.suspended");
    public static readonly AuditAction OrganizationReinstated = new("organization.reinstated");
    public static readonly AuditAction OrganizationInvitationExpired = new("organization.invitation-expired");

    public static readonly AuditAction InvitationSent = new("invitation.sent");
    public static readonly AuditAction InvitationResent = new("invitation.resent");
    public static readonly AuditAction InvitationRevoked = new("invitation.revoked");
    public static readonly AuditAction InvitationAccepted = new("invitation.accepted");

    public static readonly AuditAction EnrollmentSubmitted = new("enrollment.submitted");
    /// <summary>Recorded by the demo's history alone: a question on an enrollment is recorded as <see cref="DecisionNeedsInfo"/>.</summary>
    public static readonly AuditAction EnrollmentNeedsInfo = new("enrollment.needs-info");

    public static readonly AuditAction DecisionApproved = new("decision.approved");
    public static readonly AuditAction DecisionDeclined = new("decision.declined");
    public static readonly AuditAction DecisionNeedsInfo = new("decision.needs-info");

    public static readonly AuditAction GovernmentCoordinationRecorded = new("government-coordination.recorded");

    public static readonly AuditAction GrantApproved = new("grant.approved");
    public static readonly AuditAction GrantSecondApproval = new("grant.second-approval");
    public static readonly AuditAction GrantWidened = new("grant.widened");
    public static readonly AuditAction GrantRenewed = new("grant.renewed");
    public static readonly AuditAction GrantRecertified = new("grant.recertified");
    public static readonly AuditAction GrantScheduled = new("grant.scheduled");
    public static readonly AuditAction GrantProvisioning = new("grant.provisioning");
    public static readonly AuditAction GrantEnabled = new("grant.enabled");
    public static readonly AuditAction GrantSuspended = new("grant.suspended");
    public static readonly AuditAction GrantReinstated = new("grant.reinstated");
    public static readonly AuditAction GrantRevoked = new("grant.revoked");
    public static readonly AuditAction GrantExpired = new("grant.expired");
    public static readonly AuditAction GrantExpiryNoticeSent = new("grant.expiry-notice-sent");

    public static readonly AuditAction AmendmentRequested = new("amendment.requested");
    public static readonly AuditAction AmendmentApproved = new("amendment.approved");
    public static readonly AuditAction AmendmentDeclined = new("amendment.declined");
    public static readonly AuditAction AmendmentNeedsInfo = new("amendment.needs-info");

    public static readonly AuditAction ReviewMessage = new("review.message");
    public static readonly AuditAction ReviewAnswered = new("review.answered");

    public static readonly AuditAction FeedbackSent = new("feedback.sent");

    public static readonly AuditAction SupportCaseOpened = new("support-case.opened");
    public static readonly AuditAction SupportCaseAssigned = new("support-case.assigned");
    public static readonly AuditAction SupportCaseStatusChanged = new("support-case.status-changed");
    public static readonly AuditAction SupportCaseNoteAdded = new("support-case.note-added");
    public static readonly AuditAction SupportCaseReplied = new("support-case.replied");
    public static readonly AuditAction SupportCasePartnerReplied = new("support-case.partner-replied");

    public static readonly AuditAction MemberInvited = new("member.invited");
    public static readonly AuditAction MemberInvitationRevoked = new("member.invitation-revoked");
    public static readonly AuditAction MemberJoined = new("member.joined");
    public static readonly AuditAction MemberRemoved = new("member.removed");

    public static readonly AuditAction WavePlanned = new("wave.planned");
    public static readonly AuditAction WaveOpened = new("wave.opened");
    public static readonly AuditAction WavePaused = new("wave.paused");
    public static readonly AuditAction WaveResumed = new("wave.resumed");

    public static readonly AuditAction StaffCreated = new("staff.created");
    public static readonly AuditAction StaffRoleChanged = new("staff.role-changed");
    public static readonly AuditAction StaffDisabled = new("staff.disabled");
    public static readonly AuditAction StaffEnabled = new("staff.enabled");
    public static readonly AuditAction StaffSecondFactorReset = new("staff.second-factor-reset");

    public static readonly AuditAction AccountTwoFactorEnabled = new("account.two-factor-enabled");
    public static readonly AuditAction AccountTwoFactorDisabled = new("account.two-factor-disabled");
    public static readonly AuditAction AccountRecoveryCodesRegenerated = new("account.recovery-codes-regenerated");
    public static readonly AuditAction AccountPasskeyAdded = new("account.passkey-added");
    public static readonly AuditAction AccountPasskeyRemoved = new("account.passkey-removed");

    public static readonly AuditAction UserLockedOut = new("user.locked-out");

    public static readonly AuditAction ApiKeyCreated = new("api-key.created");
    public static readonly AuditAction ApiKeyRevoked = new("api-key.revoked");

    public static readonly AuditAction WebhookRegistered = new("webhook.registered");
    public static readonly AuditAction WebhookChanged = new("webhook.changed");
    public static readonly AuditAction WebhookTestQueued = new("webhook.test-queued");
    public static readonly AuditAction WebhookDeleted = new("webhook.deleted");
    public static readonly AuditAction WebhookDeliveryResent = new("webhook.delivery-resent");

    public static readonly AuditAction ModelAdded = new("model.added");
    public static readonly AuditAction ModelPricesChanged = new("model.prices-changed");

    public static readonly AuditAction ProgramSettingsUnsupportedCountryAdded = new("program-settings.unsupported-country-added");
    public static readonly AuditAction ProgramSettingsUnsupportedCountryRemoved = new("program-settings.unsupported-country-removed");
    public static readonly AuditAction ProgramSettingsPhaseChanged = new("program-settings.phase-changed");
    public static readonly AuditAction ProgramSettingsSecondApprovalChanged = new("program-settings.second-approval-changed");
    public static readonly AuditAction ProgramSettingsCacheMultipliersChanged = new("program-settings.cache-multipliers-changed");

    private AuditAction(string name) => Name = name;

    /// <summary>As stored: <c>subject.what-happened</c>, e.g. <c>grant.second-approval</c>.</summary>
    public string Name { get; }

    /// <summary>A decision on a surface of an enrollment: <c>decision.approved</c>, <c>decision.declined</c> or <c>decision.needs-info</c>.</summary>
    public static AuditAction Decision(DecisionOutcome decision) => decision switch
    {
        DecisionOutcome.Approve => DecisionApproved,
        DecisionOutcome.Decline => DecisionDeclined,
        _ => DecisionNeedsInfo,
    };

    /// <summary>The same decision on a surface of an amendment: <c>amendment.approved</c>, <c>amendment.declined</c> or <c>amendment.needs-info</c>.</summary>
    public static AuditAction AmendmentDecision(DecisionOutcome decision) => decision switch
    {
        DecisionOutcome.Approve => AmendmentApproved,
        DecisionOutcome.Decline => AmendmentDeclined,
        _ => AmendmentNeedsInfo,
    };

    public override string ToString() => Name;
}
