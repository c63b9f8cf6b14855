using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Invitations;

namespace PreviewAccess.Domain.Organizations;

/// <summary>
/// An invited organization: its lifecycle, invitations, enrollment, per-surface decisions and
/// government coordination. Grants are their own aggregate (<see cref="ScopeGrant"/>), created here
/// by <see cref="Approve"/> so that every approval rule is checked in one place.
/// </summary>
public sealed class Organization : Aggregate
{
    public const int MaxNameLength = 200;
    public const int MaxReasonLength = 1000;

    private readonly List<Invitation> _invitations = [];
    private readonly List<SurfaceDecision> _decisions = [];

    private Organization() { Name = Country = string.Empty; }

    public string Name { get; private set; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string Country { get; private set; }

    /// <summary>The staff user who is this organization's account representative. There is always exactly one.</summary>
    public Guid AccountRepId { get; private set; }

    public OrganizationStatus Status { get; private set; }

    /// <summary>Where <see cref="Reinstate"/> returns to; set only while suspended.</summary>
    public OrganizationStatus? StatusBeforeSuspension { get; private set; }

    public string? SuspensionReason { get; private set; }

    /// <summary>Informational only: participation in Trusted Access for Cyber never grants anything.</summary>
    public bool TrustedAccessForCyber { get; private set; }

    /// <summary>Informational only: an earlier alpha never grants anything.</summary>
    public bool PreviousAlphaParticipant { get; private set; }

    public GovernmentCoordination? GovernmentCoordination { get; private set; }

    public EnrollmentSubmission? Enrollment { get; private set; }

    public IReadOnlyList<Invitation> Invitations => _invitations;

    /// <summary>Every decision ever made, oldest first.</summary>
    public IReadOnlyList<SurfaceDecision> Decisions => _decisions;

    public DateTimeOffset CreatedAt { get; private init; }

    public bool IsSuspended => Status == OrganizationStatus.Suspended;

    public static Organization Nominate(string name, string country, Guid accountRepId, DateTimeOffset now,
        bool trustedAccessForCyber = false, bool previousAlphaParticipant = false)
    {
        var organization = new Organization { CreatedAt = now, Status = OrganizationStatus.Nominated };
        organization.Rename(name);
        organization.Country = Countries.Require(country);
        organization.HandOverTo(accountRepId);
        organization.SetInformationalFlags(trustedAccessForCyber, previousAlphaParticipant);
        return organization;
    }

    public void Rename(string name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0) throw new DomainException("The organization needs a name.");
        if (trimmed.Length > MaxNameLength) throw new DomainException($"The name can be at most {MaxNameLength} characters.");
        Name = trimmed;
    }

    public void ChangeCountry(string country) => Country = Countries.Require(country);

    public void HandOverTo(Guid accountRepId)
    {
        if (accountRepId == Guid.Empty) throw new DomainException("Every organization needs an account representative.");
        AccountRepId = accountRepId;
    }

    public void SetInformationalFlags(bool trustedAccessForCyber, bool previousAlphaParticipant)
    {
        TrustedAccessForCyber = trustedAccessForCyber;
        PreviousAlphaParticipant = previousAlphaParticipant;
    }

    public void RecordGovernmentCoordination(GovernmentCoordination record) =>
        GovernmentCoordination = record ?? throw new ArgumentNullException(nameof(record));

    // ---- Invitations -------------------------------------------------------------------------

    public Invitation? PendingInvitation(DateTimeOffset now) => _invitations.FirstOrDefault(i => i.IsPendingAt(now));

    /// <summary>Sends a new invitation; a pending one is replaced (revoked). Allowed while nominated or invited.</summary>
    public Invitation Invite(string email, string tokenHash, Guid invitedBy, DateTimeOffset now, TimeSpan? lifetime = null)
    {
        EnsureNotSuspended();
        if (Status is not (OrganizationStatus.Nominated or OrganizationStatus.Invited))
        {
            throw new DomainException($"An organization that is {Describe(Status)} cannot be invited again: its invitation was already accepted.");
        }

        PendingInvitation(now)?.Revoke(now);
        var invitation = new Invitation(Id, email, tokenHash, invitedBy, now, lifetime ?? Invitation.DefaultLifetime);
        _invitations.Add(invitation);
        Status = OrganizationStatus.Invited;
        return invitation;
    }

