using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Domain.Grants;

/// <summary>The grant's lifecycle (DOMAIN.md). Spellings are part of the API contract.</summary>
public enum GrantStatus
{
    PendingSecondApproval,
    Approved,
    Scheduled,
    Provisioning,
    Enabled,
    Suspended,
    Revoked,
    Expired,
}

/// <summary>Why a scheduled grant cannot be enabled yet. Spellings are part of the API contract.</summary>
public enum EnablementBlocker
{
    GovernmentCoordinationMissing,
    TermsNotAccepted,
    OrganizationSuspended,
}

/// <summary>
/// Access for one organization on one surface for one identifier, to some models, for some account
/// emails. Approved is not enabled: a grant is enabled only through a rollout wave, exactly once.
/// </summary>
/// <remarks>
/// Lifecycle (DOMAIN.md): <c>PendingSecondApproval</c> (when two approvers are required) → <c>Approved</c> →
/// <c>Scheduled</c> (in a wave) → <c>Provisioning</c> → <c>Enabled</c>; <c>Suspended</c> ⇄ the status before;
/// <c>Revoked</c>; <c>Expired</c> after <see cref="ExpiresOn"/>. After the first review an amendment
/// (<see cref="Amendments.Amendment"/>) may <see cref="Widen"/> a live grant in place (more models or account emails;
/// its status is unchanged) and <see cref="Renew"/> an <c>Expired</c> or <c>Revoked</c> one: back to <c>Approved</c>
/// (or <c>PendingSecondApproval</c>), out of its old wave, so that it is enabled again only through a wave, like a new grant.
/// </remarks>
public sealed class ScopeGrant : Aggregate
{
    /// <summary>The account representative is told this many days before a grant expires.</summary>
    public const int ExpiryNoticeDays = 14;

    /// <summary>An enabled grant is due for re-certification once this many days passed since it was enabled or last re-certified.</summary>
    public const int RecertificationDays = 90;

    private ScopeGrant() { Identifier = Justification = string.Empty; }

    public Guid OrganizationId { get; private init; }

    public Surface Surface { get; private init; }

    /// <summary>The API organization ID or Codex workspace ID this grant is for.</summary>
    public string Identifier { get; private init; }

    public List<string> Models { get; private set; } = [];

    /// <summary>Normalized (trimmed, lower case).</summary>
    public List<string> AccountEmails { get; private set; } = [];

    public GrantStatus Status { get; private set; }

    public GrantStatus? StatusBeforeSuspension { get; private set; }

    public string? StatusReason { get; private set; }

    public DateOnly? ExpiresOn { get; private set; }

    public Guid? WaveId { get; private set; }

    /// <summary>Who approved it; after a renewal, who approved the renewal.</summary>
    public Guid ApprovedBy { get; private set; }

    public Guid? SecondApprovedBy { get; private set; }

    public string Justification { get; private set; }

    public DateTimeOffset CreatedAt { get; private init; }

    public DateTimeOffset? EnabledAt { get; private set; }

    /// <summary>
    /// The expiry date the account representative was last told about. The notice goes out once per expiry date:
    /// a grant re-certified to a later date gets a notice again when that date comes within <see cref="ExpiryNoticeDays"/>.
    /// </summary>
    public DateOnly? ExpiryNoticeSentFor { get; private set; }

    /// <summary>When staff last re-certified the grant; the 90-day re-certification clock runs from here (else from enablement).</summary>
    public DateTimeOffset? RecertifiedAt { get; private set; }

    /// <summary>Where the re-certification clock starts: the last re-certification, else enablement; null while never enabled.</summary>
    public DateTimeOffset? CertifiedSince => EnabledAt is null ? null : RecertifiedAt ?? EnabledAt;

    /// <summary>Not revoked and not expired: the identifier is taken by this grant.</summary>
    public bool IsLive => Status is not (GrantStatus.Revoked or GrantStatus.Expired);

