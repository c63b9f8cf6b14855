using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Tests.TestData;
using static PreviewAccess.Domain.Tests.TestData.Builders;

namespace PreviewAccess.Domain.Tests.Access;

/// <summary>Each reason code of <see cref="AccessPolicy.Decide"/>, reached on its own.</summary>
public sealed class AccessPolicyTests
{
    private static Scenario EnabledOn(Surface surface) =>
        AnOrganization().UnderReview().Approve(surface).GrantsIn(GrantStatus.Enabled);

    [Theory]
    [MemberData(nameof(DecisionScenarios.All), MemberType = typeof(DecisionScenarios))]
    public void Every_named_situation_gets_the_reason_DOMAIN_md_gives_it(string situation)
    {
        var (scenario, request, expected) = DecisionScenarios.Build(situation);

        var decision = scenario.Decide(request);

        Assert.Equal(expected, decision.Reason);
        Assert.Equal(expected == AccessReason.Allowed, decision.Allowed);
    }

    [Fact]
    public void The_named_situations_cover_every_reason_code()
    {
        var reached = DecisionScenarios.Names.Select(n => DecisionScenarios.Build(n).Expected).ToHashSet();

        Assert.Equal(Enum.GetValues<AccessReason>().ToHashSet(), reached);
    }

    // 1. SurfaceNotInPreview

    [Fact]
    public void ChatGPT_is_denied_even_for_an_identifier_and_email_that_are_enabled_on_the_API()
    {
        var decision = EnabledOn(Surface.Api).Decide(Ask.ChatGpt());

        Assert.Equal(AccessReason.SurfaceNotInPreview, decision.Reason);
        Assert.False(decision.Allowed);
        Assert.Null(decision.OrganizationId);
    }

    [Fact]
    public void ChatGPT_is_denied_with_its_own_reason_even_for_a_stranger()
    {
        var decision = AnOrganization().Nominated().Decide(Ask.ChatGpt(Defaults.StrangerApiOrg, Defaults.StrangerEmail));

        Assert.Equal(AccessReason.SurfaceNotInPreview, decision.Reason);
    }

    // 2. UnknownIdentifier, and the lookup by identifier then by email

    [Fact]
    public void An_identifier_and_email_that_no_organization_knows_are_unknown()
    {
        var decision = EnabledOn(Surface.Api).Decide(Ask.Api(Defaults.StrangerApiOrg, Defaults.StrangerEmail));

        Assert.Equal(AccessReason.UnknownIdentifier, decision.Reason);
        Assert.Null(decision.OrganizationId);
    }

    [Fact]
    public void A_nominated_organization_with_no_enrollment_is_not_found_by_anything()
    {
        var decision = AnOrganization().Invited().Decide(Ask.Api());

        Assert.Equal(AccessReason.UnknownIdentifier, decision.Reason);
    }

    [Fact]
    public void An_unknown_identifier_is_looked_up_by_an_approved_email_of_a_grant()
    {
        var scenario = EnabledOn(Surface.Api);

        var decision = scenario.Decide(Ask.Api(Defaults.StrangerApiOrg, Defaults.Email));

        Assert.Equal(AccessReason.IdentifierNotInScope, decision.Reason);
        Assert.Equal(scenario.Organization.Id, decision.OrganizationId);
    }

    [Fact]
    public void An_unknown_identifier_is_looked_up_by_an_account_email_of_the_enrollment()
    {
        // OtherEmail is listed in the enrollment but approved on no grant.
        var scenario = EnabledOn(Surface.Api);

        var decision = scenario.Decide(Ask.Api(Defaults.StrangerApiOrg, Defaults.OtherEmail));

        Assert.Equal(AccessReason.IdentifierNotInScope, decision.Reason);
        Assert.Equal(scenario.Organization.Id, decision.OrganizationId);
    }

    [Theory]
    [InlineData("DEV@ACME.EXAMPLE")]
    [InlineData("  dev@acme.example  ")]
    [InlineData("\tDev@Acme.Example\n")]
    public void The_email_lookup_is_trimmed_and_case_insensitive(string email)
    {
        var scenario = EnabledOn(Surface.Api);

        var decision = scenario.Decide(Ask.Api(Defaults.StrangerApiOrg, email));

        Assert.Equal(AccessReason.IdentifierNotInScope, decision.Reason);
        Assert.Equal(scenario.Organization.Id, decision.OrganizationId);
    }

