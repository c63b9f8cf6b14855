using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Tests.TestData;
using static PreviewAccess.Domain.Tests.TestData.Builders;

namespace PreviewAccess.Domain.Tests.Organizations;

/// <summary>Where an organization starts from in the transition table; suspension is taken from each status.</summary>
public enum OrganizationState
{
    Nominated,
    Invited,
    Enrolling,
    UnderReview,
    Reviewed,
    SuspendedWhileNominated,
    SuspendedWhileInvited,
    SuspendedWhileEnrolling,
    SuspendedWhileUnderReview,
    SuspendedWhileReviewed,
}

public enum OrganizationAction
{
    Invite,
    AcceptInvitation,
    SubmitEnrollment,
    Approve,
    Decline,
    RequestMoreInformation,
    Suspend,
    Reinstate,
}

/// <summary>
/// The organization's state machine as a table: every (state, action) pair is either one of the legal
/// transitions listed below, reaching the status listed, or refused with a <see cref="DomainException"/>
/// that leaves the organization as it was.
/// </summary>
public sealed class OrganizationLifecycleTests
{
    private static readonly Dictionary<(OrganizationState, OrganizationAction), OrganizationStatus> LegalTransitions = new()
    {
        [(OrganizationState.Nominated, OrganizationAction.Invite)] = OrganizationStatus.Invited,
        [(OrganizationState.Nominated, OrganizationAction.Suspend)] = OrganizationStatus.Suspended,
        [(OrganizationState.Invited, OrganizationAction.Invite)] = OrganizationStatus.Invited,
        [(OrganizationState.Invited, OrganizationAction.AcceptInvitation)] = OrganizationStatus.Enrolling,
        [(OrganizationState.Invited, OrganizationAction.Suspend)] = OrganizationStatus.Suspended,
        [(OrganizationState.Enrolling, OrganizationAction.SubmitEnrollment)] = OrganizationStatus.UnderReview,
        [(OrganizationState.Enrolling, OrganizationAction.Suspend)] = OrganizationStatus.Suspended,
        [(OrganizationState.UnderReview, OrganizationAction.Approve)] = OrganizationStatus.Reviewed,
        [(OrganizationState.UnderReview, OrganizationAction.Decline)] = OrganizationStatus.Reviewed,
        [(OrganizationState.UnderReview, OrganizationAction.RequestMoreInformation)] = OrganizationStatus.Enrolling,
        [(OrganizationState.UnderReview, OrganizationAction.Suspend)] = OrganizationStatus.Suspended,
        [(OrganizationState.Reviewed, OrganizationAction.Suspend)] = OrganizationStatus.Suspended,
        [(OrganizationState.SuspendedWhileNominated, OrganizationAction.Reinstate)] = OrganizationStatus.Nominated,
        [(OrganizationState.SuspendedWhileInvited, OrganizationAction.Reinstate)] = OrganizationStatus.Invited,
        [(OrganizationState.SuspendedWhileEnrolling, OrganizationAction.Reinstate)] = OrganizationStatus.Enrolling,
        [(OrganizationState.SuspendedWhileUnderReview, OrganizationAction.Reinstate)] = OrganizationStatus.UnderReview,
        [(OrganizationState.SuspendedWhileReviewed, OrganizationAction.Reinstate)] = OrganizationStatus.Reviewed,
    };

    public static TheoryData<OrganizationState, OrganizationAction, OrganizationStatus> Legal
    {
        get
        {
            var data = new TheoryData<OrganizationState, OrganizationAction, OrganizationStatus>();
            foreach (var ((state, action), status) in LegalTransitions) data.Add(state, action, status);
            return data;
        }
    }

    public static TheoryData<OrganizationState, OrganizationAction> Illegal
    {
        get
        {
            var data = new TheoryData<OrganizationState, OrganizationAction>();
            foreach (var state in Enum.GetValues<OrganizationState>())
            {
                foreach (var action in Enum.GetValues<OrganizationAction>())
                {
                    if (!LegalTransitions.ContainsKey((state, action))) data.Add(state, action);
                }
            }

            return data;
        }
    }

