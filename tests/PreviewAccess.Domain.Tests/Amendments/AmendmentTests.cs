using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Amendments;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Tests.TestData;
using static PreviewAccess.Domain.Tests.TestData.Builders;

namespace PreviewAccess.Domain.Tests.Amendments;

/// <summary>DOMAIN.md, Amendments: after the first review, scope changes only through an amendment, decided per surface as a delta.</summary>
public sealed class AmendmentTests
{
    private const string NewWorkspace = "acme-platform";
    private const string NewApiOrg = "org-acme00000000000000000009";
    private static readonly IReadOnlySet<string> NobodyElse = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Enrolled for the API only, approved and enabled: reviewed.</summary>
    private static Scenario ApiOnlyEnabled() =>
        AnOrganization().Requesting(Surface.Api).UnderReview().Approve(Surface.Api).GrantsIn(GrantStatus.Enabled);

    private static AmendmentRequest Asking(Surface[]? surfaces = null, string[]? apiOrgs = null, string[]? workspaces = null, string[]? emails = null,
        string[]? models = null, Guid[]? renewals = null, string? note = null) =>
        new(surfaces ?? [], apiOrgs ?? [], workspaces ?? [], emails ?? [], models ?? [], renewals ?? [], note);

    private static Amendment Request(Scenario scenario, AmendmentRequest request, IReadOnlySet<string>? heldElsewhere = null) =>
        Amendment.Request(scenario.Organization, scenario.Grants, request, Defaults.CatalogModelIds, heldElsewhere ?? NobodyElse,
            Defaults.PartnerUser, requestedByStaff: false, scenario.Tick());

    private static ApprovalRequest Approval(Surface surface, string[] identifiers, string[]? models = null, string[]? emails = null,
        DateOnly? expiresOn = null, bool requireSecondApproval = false) =>
        new(surface, identifiers, models ?? [Defaults.Sol], emails ?? [Defaults.Email], "Reviewed with the account representative.", expiresOn, requireSecondApproval);

    private static AmendmentApproval Approve(Scenario scenario, Amendment amendment, ApprovalRequest approval, IReadOnlySet<string>? heldElsewhere = null)
    {
        var result = amendment.Approve(approval, scenario.Organization, scenario.Grants, Defaults.UnsupportedCountries, Defaults.CatalogModelIds,
            heldElsewhere ?? NobodyElse, Defaults.AccountRep, scenario.Tick());
        scenario.Adopt(result.Created);
        return result;
    }

    private static IReadOnlyList<string?> Fields(Action act) => [.. Assert.Throws<DomainException>(act).Rules.Select(r => r.Field)];

    [Fact]
    public void Codex_asked_for_after_an_API_only_approval_is_a_delta_on_Codex_alone_and_the_organization_stays_reviewed()
    {
        var scenario = ApiOnlyEnabled();
        Assert.Equal(OrganizationStatus.Reviewed, scenario.Organization.Status);

        var amendment = Request(scenario, Asking([Surface.Codex], workspaces: [NewWorkspace], emails: ["DEV@acme.example "], models: [Defaults.Sol]));

        Assert.Equal(AmendmentStatus.UnderReview, amendment.Status);
        Assert.Equal([Surface.Codex], amendment.Surfaces);
        Assert.Equal([Defaults.Email], amendment.AccountEmails);
        var change = Assert.Single(amendment.ChangesAgainst(scenario.Grants));
        Assert.Equal(Surface.Codex, change.Surface);
        Assert.Empty(change.Before.Identifiers);
        Assert.Equal([NewWorkspace], change.After.Identifiers);
        Assert.Equal([Defaults.Sol], change.After.Models);
        Assert.Equal([Defaults.Email], change.After.AccountEmails);
        Assert.Equal(OrganizationStatus.Reviewed, scenario.Organization.Status);
        Assert.Equal(AccessReason.Allowed, scenario.Decide(Ask.Api()).Reason);
    }

    [Fact]
    public void Approving_the_amendment_creates_a_grant_that_is_enabled_only_through_a_wave_while_the_API_grant_keeps_answering()
    {
        var scenario = ApiOnlyEnabled();
        var amendment = Request(scenario, Asking([Surface.Codex], workspaces: [NewWorkspace], emails: [Defaults.Email], models: [Defaults.Sol]));

        var approval = Approve(scenario, amendment, Approval(Surface.Codex, [NewWorkspace]));

        var grant = Assert.Single(approval.Created);
        Assert.Empty(approval.Widened);
        Assert.Empty(approval.Renewed);
        Assert.Equal([grant], approval.All);
        Assert.Equal((Surface.Codex, NewWorkspace, GrantStatus.Approved), (grant.Surface, grant.Identifier, grant.Status));
        Assert.Equal(AmendmentStatus.Decided, amendment.Status);
        Assert.Equal(OrganizationStatus.Reviewed, scenario.Organization.Status);
        Assert.Equal(AccessReason.NotYetEnabled, scenario.Decide(Ask.Codex(NewWorkspace)).Reason);
        Assert.Equal(AccessReason.Allowed, scenario.Decide(Ask.Api()).Reason);

        scenario.DriveTo(grant, GrantStatus.Enabled);
        Assert.Equal(AccessReason.Allowed, scenario.Decide(Ask.Codex(NewWorkspace)).Reason);
        Assert.Equal(AccessReason.Allowed, scenario.Decide(Ask.Api()).Reason);
    }