    [Theory]
    [InlineData("DEV@ACME.EXAMPLE")]
    [InlineData("  dev@acme.example  ")]
    [InlineData(" Dev@Acme.Example")]
    public void An_approved_email_matches_trimmed_and_case_insensitively(string email)
    {
        var decision = EnabledOn(Surface.Api).Decide(Ask.Api(email: email));

        Assert.Equal(AccessReason.Allowed, decision.Reason);
    }

    [Fact]
    public void An_approved_email_written_in_capitals_at_approval_still_matches()
    {
        var scenario = AnOrganization().UnderReview()
            .Approve(Surface.Api, a => a.Emails("  DEV@Acme.EXAMPLE "))
            .GrantsIn(GrantStatus.Enabled);

        Assert.Equal(AccessReason.Allowed, scenario.Decide(Ask.Api(email: "dev@acme.example")).Reason);
    }

    [Fact]
    public void The_identifier_is_trimmed_before_the_lookup()
    {
        var decision = EnabledOn(Surface.Api).Decide(Ask.Api(identifier: "  " + Defaults.ApiOrg + " "));

        Assert.Equal(AccessReason.Allowed, decision.Reason);
    }

    [Fact]
    public void The_identifier_finds_the_organization_before_the_email_does()
    {
        // The identifier belongs to "acme", the email to "globex": the identifier decides which organization speaks.
        var acme = EnabledOn(Surface.Api);
        var globex = AnOrganization().Named("Globex")
            .WithApiOrgs("org-globex000000000000000001").WithWorkspaces("globex-ws").WithAccountEmails("eng@globex.example")
            .UnderReview()
            .Approve(Surface.Api, a => a.For("org-globex000000000000000001").Emails("eng@globex.example"))
            .GrantsIn(GrantStatus.Enabled);

        var decision = acme.Decide(Ask.Api(Defaults.ApiOrg, "eng@globex.example"), globex);

        Assert.Equal(AccessReason.EmailNotApproved, decision.Reason);
        Assert.Equal(acme.Organization.Id, decision.OrganizationId);
    }

    [Fact]
    public void An_identifier_listed_only_in_the_enrollment_finds_the_organization()
    {
        var scenario = AnOrganization().UnderReview();

        var decision = scenario.Decide(Ask.Codex(Defaults.OtherWorkspace, Defaults.StrangerEmail));

        Assert.Equal(AccessReason.NotApprovedForSurface, decision.Reason);
        Assert.Equal(scenario.Organization.Id, decision.OrganizationId);
    }

    // 3. NotApprovedForSurface

    [Fact]
    public void Completing_enrollment_does_not_make_access_active()
    {
        var scenario = AnOrganization().UnderReview();

        Assert.Empty(scenario.Grants);
        Assert.Equal(AccessReason.NotApprovedForSurface, scenario.Decide(Ask.Api()).Reason);
        Assert.Equal(AccessReason.NotApprovedForSurface, scenario.Decide(Ask.Codex()).Reason);
    }

    [Fact]
    public void A_declined_surface_is_not_approved()
    {
        var scenario = AnOrganization().UnderReview().Decline(Surface.Api);

        Assert.Equal(AccessReason.NotApprovedForSurface, scenario.Decide(Ask.Api()).Reason);
    }

    [Fact]
    public void A_surface_that_was_not_requested_is_not_approved()
    {
        var scenario = AnOrganization().Requesting(Surface.Api).UnderReview()
            .Approve(Surface.Api).GrantsIn(GrantStatus.Enabled);

        var decision = scenario.Decide(Ask.Codex(Defaults.StrangerWorkspace));

        Assert.Equal(AccessReason.NotApprovedForSurface, decision.Reason);
    }

    // 4. IdentifierNotInScope

    [Fact]
    public void A_second_API_organization_of_the_enrollment_is_not_in_scope_when_only_the_first_was_approved()
    {
        var decision = EnabledOn(Surface.Api).Decide(Ask.Api(Defaults.OtherApiOrg));

        Assert.Equal(AccessReason.IdentifierNotInScope, decision.Reason);
    }

    [Fact]
    public void A_workspace_of_the_organization_is_not_in_scope_on_the_API()
    {
        var scenario = AnOrganization().UnderReview()
            .Approve(Surface.Api).Approve(Surface.Codex).GrantsIn(GrantStatus.Enabled);

        Assert.Equal(AccessReason.IdentifierNotInScope, scenario.Decide(Ask.Api(Defaults.Workspace)).Reason);
        Assert.Equal(AccessReason.IdentifierNotInScope, scenario.Decide(Ask.Codex(Defaults.ApiOrg)).Reason);
    }