    public Invitation Resend(Guid invitationId, string newTokenHash, DateTimeOffset now, TimeSpan? lifetime = null)
    {
        EnsureNotSuspended();
        var invitation = FindInvitation(invitationId);
        // Only the latest invitation can be resent: an older one was replaced, and two live links must never exist.
        if (!ReferenceEquals(invitation, _invitations[^1])) throw new DomainException("This invitation was replaced by a newer one; resend the newer one instead.");
        invitation.Resend(newTokenHash, now, lifetime ?? Invitation.DefaultLifetime);
        if (Status == OrganizationStatus.Nominated) Status = OrganizationStatus.Invited;
        return invitation;
    }

    /// <summary>Revokes an invitation; with no pending invitation left, the organization is back to nominated.</summary>
    public void RevokeInvitation(Guid invitationId, DateTimeOffset now)
    {
        FindInvitation(invitationId).Revoke(now);
        ReturnToNominatedWithoutInvitation(now);
    }

    /// <summary>
    /// <c>Invited</c> means a pending invitation (DOMAIN.md): with none left — the last one revoked, or run out of time —
    /// the organization is back to nominated, and so is the state a suspended one would return to. True if it changed.
    /// </summary>
    public bool ReturnToNominatedWithoutInvitation(DateTimeOffset now)
    {
        if (PendingInvitation(now) is not null) return false;
        if (Status == OrganizationStatus.Invited)
        {
            Status = OrganizationStatus.Nominated;
            return true;
        }

        if (Status == OrganizationStatus.Suspended && StatusBeforeSuspension == OrganizationStatus.Invited)
        {
            StatusBeforeSuspension = OrganizationStatus.Nominated;
            return true;
        }

        return false;
    }

    /// <summary>The invited contact accepts: the organization starts enrolling.</summary>
    public void AcceptInvitation(Guid invitationId, DateTimeOffset now)
    {
        var invitation = FindInvitation(invitationId);
        if (IsSuspended || Status != OrganizationStatus.Invited) throw new DomainException("This invitation can no longer be used.");
        invitation.Accept(now);
        Status = OrganizationStatus.Enrolling;
    }

    private Invitation FindInvitation(Guid invitationId) =>
        _invitations.FirstOrDefault(i => i.Id == invitationId)
        ?? throw new DomainException("That invitation does not belong to this organization.");

    // ---- Enrollment and review ---------------------------------------------------------------

    public bool HasAcceptedInvitation => _invitations.Any(i => i.StoredStatus == InvitationStatus.Accepted);

    /// <summary>Submits (or, after a needs-info decision, resubmits) the enrollment. Nothing becomes active.</summary>
    public void SubmitEnrollment(EnrollmentSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        EnsureNotSuspended();
        if (Status != OrganizationStatus.Enrolling)
        {
            throw new DomainException(HasAcceptedInvitation
                ? $"The enrollment cannot be submitted while the organization is {Describe(Status)}."
                : "The enrollment needs an accepted invitation first.");
        }

        // Surfaces already approved or declined stay decided; a resubmission cannot drop them.
        foreach (var settled in SettledSurfaces().Where(s => !submission.Surfaces.Contains(s)))
        {
            throw new DomainException($"{settled.DisplayName()} was already decided and must stay in the enrollment.");
        }

        Enrollment = submission;
        Status = UndecidedSurfaces().Any() ? OrganizationStatus.UnderReview : OrganizationStatus.Reviewed;
    }

    /// <summary>The latest decision for a surface, if any.</summary>
    public SurfaceDecision? LatestDecision(Surface surface) => _decisions.LastOrDefault(d => d.Surface == surface);

    /// <summary>The message of the needs-info decision that sent the enrollment back, while it is still enrolling.</summary>
    public SurfaceDecision? OpenNeedsInfo =>
        Status == OrganizationStatus.Enrolling && _decisions.Count > 0 && _decisions[^1].Outcome == DecisionOutcome.NeedsInfo
            ? _decisions[^1]
            : null;

    public IEnumerable<Surface> SettledSurfaces() =>
        Surfaces.InPreview.Where(s => LatestDecision(s)?.Settles == true);