    [Fact]
    public void With_two_approvers_required_a_new_grant_waits_for_the_second()
    {
        var scenario = ApiOnlyEnabled();
        var amendment = Request(scenario, Asking(apiOrgs: [NewApiOrg]));

        var approval = Approve(scenario, amendment, Approval(Surface.Api, [NewApiOrg], requireSecondApproval: true));

        Assert.Equal(GrantStatus.PendingSecondApproval, Assert.Single(approval.Created).Status);
    }

    [Fact]
    public void Account_emails_and_models_widen_the_live_grant_in_place_and_it_stays_enabled()
    {
        var scenario = ApiOnlyEnabled();
        var grant = scenario.Grant;
        Assert.Equal(AccessReason.EmailNotApproved, scenario.Decide(Ask.Api(email: Defaults.OtherEmail)).Reason);
        var amendment = Request(scenario, Asking(emails: [Defaults.OtherEmail]));
        Assert.Equal([Surface.Api], amendment.Surfaces);
        var change = Assert.Single(amendment.ChangesAgainst(scenario.Grants));
        Assert.Equal([Defaults.Email], change.Before.AccountEmails);
        Assert.Equal([Defaults.Email, Defaults.OtherEmail], change.After.AccountEmails);

        var approval = Approve(scenario, amendment, Approval(Surface.Api, [Defaults.ApiOrg], models: [Defaults.Luna], emails: [Defaults.OtherEmail]));

        Assert.Equal([grant], approval.Widened);
        Assert.Empty(approval.Created);
        Assert.Equal(GrantStatus.Enabled, grant.Status);
        Assert.Equal([Defaults.Email, Defaults.OtherEmail], grant.AccountEmails);
        Assert.Equal([.. Defaults.AllModels], grant.Models);
        Assert.Equal(AccessReason.Allowed, scenario.Decide(Ask.Api(email: Defaults.OtherEmail)).Reason);
    }

    [Fact]
    public void An_expired_grant_is_renewed_back_to_approved_out_of_its_wave_and_enabled_again_only_through_one()
    {
        var scenario = ApiOnlyEnabled();
        var grant = scenario.Grant;
        grant.Expire(Scenario.DayAfterExpiry(grant));
        Assert.Equal(AccessReason.Suspended, scenario.Decide(Ask.Api()).Reason);
        var amendment = Request(scenario, Asking(renewals: [grant.Id]));
        var change = Assert.Single(amendment.ChangesAgainst(scenario.Grants));
        Assert.Empty(change.Before.Identifiers);
        Assert.Equal([Defaults.ApiOrg], change.After.Identifiers);

        var until = grant.ExpiresOn!.Value.AddYears(1);
        var approval = Approve(scenario, amendment, Approval(Surface.Api, [Defaults.ApiOrg], expiresOn: until));

        Assert.Equal([grant], approval.Renewed);
        Assert.Equal(GrantStatus.Approved, grant.Status);
        Assert.Null(grant.WaveId);
        Assert.Null(grant.EnabledAt);
        Assert.Equal(until, grant.ExpiresOn);
        Assert.Equal(AccessReason.NotYetEnabled, scenario.Decide(Ask.Api()).Reason);
        scenario.DriveTo(grant, GrantStatus.Enabled);
        Assert.Equal(AccessReason.Allowed, scenario.Decide(Ask.Api()).Reason);
    }

    [Fact]
    public void A_revoked_grant_renewed_with_two_approvers_required_waits_for_the_second()
    {
        var scenario = ApiOnlyEnabled();
        var grant = scenario.Grant;
        grant.Revoke("Agreement ended.");
        var amendment = Request(scenario, Asking(renewals: [grant.Id]));

        Approve(scenario, amendment, Approval(Surface.Api, [Defaults.ApiOrg], requireSecondApproval: true));

        Assert.Equal(GrantStatus.PendingSecondApproval, grant.Status);
        Assert.Null(grant.StatusReason);
    }