    [Fact]
    public void Each_approved_identifier_has_its_own_grant()
    {
        var scenario = AnOrganization().UnderReview()
            .Approve(Surface.Api, a => a.For(Defaults.ApiOrg, Defaults.OtherApiOrg))
            .GrantsIn(GrantStatus.Enabled);

        Assert.Equal(2, scenario.Grants.Count);
        Assert.Equal(AccessReason.Allowed, scenario.Decide(Ask.Api(Defaults.ApiOrg)).Reason);
        Assert.Equal(AccessReason.Allowed, scenario.Decide(Ask.Api(Defaults.OtherApiOrg)).Reason);
    }

    // 5. Suspended

    [Fact]
    public void A_suspended_organization_is_suspended()
    {
        var decision = EnabledOn(Surface.Api).Suspend().Decide(Ask.Api());

        Assert.Equal(AccessReason.Suspended, decision.Reason);
    }

    [Fact]
    public void A_reinstated_organization_is_allowed_again()
    {
        var decision = EnabledOn(Surface.Api).Suspend().Reinstate().Decide(Ask.Api());

        Assert.Equal(AccessReason.Allowed, decision.Reason);
    }

    [Theory]
    [InlineData(GrantStatus.Suspended)]
    [InlineData(GrantStatus.Revoked)]
    [InlineData(GrantStatus.Expired)]
    public void A_suspended_revoked_or_expired_grant_is_suspended(GrantStatus status)
    {
        var scenario = AnOrganization().UnderReview().Approve(Surface.Api).GrantsIn(status);

        Assert.Equal(status, scenario.Grant.Status);
        Assert.Equal(AccessReason.Suspended, scenario.Decide(Ask.Api()).Reason);
    }

    [Fact]
    public void A_reinstated_grant_is_allowed_again()
    {
        var scenario = AnOrganization().UnderReview().Approve(Surface.Api).GrantsIn(GrantStatus.Suspended);

        scenario.Grant.Reinstate("Traffic explained.");

        Assert.Equal(AccessReason.Allowed, scenario.Decide(Ask.Api()).Reason);
    }

    [Fact]
    public void A_suspended_grant_on_one_identifier_does_not_suspend_another()
    {
        var scenario = AnOrganization().UnderReview()
            .Approve(Surface.Api, a => a.For(Defaults.ApiOrg, Defaults.OtherApiOrg))
            .GrantsIn(GrantStatus.Enabled);

        scenario.GrantFor(Surface.Api, Defaults.OtherApiOrg).Suspend("Investigating.");

        Assert.Equal(AccessReason.Allowed, scenario.Decide(Ask.Api(Defaults.ApiOrg)).Reason);
        Assert.Equal(AccessReason.Suspended, scenario.Decide(Ask.Api(Defaults.OtherApiOrg)).Reason);
    }

    // 6. EmailNotApproved

    [Fact]
    public void An_account_email_of_the_enrollment_that_the_grant_does_not_approve_is_not_approved()
    {
        var decision = EnabledOn(Surface.Api).Decide(Ask.Api(email: Defaults.OtherEmail));

        Assert.Equal(AccessReason.EmailNotApproved, decision.Reason);
    }

    [Fact]
    public void An_email_from_outside_the_organization_on_an_approved_identifier_is_not_approved()
    {
        var decision = EnabledOn(Surface.Codex).Decide(Ask.Codex(email: Defaults.StrangerEmail));

        Assert.Equal(AccessReason.EmailNotApproved, decision.Reason);
    }

    // 7. ModelNotIncluded

    [Theory]
    [InlineData(Defaults.Terra)]
    [InlineData(Defaults.Luna)]
    [InlineData("gpt-4o")]
    public void A_model_the_grant_does_not_include_is_not_included(string model)
    {
        var scenario = AnOrganization().UnderReview().Approve(Surface.Api, a => a.Models(Defaults.Sol)).GrantsIn(GrantStatus.Enabled);

        Assert.Equal(AccessReason.ModelNotIncluded, scenario.Decide(Ask.Api(model: model)).Reason);
    }

    [Theory]
    [InlineData(Defaults.Sol)]
    [InlineData(Defaults.Terra)]
    [InlineData(Defaults.Luna)]
    public void Every_model_the_grant_includes_is_allowed(string model)
    {
        Assert.Equal(AccessReason.Allowed, EnabledOn(Surface.Codex).Decide(Ask.Codex(model: model)).Reason);
    }

    // 8. NotYetEnabled

