using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Tests.TestData;
using static PreviewAccess.Domain.Tests.TestData.Builders;

namespace PreviewAccess.Domain.Tests.Organizations;

/// <summary>Review is per surface; a grant is organization × surface × identifier × models × approved emails.</summary>
public sealed class ReviewAndApprovalTests
{
    [Fact]
    public void Approving_the_API_does_not_approve_Codex()
    {
        var scenario = AnOrganization().UnderReview().Approve(Surface.Api).GrantsIn(GrantStatus.Enabled);

        Assert.All(scenario.Grants, g => Assert.Equal(Surface.Api, g.Surface));
        Assert.Null(scenario.Organization.LatestDecision(Surface.Codex));
        Assert.Equal([Surface.Codex], scenario.Organization.UndecidedSurfaces());
        Assert.Equal(OrganizationStatus.UnderReview, scenario.Organization.Status);
        Assert.Equal(AccessReason.Allowed, scenario.Decide(Ask.Api()).Reason);
        Assert.Equal(AccessReason.NotApprovedForSurface, scenario.Decide(Ask.Codex()).Reason);
    }

    [Fact]
    public void Approving_Codex_does_not_approve_the_API()
    {
        var scenario = AnOrganization().UnderReview().Approve(Surface.Codex).GrantsIn(GrantStatus.Enabled);

        Assert.All(scenario.Grants, g => Assert.Equal(Surface.Codex, g.Surface));
        Assert.Null(scenario.Organization.LatestDecision(Surface.Api));
        Assert.Equal([Surface.Api], scenario.Organization.UndecidedSurfaces());
        Assert.Equal(AccessReason.Allowed, scenario.Decide(Ask.Codex()).Reason);
        Assert.Equal(AccessReason.NotApprovedForSurface, scenario.Decide(Ask.Api()).Reason);
    }

    [Fact]
    public void An_approval_creates_one_grant_per_identifier_with_the_approved_models_and_emails()
    {
        var scenario = AnOrganization().UnderReview()
            .Approve(Surface.Api, a => a.For(Defaults.ApiOrg, Defaults.OtherApiOrg).Models(Defaults.Sol, Defaults.Luna)
                .Emails(Defaults.Email, Defaults.OtherEmail));

        Assert.Equal(2, scenario.Grants.Count);
        Assert.All(scenario.Grants, g =>
        {
            Assert.Equal(scenario.Organization.Id, g.OrganizationId);
            Assert.Equal(Surface.Api, g.Surface);
            Assert.Equal([Defaults.Sol, Defaults.Luna], g.Models);
            Assert.Equal([Defaults.Email, Defaults.OtherEmail], g.AccountEmails);
            Assert.Equal(GrantStatus.Approved, g.Status);
            Assert.Equal(Defaults.AccountRep, g.ApprovedBy);
        });
        Assert.Equal([Defaults.ApiOrg, Defaults.OtherApiOrg], scenario.Grants.Select(g => g.Identifier));
    }

    [Fact]
    public void An_approval_is_recorded_as_the_surface_decision_with_its_justification()
    {
        var scenario = AnOrganization().UnderReview()
            .Approve(Surface.Codex, a => a.Justified("  Research partner since 2024.  "));

        var decision = scenario.Organization.LatestDecision(Surface.Codex)!;
        Assert.Equal(DecisionOutcome.Approve, decision.Outcome);
        Assert.Equal("Research partner since 2024.", decision.Justification);
        Assert.Equal(Defaults.AccountRep, decision.DecidedBy);
        Assert.Equal("Research partner since 2024.", scenario.Grant.Justification);
    }

    [Theory]
    [InlineData("RU")]
    [InlineData("KP")]
    [InlineData("SY")]
    public void An_organization_in_an_unsupported_country_cannot_be_approved(string country)
    {
        var scenario = AnOrganization().In(country).UnderReview();

        var refusal = Assert.Throws<DomainException>(() => scenario.Approve(Surface.Api));

        Assert.Contains("unsupported country", refusal.Message, StringComparison.Ordinal);
        Assert.Empty(scenario.Grants);
        Assert.Null(scenario.Organization.LatestDecision(Surface.Api));
    }

    [Fact]
    public void An_organization_whose_enrollment_names_an_unsupported_country_cannot_be_approved()
    {
        var scenario = AnOrganization().In("US").EnrollingFrom("CU").UnderReview();

        Assert.Throws<DomainException>(() => scenario.Approve(Surface.Codex));
    }

    [Fact]
    public void An_organization_in_an_unsupported_country_can_still_be_declined()
    {
        var scenario = AnOrganization().In("BY").Requesting(Surface.Api).UnderReview().Decline(Surface.Api);

        Assert.Equal(OrganizationStatus.Reviewed, scenario.Organization.Status);
    }