    internal static ScopeGrant Create(Guid organizationId, Surface surface, string identifier, IEnumerable<string> models,
        IEnumerable<string> accountEmails, DateOnly? expiresOn, bool requireSecondApproval, Guid approvedBy, string justification, DateTimeOffset now)
    {
        if (!surface.IsInPreview()) throw new DomainException("The preview covers the API and Codex only, not ChatGPT.");
        if (!Catalog.Identifiers.IsValidFor(surface, identifier)) throw new DomainException($"'{identifier}' is not a valid {surface.IdentifierName()}.");
        return new ScopeGrant
        {
            OrganizationId = organizationId,
            Surface = surface,
            Identifier = identifier,
            Models = [.. models],
            AccountEmails = [.. accountEmails.Select(EmailAddress.Normalize)],
            ExpiresOn = expiresOn,
            Status = requireSecondApproval ? GrantStatus.PendingSecondApproval : GrantStatus.Approved,
            ApprovedBy = approvedBy,
            Justification = justification,
            CreatedAt = now,
        };
    }

    public bool Covers(string email) => AccountEmails.Contains(EmailAddress.Normalize(email));

    /// <summary>The second approval, by a different staff user than the first.</summary>
    public void ConfirmSecondApproval(Guid approver)
    {
        Require(GrantStatus.PendingSecondApproval, "confirm a second approval");
        if (approver == ApprovedBy) throw new DomainException("The second approval must come from a different staff user.");
        SecondApprovedBy = approver;
        Status = GrantStatus.Approved;
    }

    /// <summary>Places an approved grant in a rollout wave.</summary>
    public void ScheduleIn(Guid waveId)
    {
        Require(GrantStatus.Approved, "schedule it in a wave");
        if (waveId == Guid.Empty) throw new DomainException("A wave is required.");
        WaveId = waveId;
        Status = GrantStatus.Scheduled;
    }

    /// <summary>What stops this grant being enabled now. Empty means nothing does.</summary>
    public static IReadOnlyList<EnablementBlocker> BlockersFor(Organization organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        var blockers = new List<EnablementBlocker>();
        if (organization.GovernmentCoordination is null) blockers.Add(EnablementBlocker.GovernmentCoordinationMissing);
        if (organization.Enrollment is null) blockers.Add(EnablementBlocker.TermsNotAccepted);
        if (organization.IsSuspended) blockers.Add(EnablementBlocker.OrganizationSuspended);
        return blockers;
    }

    /// <summary>The enablement worker claims the grant. Refused while any gate is closed.</summary>
    public void StartProvisioning(Organization organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        if (organization.Id != OrganizationId) throw new DomainException("That is not this grant's organization.");
        Require(GrantStatus.Scheduled, "start provisioning");
        var blockers = BlockersFor(organization);
        if (blockers.Count > 0) throw new DomainException($"The grant cannot be enabled yet: {string.Join(", ", blockers)}.");
        Status = GrantStatus.Provisioning;
    }

    /// <summary>Provisioning is done: the grant is enabled. The gates are checked again, as they may have closed meanwhile.</summary>
    public void Enable(Organization organization, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(organization);
        if (organization.Id != OrganizationId) throw new DomainException("That is not this grant's organization.");
        Require(GrantStatus.Provisioning, "enable it");
        var blockers = BlockersFor(organization);
        if (blockers.Count > 0) throw new DomainException($"The grant cannot be enabled yet: {string.Join(", ", blockers)}.");
        Status = GrantStatus.Enabled;
        EnabledAt = now;
    }

    public void Suspend(string reason)
    {
        var why = Organization.RequireReason(reason);
        if (Status is GrantStatus.Suspended or GrantStatus.Revoked or GrantStatus.Expired)
        {
            throw new DomainException($"A grant that is {Status.ToString().ToLowerInvariant()} cannot be suspended.");
        }

        StatusBeforeSuspension = Status;
        StatusReason = why;
        Status = GrantStatus.Suspended;
    }