    /// <summary>A single-surface (API) enrollment, so that one decision reviews it completely.</summary>
    private static Scenario In(OrganizationState state)
    {
        var builder = AnOrganization().Requesting(Surface.Api);
        return state switch
        {
            OrganizationState.Nominated => builder.Nominated(),
            OrganizationState.Invited => builder.Invited(),
            OrganizationState.Enrolling => builder.Enrolling(),
            OrganizationState.UnderReview => builder.UnderReview(),
            OrganizationState.Reviewed => builder.UnderReview().Approve(Surface.Api),
            OrganizationState.SuspendedWhileNominated => builder.Nominated().Suspend(),
            OrganizationState.SuspendedWhileInvited => builder.Invited().Suspend(),
            OrganizationState.SuspendedWhileEnrolling => builder.Enrolling().Suspend(),
            OrganizationState.SuspendedWhileUnderReview => builder.UnderReview().Suspend(),
            OrganizationState.SuspendedWhileReviewed => builder.UnderReview().Approve(Surface.Api).Suspend(),
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
    }

    private static void Perform(Scenario scenario, OrganizationAction action)
    {
        switch (action)
        {
            case OrganizationAction.Invite: scenario.Invite(); break;
            case OrganizationAction.AcceptInvitation:
                // The latest invitation, whatever became of it; a fresh nomination has none to offer.
                var invitationId = scenario.Organization.Invitations.Count > 0 ? scenario.LatestInvitation.Id : Guid.CreateVersion7();
                scenario.Organization.AcceptInvitation(invitationId, scenario.Tick());
                break;
            case OrganizationAction.SubmitEnrollment: scenario.SubmitEnrollment(); break;
            case OrganizationAction.Approve: scenario.Approve(Surface.Api); break;
            case OrganizationAction.Decline: scenario.Decline(Surface.Api); break;
            case OrganizationAction.RequestMoreInformation: scenario.RequestMoreInformation(Surface.Api); break;
            case OrganizationAction.Suspend: scenario.Suspend(); break;
            case OrganizationAction.Reinstate: scenario.Reinstate(); break;
            default: throw new ArgumentOutOfRangeException(nameof(action));
        }
    }

    [Fact]
    public void The_table_covers_every_state_and_action()
    {
        var pairs = Enum.GetValues<OrganizationState>().Length * Enum.GetValues<OrganizationAction>().Length;

        Assert.Equal(pairs, Legal.Count + Illegal.Count);
    }

    [Theory]
    [MemberData(nameof(Legal))]
    public void A_legal_transition_reaches_the_next_status(OrganizationState state, OrganizationAction action, OrganizationStatus expected)
    {
        var scenario = In(state);

        Perform(scenario, action);

        Assert.Equal(expected, scenario.Organization.Status);
    }

    [Theory]
    [MemberData(nameof(Illegal))]
    public void An_illegal_transition_is_refused_and_changes_nothing(OrganizationState state, OrganizationAction action)
    {
        var scenario = In(state);
        var organization = scenario.Organization;
        var before = (organization.Status, organization.StatusBeforeSuspension, organization.Decisions.Count, organization.Invitations.Count,
            organization.Enrollment, scenario.Grants.Count);

        var refusal = Assert.Throws<DomainException>(() => Perform(scenario, action));

        Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
        Assert.Equal(before, (organization.Status, organization.StatusBeforeSuspension, organization.Decisions.Count,
            organization.Invitations.Count, organization.Enrollment, scenario.Grants.Count));
    }

    [Fact]
    public void A_new_organization_is_nominated_by_its_account_representative()
    {
        var organization = Organization.Nominate("  Acme Research  ", " gb ", Defaults.AccountRep, Defaults.Start);

        Assert.Equal(OrganizationStatus.Nominated, organization.Status);
        Assert.Equal("Acme Research", organization.Name);
        Assert.Equal("GB", organization.Country);
        Assert.Equal(Defaults.AccountRep, organization.AccountRepId);
        Assert.Equal(Defaults.Start, organization.CreatedAt);
        Assert.False(organization.TrustedAccessForCyber);
        Assert.False(organization.PreviousAlphaParticipant);
    }

    [Fact]
    public void Every_organization_needs_an_account_representative()
    {
        Assert.Throws<DomainException>(() => Organization.Nominate("Acme", "US", Guid.Empty, Defaults.Start));
        var organization = AnOrganization().Nominated().Organization;
        Assert.Throws<DomainException>(() => organization.HandOverTo(Guid.Empty));
        Assert.Equal(Defaults.AccountRep, organization.AccountRepId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_organization_needs_a_name(string name)
    {
        Assert.Throws<DomainException>(() => Organization.Nominate(name, "US", Defaults.AccountRep, Defaults.Start));
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("USA")]
    [InlineData("")]
    public void An_organization_needs_a_real_country(string country)
    {
        Assert.Throws<DomainException>(() => Organization.Nominate("Acme", country, Defaults.AccountRep, Defaults.Start));
    }

    [Theory]
    [InlineData(OrganizationState.Nominated)]
    [InlineData(OrganizationState.Invited)]
    [InlineData(OrganizationState.Enrolling)]
    [InlineData(OrganizationState.UnderReview)]
    [InlineData(OrganizationState.Reviewed)]
    public void Reinstating_returns_the_organization_to_where_it_was(OrganizationState state)
    {
        var scenario = In(state);
        var where = scenario.Organization.Status;

        scenario.Suspend("Compliance check.");
        Assert.Equal(OrganizationStatus.Suspended, scenario.Organization.Status);
        Assert.Equal(where, scenario.Organization.StatusBeforeSuspension);
        Assert.Equal("Compliance check.", scenario.Organization.SuspensionReason);

        scenario.Reinstate();

        Assert.Equal(where, scenario.Organization.Status);
        Assert.Null(scenario.Organization.StatusBeforeSuspension);
        Assert.Null(scenario.Organization.SuspensionReason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Suspending_and_reinstating_need_a_reason(string reason)
    {
        var scenario = AnOrganization().UnderReview();

        Assert.Throws<DomainException>(() => scenario.Organization.Suspend(reason));
        scenario.Suspend();
        Assert.Throws<DomainException>(() => scenario.Organization.Reinstate(reason));
        Assert.Equal(OrganizationStatus.Suspended, scenario.Organization.Status);
    }

    [Fact]
    public void A_needs_info_decision_sends_the_organization_back_to_enrolling_with_its_message()
    {
        var scenario = AnOrganization().UnderReview();

        scenario.RequestMoreInformation(Surface.Codex, "Which workspace runs in production?");

        Assert.Equal(OrganizationStatus.Enrolling, scenario.Organization.Status);
        Assert.NotNull(scenario.Organization.OpenNeedsInfo);
        Assert.Equal("Which workspace runs in production?", scenario.Organization.OpenNeedsInfo!.Justification);
        Assert.Equal([Surface.Api, Surface.Codex], scenario.Organization.UndecidedSurfaces());
    }

    [Fact]
    public void Resubmitting_after_a_needs_info_decision_goes_back_under_review()
    {
        var scenario = AnOrganization().UnderReview().RequestMoreInformation(Surface.Api);
        var corrected = AnOrganization().WithApiOrgs(Defaults.ApiOrg).EnrollmentRequest();

        scenario.SubmitEnrollment(corrected);

        Assert.Equal(OrganizationStatus.UnderReview, scenario.Organization.Status);
        Assert.Null(scenario.Organization.OpenNeedsInfo);
        Assert.Equal([Defaults.ApiOrg], scenario.Organization.Enrollment!.IdentifiersFor(Surface.Api));
    }

    [Fact]
    public void After_resubmission_the_surface_that_needed_information_can_be_approved()
    {
        var scenario = AnOrganization().Requesting(Surface.Api).UnderReview()
            .RequestMoreInformation(Surface.Api)
            .SubmitEnrollment()
            .Approve(Surface.Api);

        Assert.Equal(OrganizationStatus.Reviewed, scenario.Organization.Status);
        Assert.Single(scenario.Grants);
    }

    [Fact]
    public void A_needs_info_decision_after_one_surface_was_approved_keeps_that_approval()
    {
        var scenario = AnOrganization().UnderReview().Approve(Surface.Api).RequestMoreInformation(Surface.Codex);

        Assert.Equal(OrganizationStatus.Enrolling, scenario.Organization.Status);
        Assert.Equal([Surface.Api], scenario.Organization.SettledSurfaces());

        scenario.SubmitEnrollment();

        Assert.Equal(OrganizationStatus.UnderReview, scenario.Organization.Status);
        Assert.Equal([Surface.Codex], scenario.Organization.UndecidedSurfaces());
    }

    [Fact]
    public void A_resubmission_cannot_drop_a_surface_that_was_already_decided()
    {
        var scenario = AnOrganization().UnderReview().Approve(Surface.Api).RequestMoreInformation(Surface.Codex);
        var codexOnly = AnOrganization().Requesting(Surface.Codex).EnrollmentRequest();

        Assert.Throws<DomainException>(() => scenario.SubmitEnrollment(codexOnly));
        Assert.Equal(OrganizationStatus.Enrolling, scenario.Organization.Status);
    }

    [Fact]
    public void Deciding_every_requested_surface_makes_the_organization_reviewed()
    {
        var scenario = AnOrganization().UnderReview();

        scenario.Approve(Surface.Api);
        Assert.Equal(OrganizationStatus.UnderReview, scenario.Organization.Status);

        scenario.Decline(Surface.Codex);
        Assert.Equal(OrganizationStatus.Reviewed, scenario.Organization.Status);
    }

    [Fact]
    public void A_submission_is_refused_without_an_accepted_invitation()
    {
        var scenario = AnOrganization().Invited();

        var refusal = Assert.Throws<DomainException>(() => scenario.SubmitEnrollment());

        Assert.Contains("accepted invitation", refusal.Message, StringComparison.Ordinal);
        Assert.Null(scenario.Organization.Enrollment);
    }

    [Fact]
    public void An_organization_suspended_while_invited_whose_invitation_is_revoked_is_reinstated_as_nominated()
    {
        var scenario = AnOrganization().Invited().Suspend();

        scenario.Organization.RevokeInvitation(scenario.LatestInvitation.Id, scenario.Tick());
        scenario.Reinstate();

        Assert.Equal(OrganizationStatus.Nominated, scenario.Organization.Status);
        Assert.Equal(InvitationStatus.Revoked, scenario.LatestInvitation.StatusAt(scenario.Now));
    }
}