    [Fact]
    public void A_declined_surface_is_reconsidered_with_the_enrollment_identifiers()
    {
        var scenario = AnOrganization().UnderReview().Approve(Surface.Api).Decline(Surface.Codex);
        Assert.Equal(OrganizationStatus.Reviewed, scenario.Organization.Status);

        var amendment = Request(scenario, Asking([Surface.Codex], emails: [Defaults.Email], models: [Defaults.Sol]));

        Assert.Equal([Defaults.Workspace, Defaults.OtherWorkspace], amendment.CodexWorkspaceIds);
        var approval = Approve(scenario, amendment, Approval(Surface.Codex, [Defaults.Workspace]));
        Assert.Equal(Defaults.Workspace, Assert.Single(approval.Created).Identifier);
    }

    [Theory]
    [InlineData(OrganizationStatus.UnderReview)]
    [InlineData(OrganizationStatus.Enrolling)]
    [InlineData(OrganizationStatus.Suspended)]
    public void Only_a_reviewed_organization_is_amended_and_the_refusal_is_the_state_not_a_field(OrganizationStatus status)
    {
        var scenario = status switch
        {
            OrganizationStatus.UnderReview => AnOrganization().UnderReview(),
            OrganizationStatus.Enrolling => AnOrganization().Enrolling(),
            _ => ApiOnlyEnabled().Suspend(),
        };

        var refusal = Assert.Throws<DomainException>(() => Request(scenario, Asking(apiOrgs: [NewApiOrg])));
        Assert.Null(refusal.Field);
    }

    [Fact]
    public void Every_broken_field_of_a_request_is_named_at_once()
    {
        var scenario = ApiOnlyEnabled();
        var someoneElses = Guid.NewGuid();

        Assert.Equal(["Surfaces"], Fields(() => Request(scenario, Asking())));
        Assert.Equal(["Surfaces", "ApiOrganizationIds[0]", "CodexWorkspaceIds[1]", "AccountEmails[0]", "AccountEmails[2]", "Models[0]", "RenewGrantIds[0]", "RenewGrantIds[1]", "Note"],
            Fields(() => Request(scenario, Asking([Surface.ChatGPT], apiOrgs: ["org-short"], workspaces: ["ws_ok", "ws_ok"],
                emails: ["nope", "a@b.example", "A@B.example"], models: ["gpt-4"], renewals: [scenario.Grant.Id, someoneElses], note: new string('x', Amendment.MaxNoteLength + 1)))));
    }

    [Fact]
    public void A_surface_asked_for_without_any_identifier_of_its_own_is_refused_on_that_list()
    {
        var scenario = ApiOnlyEnabled();

        Assert.Equal(["CodexWorkspaceIds"], Fields(() => Request(scenario, Asking([Surface.Codex]))));
    }

    [Fact]
    public void Asking_only_for_what_is_already_in_scope_is_refused()
    {
        var scenario = ApiOnlyEnabled();

        Assert.Equal(["Surfaces"], Fields(() => Request(scenario, Asking(apiOrgs: [Defaults.ApiOrg], emails: [Defaults.Email], models: [Defaults.Sol]))));
    }

    [Fact]
    public void An_identifier_another_organization_holds_gets_the_neutral_answer_on_its_field()
    {
        var scenario = ApiOnlyEnabled();
        var held = new HashSet<string>(StringComparer.Ordinal) { NewApiOrg };

        var refusal = Assert.Throws<DomainException>(() => Request(scenario, Asking(apiOrgs: [NewApiOrg]), held));

        var rule = Assert.Single(refusal.Rules);
        Assert.Equal(("ApiOrganizationIds[0]", Amendment.IdentifierTaken), (rule.Field, rule.Message));
    }

    [Fact]
    public void A_live_grant_cannot_be_renewed()
    {
        var scenario = ApiOnlyEnabled();

        Assert.Equal(["RenewGrantIds[0]"], Fields(() => Request(scenario, Asking(renewals: [scenario.Grant.Id]))));
    }