    [Theory]
    [InlineData(Defaults.StrangerApiOrg)]
    [InlineData(Defaults.Workspace)]
    public void Only_an_identifier_the_enrollment_lists_for_the_surface_can_be_approved(string identifier)
    {
        var scenario = AnOrganization().UnderReview();

        Assert.Throws<DomainException>(() => scenario.Approve(Surface.Api, a => a.For(identifier)));
        Assert.Empty(scenario.Grants);
    }

    [Fact]
    public void An_API_organization_ID_cannot_be_approved_as_a_Codex_workspace()
    {
        var scenario = AnOrganization().UnderReview();

        Assert.Throws<DomainException>(() => scenario.Approve(Surface.Codex, a => a.For(Defaults.ApiOrg)));
    }

    [Fact]
    public void Only_an_account_email_the_enrollment_lists_can_be_approved()
    {
        var scenario = AnOrganization().UnderReview();

        var refusal = Assert.Throws<DomainException>(() => scenario.Approve(Surface.Api, a => a.Emails(Defaults.StrangerEmail)));

        Assert.Contains(Defaults.StrangerEmail, refusal.Message, StringComparison.Ordinal);
        Assert.Empty(scenario.Grants);
    }

    [Fact]
    public void Approved_emails_are_matched_to_the_enrollment_trimmed_and_case_insensitively_and_stored_normalized()
    {
        var scenario = AnOrganization().UnderReview().Approve(Surface.Api, a => a.Emails("  OPS@Acme.Example ", "dev@ACME.example"));

        Assert.Equal([Defaults.OtherEmail, Defaults.Email], scenario.Grant.AccountEmails);
        Assert.True(scenario.Grant.Covers(" Ops@acme.example"));
        Assert.False(scenario.Grant.Covers(Defaults.StrangerEmail));
    }

    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("GPT-5.6-SOL")]
    public void Only_a_model_of_the_preview_can_be_approved(string model)
    {
        var scenario = AnOrganization().UnderReview();

        Assert.Throws<DomainException>(() => scenario.Approve(Surface.Api, a => a.Models(model)));
    }

    [Fact]
    public void An_approval_needs_at_least_one_identifier_model_and_email()
    {
        var scenario = AnOrganization().UnderReview();

        Assert.Throws<DomainException>(() => scenario.Approve(Surface.Api, a => a.For()));
        Assert.Throws<DomainException>(() => scenario.Approve(Surface.Api, a => a.Models()));
        Assert.Throws<DomainException>(() => scenario.Approve(Surface.Api, a => a.Emails()));
        Assert.Empty(scenario.Grants);
        Assert.Empty(scenario.Organization.Decisions);
    }

    [Fact]
    public void A_decline_tells_the_partner_its_own_message_or_the_standard_one_never_the_justification()
    {
        var scenario = AnOrganization().Requesting(Surface.Api, Surface.Codex).UnderReview();
        var organization = scenario.Organization;

        organization.Decline(Surface.Api, "Internal: legal has not signed off.", "  The API is not part of your agreement yet.  ", Defaults.AccountRep, scenario.Tick());
        organization.Decline(Surface.Codex, "Internal: no capacity.", "   ", Defaults.AccountRep, scenario.Tick());

        Assert.Equal("The API is not part of your agreement yet.", organization.LatestDecision(Surface.Api)!.ForPartner);
        Assert.Equal(SurfaceDecision.StandardDeclineMessage, organization.LatestDecision(Surface.Codex)!.ForPartner);
        Assert.Null(organization.LatestDecision(Surface.Codex)!.PartnerMessage);
    }

    [Fact]
    public void A_partner_message_longer_than_its_limit_is_refused_on_its_field()
    {
        var scenario = AnOrganization().UnderReview();
        var organization = scenario.Organization;

        var refusal = Assert.Throws<DomainException>(() => organization.Decline(Surface.Api, "Not now.",
            new string('x', SurfaceDecision.MaxPartnerMessageLength + 1), Defaults.AccountRep, scenario.Tick()));

        Assert.Equal("PartnerMessage", Assert.Single(refusal.Rules).Field);
        Assert.Empty(organization.Decisions);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Every_decision_needs_a_justification(string justification)
    {
        var scenario = AnOrganization().UnderReview();
        var organization = scenario.Organization;

        Assert.Throws<DomainException>(() => scenario.Approve(Surface.Api, a => a.Justified(justification)));
        Assert.Throws<DomainException>(() => organization.Decline(Surface.Api, justification, null, Defaults.AccountRep, scenario.Tick()));
        Assert.Throws<DomainException>(() => organization.RequestMoreInformation(Surface.Api, justification, Defaults.AccountRep, scenario.Tick()));
        Assert.Empty(organization.Decisions);
        Assert.Equal(OrganizationStatus.UnderReview, organization.Status);
    }

    [Fact]
    public void A_justification_longer_than_the_limit_is_refused()
    {
        var scenario = AnOrganization().UnderReview();

        Assert.Throws<DomainException>(() =>
            scenario.Approve(Surface.Api, a => a.Justified(new string('x', SurfaceDecision.MaxJustificationLength + 1))));
    }

    [Fact]
    public void ChatGPT_can_never_be_approved()
    {
        var scenario = AnOrganization().UnderReview();

        var refusal = Assert.Throws<DomainException>(() => scenario.Approve(Surface.ChatGPT, a => a.For(Defaults.ApiOrg)));

        Assert.Contains("not ChatGPT", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_surface_the_enrollment_did_not_request_cannot_be_decided()
    {
        var scenario = AnOrganization().Requesting(Surface.Api).UnderReview();

        Assert.Throws<DomainException>(() => scenario.Approve(Surface.Codex));
        Assert.Throws<DomainException>(() => scenario.Decline(Surface.Codex));
    }

    [Fact]
    public void A_surface_once_decided_cannot_be_decided_again()
    {
        var scenario = AnOrganization().UnderReview().Approve(Surface.Api);

        Assert.Throws<DomainException>(() => scenario.Approve(Surface.Api, a => a.For(Defaults.OtherApiOrg)));
        Assert.Throws<DomainException>(() => scenario.Decline(Surface.Api));
        Assert.Throws<DomainException>(() => scenario.RequestMoreInformation(Surface.Api));
        Assert.Single(scenario.Grants);
    }

    [Fact]
    public void Every_field_an_approval_gets_wrong_is_named_at_once_and_a_refusal_by_the_state_names_none()
    {
        var scenario = AnOrganization().UnderReview();
        var today = DateOnly.FromDateTime(scenario.Now.AddHours(1).UtcDateTime);

        var wrong = Assert.Throws<DomainException>(() => scenario.Approve(Surface.Api, a => a.Emails(Defaults.StrangerEmail).ExpiringOn(today)));
        Assert.Equal(["AccountEmails[0]", "ExpiresOn"], wrong.Rules.Select(r => r.Field));

        var unsupported = AnOrganization().In("RU").UnderReview();
        var refused = Assert.Throws<DomainException>(() => unsupported.Approve(Surface.Api));
        Assert.All(refused.Rules, r => Assert.False(r.ConcernsAField));
    }

    [Fact]
    public void The_expiry_date_of_an_approval_must_be_in_the_future()
    {
        var scenario = AnOrganization().UnderReview();
        var today = DateOnly.FromDateTime(scenario.Now.AddHours(1).UtcDateTime);

        Assert.Throws<DomainException>(() => scenario.Approve(Surface.Api, a => a.ExpiringOn(today)));
        scenario.Approve(Surface.Api, a => a.ExpiringOn(today.AddDays(1)));
        Assert.Equal(today.AddDays(1), scenario.Grant.ExpiresOn);
    }

    [Fact]
    public void An_approval_without_a_second_approver_is_approved_at_once()
    {
        var scenario = AnOrganization().UnderReview().Approve(Surface.Api);

        Assert.Equal(GrantStatus.Approved, scenario.Grant.Status);
        Assert.Null(scenario.Grant.SecondApprovedBy);
    }

    [Fact]
    public void When_two_approvers_are_required_the_grant_waits_for_the_second()
    {
        var scenario = AnOrganization().UnderReview().Approve(Surface.Api, a => a.RequiringSecondApproval());

        Assert.Equal(GrantStatus.PendingSecondApproval, scenario.Grant.Status);
    }

    [Fact]
    public void The_second_approval_must_come_from_a_different_staff_user()
    {
        var scenario = AnOrganization().UnderReview().Approve(Surface.Api, a => a.RequiringSecondApproval());

        var refusal = Assert.Throws<DomainException>(() => scenario.Grant.ConfirmSecondApproval(Defaults.AccountRep));

        Assert.Contains("different staff user", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(GrantStatus.PendingSecondApproval, scenario.Grant.Status);
        Assert.Null(scenario.Grant.SecondApprovedBy);
    }

    [Fact]
    public void A_second_approval_by_another_staff_user_approves_the_grant()
    {
        var scenario = AnOrganization().UnderReview().Approve(Surface.Api, a => a.RequiringSecondApproval());

        scenario.Grant.ConfirmSecondApproval(Defaults.SecondApprover);

        Assert.Equal(GrantStatus.Approved, scenario.Grant.Status);
        Assert.Equal(Defaults.SecondApprover, scenario.Grant.SecondApprovedBy);
    }

    [Fact]
    public void A_decline_creates_no_grant_and_is_recorded()
    {
        var scenario = AnOrganization().UnderReview().Decline(Surface.Codex);

        Assert.Empty(scenario.Grants);
        Assert.Equal(DecisionOutcome.Decline, scenario.Organization.LatestDecision(Surface.Codex)!.Outcome);
        Assert.Equal([Surface.Codex], scenario.Organization.SettledSurfaces());
    }
}