    public IEnumerable<Surface> UndecidedSurfaces() =>
        Enrollment is null ? [] : Enrollment.Surfaces.Where(s => LatestDecision(s)?.Settles != true);

    /// <summary>
    /// Approves one requested surface: one grant per identifier, each for the given models and account
    /// emails. Approving the API never approves Codex, nor the other way round.
    /// </summary>
    /// <remarks>
    /// What the request gets wrong is reported field by field, all at once (<see cref="BrokenRule"/>); what the
    /// organization's state forbids (not under review, already decided, an unsupported country) refuses without a field.
    /// </remarks>
    public IReadOnlyList<ScopeGrant> Approve(ApprovalRequest request, IReadOnlyCollection<ScopeGrant> existingGrants,
        IReadOnlySet<string> unsupportedCountries, IReadOnlySet<string> catalogModelIds, Guid decidedBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(existingGrants);
        ArgumentNullException.ThrowIfNull(unsupportedCountries);
        ArgumentNullException.ThrowIfNull(catalogModelIds);
        var enrollment = EnsureDecidable(request.Surface, request.Justification,
            (broken, requested) => CheckApproval(broken, request, requested, catalogModelIds, DateOnly.FromDateTime(now.UtcDateTime)));
        if (unsupportedCountries.Contains(Country) || unsupportedCountries.Contains(enrollment.Country))
        {
            throw new DomainException("An organization in an unsupported country or region cannot be approved.");
        }

        var identifiers = request.Identifiers.Select(i => i.Trim()).Distinct().ToList();
        var models = request.Models.Select(m => m.Trim()).Distinct().ToList();
        var emails = request.AccountEmails.Select(EmailAddress.Normalize).Distinct().ToList();
        foreach (var identifier in identifiers.Where(i => existingGrants.Any(g => g.OrganizationId == Id && g.Surface == request.Surface && g.Identifier == i && g.IsLive)))
        {
            throw new DomainException($"'{identifier}' already has a grant on {request.Surface.DisplayName()}.");
        }

        RecordDecision(new SurfaceDecision(request.Surface, DecisionOutcome.Approve, request.Justification.Trim(), decidedBy, now));
        return identifiers
            .Select(i => ScopeGrant.Create(Id, request.Surface, i, models, emails, request.ExpiresOn, request.RequireSecondApproval, decidedBy, request.Justification.Trim(), now))
            .ToList();
    }

    /// <summary>What an approval names must come from the enrollment and the catalog; an expiry date lies ahead.</summary>
    private static void CheckApproval(BrokenRules broken, ApprovalRequest request, EnrollmentSubmission enrollment, IReadOnlySet<string> catalogModelIds, DateOnly today)
    {
        var kind = request.Surface.IdentifierName();
        var identifiers = request.Identifiers.ToList();
        if (identifiers.Count == 0) broken.Add(nameof(ApprovalRequest.Identifiers), $"Choose at least one {kind} from the enrollment.");
        for (var i = 0; i < identifiers.Count; i++)
        {
            if (!enrollment.Names(request.Surface, identifiers[i]?.Trim() ?? string.Empty)) broken.Add($"{nameof(ApprovalRequest.Identifiers)}[{i}]", $"'{identifiers[i]}' is not one of the enrollment's {kind}s.");
        }

        var models = request.Models.ToList();
        if (models.Count == 0) broken.Add(nameof(ApprovalRequest.Models), "Choose at least one model.");
        for (var i = 0; i < models.Count; i++)
        {
            if (!catalogModelIds.Contains(models[i]?.Trim() ?? string.Empty)) broken.Add($"{nameof(ApprovalRequest.Models)}[{i}]", $"'{models[i]}' is not a model of the preview.");
        }

        var emails = request.AccountEmails.ToList();
        if (emails.Count == 0) broken.Add(nameof(ApprovalRequest.AccountEmails), "Choose at least one account email from the enrollment.");
        for (var i = 0; i < emails.Count; i++)
        {
            if (!EmailAddress.IsValid(emails[i]) || !enrollment.Lists(emails[i])) broken.Add($"{nameof(ApprovalRequest.AccountEmails)}[{i}]", $"'{emails[i]}' is not an account email of the enrollment.");
        }

        if (request.ExpiresOn is { } expiresOn && expiresOn <= today) broken.Add(nameof(ApprovalRequest.ExpiresOn), "The expiry date must be in the future, or left empty.");
    }