    [Fact]
    public void What_an_approval_names_must_come_from_the_amendment_the_enrollment_or_the_grants_and_the_catalog()
    {
        var scenario = ApiOnlyEnabled();
        var amendment = Request(scenario, Asking([Surface.Codex], workspaces: [NewWorkspace], emails: [Defaults.OtherEmail], models: [Defaults.Sol]));
        var yesterday = DateOnly.FromDateTime(scenario.Now.UtcDateTime).AddDays(-1);

        Assert.Equal(["Identifiers[0]", "Models[0]", "AccountEmails[0]", "ExpiresOn"],
            Fields(() => Approve(scenario, amendment, Approval(Surface.Codex, ["stranger-ws"], models: ["gpt-4"], emails: [Defaults.StrangerEmail], expiresOn: yesterday))));
        Assert.Equal(["Surface"], Fields(() => Approve(scenario, amendment, Approval(Surface.Api, [Defaults.ApiOrg]))));
        Assert.Equal(["Identifiers[0]"], Fields(() => Approve(scenario, amendment, Approval(Surface.Codex, [NewWorkspace]), new HashSet<string>(StringComparer.Ordinal) { NewWorkspace })));
        Assert.Equal(["Justification"], Fields(() => amendment.Decline(Surface.Codex, " ", "Not now.", scenario.Organization, Defaults.AccountRep, scenario.Tick())));
        Assert.Equal(["Justification", "PartnerMessage"], Fields(() => amendment.Decline(Surface.Codex, " ", " ", scenario.Organization, Defaults.AccountRep, scenario.Tick())));

        // The enrollment's email (dev@) and the amendment's (ops@) are both allowed.
        var approval = Approve(scenario, amendment, Approval(Surface.Codex, [NewWorkspace], emails: [Defaults.Email, Defaults.OtherEmail]));
        Assert.Equal([Defaults.Email, Defaults.OtherEmail], Assert.Single(approval.Created).AccountEmails);
    }

    [Fact]
    public void Needs_info_sends_it_back_until_it_is_resubmitted_and_a_decided_surface_stays_decided()
    {
        var scenario = ApiOnlyEnabled();
        var amendment = Request(scenario, Asking([Surface.Codex], workspaces: [NewWorkspace], emails: [Defaults.Email], models: [Defaults.Sol]));

        amendment.RequestMoreInformation(Surface.Codex, "Which team uses it?", scenario.Organization, Defaults.AccountRep, scenario.Tick());
        Assert.Equal(AmendmentStatus.NeedsInfo, amendment.Status);
        Assert.Equal("Which team uses it?", amendment.OpenNeedsInfo?.Justification);
        Assert.Null(Assert.Throws<DomainException>(() => Approve(scenario, amendment, Approval(Surface.Codex, [NewWorkspace]))).Field);

        amendment.Resubmit("The platform team.");
        Assert.Equal(AmendmentStatus.UnderReview, amendment.Status);
        Assert.Equal("The platform team.", amendment.Note);
        Assert.Throws<DomainException>(() => amendment.Resubmit(null));

        amendment.Decline(Surface.Codex, "Capacity is reserved for the pilot cohort.", "Codex is not part of this phase of the preview.", scenario.Organization, Defaults.AccountRep, scenario.Tick());
        Assert.Equal(AmendmentStatus.Decided, amendment.Status);
        // The partner reads the message written for them, never the internal justification.
        Assert.Equal("Codex is not part of this phase of the preview.", amendment.LatestDecision(Surface.Codex)?.ForPartner);
        Assert.Equal(DecisionOutcome.Decline, amendment.LatestDecision(Surface.Codex)?.Outcome);
        Assert.Null(Assert.Throws<DomainException>(() => Approve(scenario, amendment, Approval(Surface.Codex, [NewWorkspace]))).Field);
        Assert.Equal(AccessReason.NotApprovedForSurface, scenario.Decide(Ask.Codex(NewWorkspace)).Reason);
    }

    [Fact]
    public void An_amendment_of_a_suspended_organization_waits_and_a_suspended_grant_is_not_widened()
    {
        var scenario = ApiOnlyEnabled();
        var amendment = Request(scenario, Asking(emails: [Defaults.OtherEmail]));

        scenario.Suspend();
        Assert.Null(Assert.Throws<DomainException>(() => Approve(scenario, amendment, Approval(Surface.Api, [Defaults.ApiOrg], emails: [Defaults.OtherEmail]))).Field);
        scenario.Reinstate();

        scenario.Grant.Suspend("Unusual traffic.");
        Assert.Null(Assert.Throws<DomainException>(() => Approve(scenario, amendment, Approval(Surface.Api, [Defaults.ApiOrg], emails: [Defaults.OtherEmail]))).Field);
        Assert.Equal([Defaults.Email], scenario.Grant.AccountEmails);
        Assert.Equal(AmendmentStatus.UnderReview, amendment.Status);
    }

    [Fact]
    public void An_organization_in_an_unsupported_country_cannot_have_an_amendment_approved()
    {
        var scenario = AnOrganization().Requesting(Surface.Api).UnderReview().Decline(Surface.Api);
        var amendment = Request(scenario, Asking([Surface.Api], emails: [Defaults.Email], models: [Defaults.Sol]));
        scenario.Organization.ChangeCountry("RU");

        Assert.Null(Assert.Throws<DomainException>(() => Approve(scenario, amendment, Approval(Surface.Api, [Defaults.ApiOrg]))).Field);
    }
}