    public void Reinstate(string reason)
    {
        var why = Organization.RequireReason(reason);
        Require(GrantStatus.Suspended, "reinstate it");
        Status = StatusBeforeSuspension ?? GrantStatus.Approved;
        StatusBeforeSuspension = null;
        StatusReason = why;
    }

    public void Revoke(string reason)
    {
        var why = Organization.RequireReason(reason);
        if (Status is GrantStatus.Revoked or GrantStatus.Expired)
        {
            throw new DomainException($"A grant that is {Status.ToString().ToLowerInvariant()} cannot be revoked.");
        }

        StatusBeforeSuspension = null;
        StatusReason = why;
        Status = GrantStatus.Revoked;
    }

    /// <summary>
    /// An amendment approved more for this identifier: the models and account emails are added to the grant's own
    /// (nothing is removed). The grant keeps its status: an enabled grant answers for the additions at once, as the
    /// approval of an amendment is the review they need. Ended grants are renewed instead (<see cref="Renew"/>); a
    /// suspended one is reinstated first.
    /// </summary>
    /// <returns>True when something was added.</returns>
    public bool Widen(IEnumerable<string> models, IEnumerable<string> accountEmails)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(accountEmails);
        if (!IsLive) throw new DomainException($"The grant for '{Identifier}' is {Status.ToString().ToLowerInvariant()}: renew it rather than widen it.");
        if (Status == GrantStatus.Suspended) throw new DomainException($"The grant for '{Identifier}' is suspended: reinstate it before widening it.");
        var addedModels = models.Select(m => m.Trim()).Where(m => m.Length > 0).Distinct(StringComparer.Ordinal).Except(Models, StringComparer.Ordinal).ToList();
        var addedEmails = accountEmails.Select(EmailAddress.Normalize).Distinct(StringComparer.Ordinal).Except(AccountEmails, StringComparer.Ordinal).ToList();
        if (addedModels.Count == 0 && addedEmails.Count == 0) return false;
        // New lists rather than Add: the persisted primitive collections are compared as values.
        Models = [.. Models, .. addedModels];
        AccountEmails = [.. AccountEmails, .. addedEmails];
        return true;
    }

    /// <summary>
    /// An amendment renews an ended (<c>Expired</c> or <c>Revoked</c>) grant: it is approved again for
    /// <paramref name="models"/> and <paramref name="accountEmails"/> until <paramref name="expiresOn"/> (none: no end),
    /// waits for a second approver when the program requires one, and leaves its old wave: it is enabled again only
    /// through a wave. The expiry notice and re-certification clocks start afresh.
    /// </summary>
    public void Renew(IEnumerable<string> models, IEnumerable<string> accountEmails, DateOnly? expiresOn, bool requireSecondApproval,
        Guid approvedBy, string justification, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(accountEmails);
        if (IsLive) throw new DomainException($"The grant for '{Identifier}' is {Status.ToString().ToLowerInvariant()}: only an expired or revoked grant can be renewed.");
        if (expiresOn is { } day && day <= DateOnly.FromDateTime(now.UtcDateTime)) throw new DomainException("ExpiresOn", "The expiry date must be in the future, or left empty.");
        var broken = new BrokenRules();
        SurfaceDecision.CheckJustification(broken, justification);
        broken.ThrowIfAny();
        Models = [.. models.Select(m => m.Trim()).Distinct(StringComparer.Ordinal)];
        AccountEmails = [.. accountEmails.Select(EmailAddress.Normalize).Distinct(StringComparer.Ordinal)];
        if (Models.Count == 0 || AccountEmails.Count == 0) throw new DomainException("A renewed grant needs at least one model and one account email.");
        ExpiresOn = expiresOn;
        Status = requireSecondApproval ? GrantStatus.PendingSecondApproval : GrantStatus.Approved;
        StatusBeforeSuspension = null;
        StatusReason = null;
        WaveId = null;
        ApprovedBy = approvedBy;
        SecondApprovedBy = null;
        Justification = justification.Trim();
        EnabledAt = null;
        RecertifiedAt = null;
        ExpiryNoticeSentFor = null;
    }

    /// <summary>True once the day after <see cref="ExpiresOn"/> has begun (UTC): the grant is valid through its expiry date.</summary>
    public bool IsPastExpiry(DateTimeOffset now) => ExpiresOn is { } day && DateOnly.FromDateTime(now.UtcDateTime) > day;

    public void Expire(DateTimeOffset now)
    {
        if (!IsLive) throw new DomainException($"A grant that is {Status.ToString().ToLowerInvariant()} cannot expire.");
        if (!IsPastExpiry(now)) throw new DomainException("The grant has not reached its expiry date.");
        StatusBeforeSuspension = null;
        Status = GrantStatus.Expired;
    }

    /// <summary>Moves the expiry date (re-certification). Only for live grants.</summary>
    public void ExtendUntil(DateOnly expiresOn, DateTimeOffset now)
    {
        if (!IsLive) throw new DomainException($"A grant that is {Status.ToString().ToLowerInvariant()} cannot be extended.");
        if (expiresOn <= DateOnly.FromDateTime(now.UtcDateTime)) throw new DomainException("The expiry date must be in the future.");
        ExpiresOn = expiresOn;
    }

    /// <summary>
    /// Re-certification: staff confirm the grant is still justified, until <paramref name="expiresOn"/>. It always sets an
    /// expiry date (a re-certified grant is time-bound), never shortens the current one (to end access sooner, revoke),
    /// and restarts the 90-day clock. A grant already past its expiry date has ended and cannot be re-certified.
    /// </summary>
    public void Recertify(DateOnly expiresOn, DateTimeOffset now)
    {
        if (IsLive && IsPastExpiry(now)) throw new DomainException("The grant has passed its expiry date: it has ended and cannot be re-certified.");
        if (IsLive && ExpiresOn is { } current && expiresOn < current)
        {
            throw new DomainException($"Re-certification cannot shorten access: choose {current:yyyy-MM-dd} or later. To end access sooner, revoke the grant.");
        }

        ExtendUntil(expiresOn, now);
        RecertifiedAt = now;
    }

    /// <summary>Enabled (or suspended after being enabled) for more than <see cref="RecertificationDays"/> days without a re-certification.</summary>
    public bool IsDueForRecertification(DateTimeOffset now) =>
        IsLive && CertifiedSince is { } since && now - since > TimeSpan.FromDays(RecertificationDays);

    /// <summary>Days from <paramref name="now"/>'s UTC day to the expiry date; null without one.</summary>
    public int? DaysUntilExpiry(DateTimeOffset now) => ExpiresOn is { } day ? day.DayNumber - DateOnly.FromDateTime(now.UtcDateTime).DayNumber : null;

    /// <summary>
    /// The 14-day notice is due: the grant is live, its expiry date is at most <see cref="ExpiryNoticeDays"/> days away and
    /// not yet passed, and no notice went out for that date.
    /// </summary>
    public bool IsExpiryNoticeDue(DateTimeOffset now) =>
        IsLive && ExpiresOn is { } day && ExpiryNoticeSentFor != day && DaysUntilExpiry(now) is >= 0 and <= ExpiryNoticeDays;

    /// <summary>Records that the representative was told about the current expiry date; refused when no notice is due.</summary>
    public void RecordExpiryNotice(DateTimeOffset now)
    {
        if (!IsExpiryNoticeDue(now)) throw new DomainException("No expiry notice is due for this grant.");
        ExpiryNoticeSentFor = ExpiresOn;
    }

    private void Require(GrantStatus expected, string action)
    {
        if (Status != expected)
        {
            throw new DomainException($"Cannot {action}: the grant is {Status} and must be {expected}.");
        }
    }
}