    [Theory]
    [InlineData(GrantStatus.PendingSecondApproval)]
    [InlineData(GrantStatus.Approved)]
    [InlineData(GrantStatus.Scheduled)]
    [InlineData(GrantStatus.Provisioning)]
    public void A_grant_that_is_not_enabled_yet_is_not_yet_enabled(GrantStatus status)
    {
        var scenario = AnOrganization().UnderReview()
            .Approve(Surface.Api, a => a.RequiringSecondApproval())
            .GrantsIn(status);

        var decision = scenario.Decide(Ask.Api());

        Assert.Equal(AccessReason.NotYetEnabled, decision.Reason);
        Assert.Equal(scenario.Organization.Id, decision.OrganizationId);
    }

    // 9. UnsupportedRegion

    [Theory]
    [InlineData("BY")]
    [InlineData("CN")]
    [InlineData("CU")]
    [InlineData("IR")]
    [InlineData("KP")]
    [InlineData("RU")]
    [InlineData("SY")]
    [InlineData("ru")]
    [InlineData(" Cn ")]
    public void A_request_from_an_unsupported_country_is_refused_for_its_region(string country)
    {
        var decision = EnabledOn(Surface.Api).Decide(Ask.Api(country: country));

        Assert.Equal(AccessReason.UnsupportedRegion, decision.Reason);
    }

    [Fact]
    public void The_unsupported_list_is_data_the_decision_is_given()
    {
        var scenario = EnabledOn(Surface.Api);
        var facts = new InMemoryAccessDirectory([scenario.Facts()]);

        var withFrance = AccessPolicy.Decide(Ask.Api(country: "FR"), facts, new HashSet<string>(StringComparer.Ordinal) { "FR" }, scenario.Now);
        var withoutRussia = AccessPolicy.Decide(Ask.Api(country: "RU"), facts, new HashSet<string>(StringComparer.Ordinal), scenario.Now);

        Assert.Equal(AccessReason.UnsupportedRegion, withFrance.Reason);
        Assert.Equal(AccessReason.Allowed, withoutRussia.Reason);
    }

    // 10. Allowed

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("US")]
    [InlineData("de")]
    public void An_enabled_grant_for_the_identifier_email_and_model_is_allowed_from_a_supported_or_unstated_country(string? country)
    {
        var scenario = EnabledOn(Surface.Api);

        var decision = scenario.Decide(Ask.Api(country: country));

        Assert.Equal(AccessReason.Allowed, decision.Reason);
        Assert.True(decision.Allowed);
        Assert.Equal(scenario.Organization.Id, decision.OrganizationId);
    }

    [Fact]
    public void The_decision_only_reads_the_organization_it_finds()
    {
        var acme = EnabledOn(Surface.Api);
        var suspendedNeighbour = AnOrganization().Named("Initech")
            .WithApiOrgs("org-initech00000000000000001").WithWorkspaces("initech-ws").WithAccountEmails("it@initech.example")
            .UnderReview().Suspend();

        Assert.Equal(AccessReason.Allowed, acme.Decide(Ask.Api(), suspendedNeighbour).Reason);
    }

    // 4. Of two grants for one identifier, the live one speaks, whichever comes first.

    [Theory]
    [InlineData(GrantStatus.Revoked, GrantStatus.Enabled, AccessReason.Allowed)]
    [InlineData(GrantStatus.Enabled, GrantStatus.Revoked, AccessReason.Allowed)]
    [InlineData(GrantStatus.Expired, GrantStatus.Approved, AccessReason.NotYetEnabled)]
    [InlineData(GrantStatus.Revoked, GrantStatus.Suspended, AccessReason.Suspended)]
    public void Of_two_grants_for_one_identifier_the_live_one_decides(GrantStatus first, GrantStatus second, AccessReason expected)
    {
        const string identifier = "org-abcdefghijklmnopqrstuvwx";
        const string email = "dev@example.com";
        GrantFacts Grant(GrantStatus status) => new(Surface.Api, identifier, status,
            new HashSet<string> { "gpt-5.6-sol" }, new HashSet<string> { email }, null);
        var organization = new OrganizationFacts(Guid.NewGuid(), false, DateTimeOffset.UnixEpoch,
            new HashSet<string> { identifier }, new HashSet<string> { email }, [Grant(first), Grant(second)]);

        var decision = AccessPolicy.Decide(new AccessRequest(Surface.Api, identifier, email, "gpt-5.6-sol"),
            new InMemoryAccessDirectory([organization]), new HashSet<string>(), DateTimeOffset.UnixEpoch.AddDays(1));

        Assert.Equal(expected, decision.Reason);
    }
}
