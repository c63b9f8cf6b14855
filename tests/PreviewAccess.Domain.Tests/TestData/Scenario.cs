using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Rollout;

namespace PreviewAccess.Domain.Tests.TestData;

/// <summary>
/// One organization and its grants, each step performed through the domain's own methods.
/// Its clock moves one hour per step, so every event has its own time. One instance per test.
/// </summary>
public sealed class Scenario
{
    private readonly List<ScopeGrant> _grants = [];

    public Scenario(Organization organization, EnrollmentRequest enrollment)
    {
        Organization = organization;
        Enrollment = enrollment;
        Now = organization.CreatedAt;
        Wave = Wave.Plan("Wave 1", Defaults.Start.AddDays(7), capacity: 100, Defaults.Start);
    }

    public Organization Organization { get; }

    /// <summary>What the partner submits when <see cref="SubmitEnrollment"/> is called.</summary>
    public EnrollmentRequest Enrollment { get; }

    public IReadOnlyList<ScopeGrant> Grants => _grants;

    public Wave Wave { get; }

    public DateTimeOffset Now { get; private set; }

    /// <summary>The secret of the latest invitation, as the contact received it by email.</summary>
    public string? InvitationSecret { get; private set; }

    public Invitation LatestInvitation => Organization.Invitations[^1];

    public ScopeGrant Grant => _grants.Count == 1
        ? _grants[0]
        : throw new InvalidOperationException($"The scenario has {_grants.Count} grants; name the one you mean.");

    public ScopeGrant GrantFor(Surface surface, string identifier) =>
        _grants.Single(g => g.Surface == surface && g.Identifier == identifier);

    public DateTimeOffset Tick()
    {
        Now = Now.AddHours(1);
        return Now;
    }

    public Scenario RecordGovernmentCoordination()
    {
        var at = Tick();
        Organization.RecordGovernmentCoordination(new GovernmentCoordination(
            DateOnly.FromDateTime(at.UtcDateTime), "GOV-2026-0042", Defaults.AccountRep, at));
        return this;
    }

    public Scenario Invite(string email = Defaults.ContactEmail)
    {
        var token = SecretToken.Issue();
        Organization.Invite(email, token.Hash, Defaults.AccountRep, Tick());
        InvitationSecret = token.Secret;
        return this;
    }

    public Scenario AcceptInvitation()
    {
        Organization.AcceptInvitation(LatestInvitation.Id, Tick());
        return this;
    }

    public EnrollmentSubmission NewSubmission(EnrollmentRequest? request = null) =>
        EnrollmentSubmission.Create(request ?? Enrollment, Defaults.PartnerUser, submittedByStaff: false, Tick());

    public Scenario SubmitEnrollment(EnrollmentRequest? request = null)
    {
        Organization.SubmitEnrollment(NewSubmission(request));
        return this;
    }

    /// <summary>Approves one surface through <see cref="Organization.Approve"/> and keeps the grants it creates.</summary>
    public Scenario Approve(Surface surface, Func<ApprovalBuilder, ApprovalBuilder>? configure = null)
    {
        var approval = (configure ?? (a => a))(new ApprovalBuilder(surface)).ToRequest();
        _grants.AddRange(Organization.Approve(approval, _grants, Defaults.UnsupportedCountries, Defaults.CatalogModelIds,
            Defaults.AccountRep, Tick()));
        return this;
    }

    /// <summary>Keeps grants made elsewhere (an amendment's approval) with the scenario's own, so that decisions see them.</summary>
    public Scenario Adopt(IEnumerable<ScopeGrant> grants)
    {
        foreach (var grant in grants.Where(g => !_grants.Contains(g))) _grants.Add(grant);
        return this;
    }

    public Scenario Decline(Surface surface)
    {
        Organization.Decline(surface, "Not part of the agreed use.", null, Defaults.AccountRep, Tick());
        return this;
    }

    public Scenario RequestMoreInformation(Surface surface, string message = "Please list the workspace used in production.")
    {
        Organization.RequestMoreInformation(surface, message, Defaults.AccountRep, Tick());
        return this;
    }

    public Scenario Suspend(string reason = "Terms under review.")
    {
        Organization.Suspend(reason);
        Tick();
        return this;
    }

    public Scenario Reinstate(string reason = "Review complete.")
    {
        Organization.Reinstate(reason);
        Tick();
        return this;
    }

    /// <summary>Drives every grant to <paramref name="status"/>.</summary>
    public Scenario GrantsIn(GrantStatus status)
    {
        foreach (var grant in _grants) DriveTo(grant, status);
        return this;
    }

    /// <summary>
    /// Drives a grant forward through its lifecycle (second approval, wave, provisioning, enabling) up to
    /// <paramref name="target"/>. Suspended, Revoked and Expired are reached from Enabled, the state in which
    /// they make the most difference.
    /// </summary>
    public ScopeGrant DriveTo(ScopeGrant grant, GrantStatus target)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (target == GrantStatus.PendingSecondApproval && grant.Status != GrantStatus.PendingSecondApproval)
        {
            throw new InvalidOperationException("Approve with RequiringSecondApproval() to get a grant pending second approval.");
        }

        var forward = target is GrantStatus.Suspended or GrantStatus.Revoked or GrantStatus.Expired ? GrantStatus.Enabled : target;
        while (grant.Status != forward)
        {
            switch (grant.Status)
            {
                case GrantStatus.PendingSecondApproval: grant.ConfirmSecondApproval(Defaults.SecondApprover); break;
                case GrantStatus.Approved: grant.ScheduleIn(Wave.Id); break;
                case GrantStatus.Scheduled: grant.StartProvisioning(Organization); break;
                case GrantStatus.Provisioning: grant.Enable(Organization, Tick()); break;
                default: throw new InvalidOperationException($"Cannot drive a {grant.Status} grant to {target}.");
            }
        }

        switch (target)
        {
            case GrantStatus.Suspended: grant.Suspend("Unusual traffic under review."); break;
            case GrantStatus.Revoked: grant.Revoke("Agreement ended."); break;
            case GrantStatus.Expired: grant.Expire(DayAfterExpiry(grant)); break;
        }

        return grant;
    }

    public static DateTimeOffset DayAfterExpiry(ScopeGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var expiresOn = grant.ExpiresOn ?? throw new InvalidOperationException("The grant has no expiry date.");
        return new DateTimeOffset(expiresOn.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }

    public OrganizationFacts Facts() => OrganizationFacts.From(Organization, _grants);

    /// <summary>Runs the access decision over a directory holding this organization and any <paramref name="others"/>.</summary>
    public AccessDecision Decide(AccessRequest request, params Scenario[] others) =>
        AccessPolicy.Decide(request, new InMemoryAccessDirectory([Facts(), .. others.Select(o => o.Facts())]),
            Defaults.UnsupportedCountries, Now);
}