    /// <summary>
    /// Declines one surface. <paramref name="justification"/> is the staff's record; <paramref name="partnerMessage"/> is
    /// what the partner is told (the standard sentence when none is given), never the justification.
    /// </summary>
    public void Decline(Surface surface, string justification, string? partnerMessage, Guid decidedBy, DateTimeOffset now)
    {
        EnsureDecidable(surface, justification, (broken, _) => SurfaceDecision.CheckPartnerMessage(broken, partnerMessage));
        RecordDecision(new SurfaceDecision(surface, DecisionOutcome.Decline, justification.Trim(), decidedBy, now, SurfaceDecision.Normalize(partnerMessage)));
    }

    /// <summary>Sends the enrollment back to the partner with a message; the organization is enrolling again.</summary>
    public void RequestMoreInformation(Surface surface, string message, Guid decidedBy, DateTimeOffset now)
    {
        EnsureDecidable(surface, message);
        _decisions.Add(new SurfaceDecision(surface, DecisionOutcome.NeedsInfo, message.Trim(), decidedBy, now));
        Status = OrganizationStatus.Enrolling;
    }

    /// <summary>
    /// Every decision's rules: first what the request gets wrong (each on its field, together with those of
    /// <paramref name="checkRequest"/>), then what the organization's state forbids.
    /// </summary>
    private EnrollmentSubmission EnsureDecidable(Surface surface, string justification, Action<BrokenRules, EnrollmentSubmission>? checkRequest = null)
    {
        var broken = new BrokenRules();
        if (!surface.IsInPreview()) broken.Add("Surface", "The preview covers the API and Codex only, not ChatGPT.");
        else if (Enrollment is { } requested && !requested.Surfaces.Contains(surface)) broken.Add("Surface", $"The enrollment did not request {surface.DisplayName()}.");

        SurfaceDecision.CheckJustification(broken, justification);

        if (Enrollment is { } enrollment && surface.IsInPreview()) checkRequest?.Invoke(broken, enrollment);
        broken.ThrowIfAny();

        if (Status != OrganizationStatus.UnderReview) throw new DomainException($"Decisions are made while the organization is under review; it is {Describe(Status)}.");
        if (LatestDecision(surface)?.Settles == true) throw new DomainException($"{surface.DisplayName()} was already decided.");
        return Enrollment!;
    }

    private void RecordDecision(SurfaceDecision decision)
    {
        _decisions.Add(decision);
        if (!UndecidedSurfaces().Any()) Status = OrganizationStatus.Reviewed;
    }

    // ---- Suspension --------------------------------------------------------------------------

    public void Suspend(string reason)
    {
        var why = RequireReason(reason);
        if (IsSuspended) throw new DomainException("The organization is already suspended.");
        StatusBeforeSuspension = Status;
        SuspensionReason = why;
        Status = OrganizationStatus.Suspended;
    }

    public void Reinstate(string reason)
    {
        RequireReason(reason);
        if (!IsSuspended) throw new DomainException("Only a suspended organization can be reinstated.");
        Status = StatusBeforeSuspension ?? OrganizationStatus.Nominated;
        StatusBeforeSuspension = null;
        SuspensionReason = null;
    }

    internal static string RequireReason(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("A reason is required.");
        var trimmed = reason.Trim();
        if (trimmed.Length > MaxReasonLength) throw new DomainException($"The reason can be at most {MaxReasonLength} characters.");
        return trimmed;
    }

    private void EnsureNotSuspended()
    {
        if (IsSuspended) throw new DomainException("The organization is suspended.");
    }

    private static string Describe(OrganizationStatus status) => status switch
    {
        OrganizationStatus.UnderReview => "under review",
        _ => status.ToString().ToLowerInvariant(),
    };
}

/// <summary>What a reviewer approves for one surface.</summary>
public sealed record ApprovalRequest(
    Surface Surface,
    IReadOnlyCollection<string> Identifiers,
    IReadOnlyCollection<string> Models,
    IReadOnlyCollection<string> AccountEmails,
    string Justification,
    DateOnly? ExpiresOn,
    bool RequireSecondApproval);
