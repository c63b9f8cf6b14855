using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Support;
using PreviewAccess.Domain.Tests.TestData;
using static PreviewAccess.Domain.Tests.TestData.Builders;

namespace PreviewAccess.Domain.Tests.Support;

/// <summary>A support case carries what the notice asks for; for API issues, the request ID and timestamp.</summary>
public sealed class SupportCaseTests
{
    private static readonly DateTimeOffset OccurredAt = Defaults.Start.AddDays(10);

    private static SupportCase Open(AffectedSurfaces surfaces, string? requestId = "req_8f2a91", DateTimeOffset? occurredAt = null,
        string identifier = Defaults.ApiOrg, string email = Defaults.Email, string errorMessage = "403: model_not_found",
        SupportCaseCategory category = SupportCaseCategory.AccessProblem) =>
        SupportCase.Open(null, identifier, email, surfaces, errorMessage, requestId, occurredAt ?? OccurredAt, category,
            Defaults.AccountRep, Defaults.Start.AddDays(11));

    [Fact]
    public void A_case_keeps_what_the_notice_asks_for()
    {
        var supportCase = SupportCase.Open(Guid.CreateVersion7(), "  " + Defaults.ApiOrg + " ", "  DEV@Acme.Example ", AffectedSurfaces.Both,
            "  403: model_not_found  ", " req_8f2a91 ", OccurredAt, SupportCaseCategory.AccessProblem, Defaults.AccountRep, Defaults.Start);

        Assert.Equal(Defaults.ApiOrg, supportCase.Identifier);
        Assert.Equal(Defaults.Email, supportCase.Email);
        Assert.Equal(AffectedSurfaces.Both, supportCase.Surfaces);
        Assert.Equal("403: model_not_found", supportCase.ErrorMessage);
        Assert.Equal("req_8f2a91", supportCase.RequestId);
        Assert.Equal(OccurredAt, supportCase.OccurredAt);
        Assert.Equal(SupportCaseStatus.Open, supportCase.Status);
    }

    [Theory]
    [InlineData(AffectedSurfaces.Api)]
    [InlineData(AffectedSurfaces.Both)]
    public void An_API_issue_needs_the_request_ID(AffectedSurfaces surfaces)
    {
        var refusal = Assert.Throws<DomainException>(() => Open(surfaces, requestId: null));
        Assert.Throws<DomainException>(() => Open(surfaces, requestId: "   "));

        Assert.Equal("For API issues, give the request ID and the timestamp.", refusal.Message);
    }

    [Theory]
    [InlineData(AffectedSurfaces.Api)]
    [InlineData(AffectedSurfaces.Both)]
    public void An_API_issue_needs_the_timestamp(AffectedSurfaces surfaces)
    {
        Assert.Throws<DomainException>(() => SupportCase.Open(null, Defaults.ApiOrg, Defaults.Email, surfaces, "403", "req_1", null,
            SupportCaseCategory.AccessProblem, Defaults.AccountRep, Defaults.Start));
    }

    [Fact]
    public void A_Codex_only_issue_needs_neither_request_ID_nor_timestamp()
    {
        var supportCase = SupportCase.Open(null, Defaults.Workspace, Defaults.Email, AffectedSurfaces.Codex, "Model unavailable",
            null, null, SupportCaseCategory.AccessProblem, Defaults.AccountRep, Defaults.Start);

        Assert.Null(supportCase.RequestId);
        Assert.Null(supportCase.OccurredAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("xy")]
    public void A_case_needs_a_well_formed_API_organization_or_workspace_ID(string identifier)
    {
        Assert.Throws<DomainException>(() => Open(AffectedSurfaces.Api, identifier: identifier));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-email")]
    public void A_case_needs_the_affected_account_email(string email)
    {
        Assert.Throws<DomainException>(() => Open(AffectedSurfaces.Api, email: email));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_case_needs_the_exact_error_message(string errorMessage)
    {
        Assert.Throws<DomainException>(() => Open(AffectedSurfaces.Codex, errorMessage: errorMessage));
    }

    [Theory]
    [InlineData(AffectedSurfaces.Api, new[] { Surface.Api })]
    [InlineData(AffectedSurfaces.Codex, new[] { Surface.Codex })]
    [InlineData(AffectedSurfaces.Both, new[] { Surface.Api, Surface.Codex })]
    public void The_diagnosis_runs_on_the_surfaces_the_case_names(AffectedSurfaces surfaces, Surface[] expected)
    {
        Assert.Equal(expected, Open(surfaces).SurfacesToDiagnose);
    }

    [Fact]
    public void The_access_decision_runs_on_the_case_s_own_inputs()
    {
        var scenario = AnOrganization().UnderReview().Approve(Surface.Api).GrantsIn(GrantStatus.Provisioning);
        var supportCase = Open(AffectedSurfaces.Both, email: " DEV@acme.example");

        var reasons = supportCase.SurfacesToDiagnose
            .Select(s => scenario.Decide(new AccessRequest(s, supportCase.Identifier, supportCase.Email, Defaults.Sol)).Reason);

        Assert.Equal([AccessReason.NotYetEnabled, AccessReason.NotApprovedForSurface], reasons);
    }

    [Fact]
    public void Slow_or_empty_responses_are_a_category_of_their_own()
    {
        var supportCase = Open(AffectedSurfaces.Codex, requestId: null, category: SupportCaseCategory.SlowOrEmptyResponse,
            identifier: Defaults.Workspace, errorMessage: "Response took 4 minutes and returned no content.");

        Assert.Equal(SupportCaseCategory.SlowOrEmptyResponse, supportCase.Category);
    }

    [Fact]
    public void Assigning_an_open_case_puts_it_in_progress()
    {
        var supportCase = Open(AffectedSurfaces.Api);

        supportCase.AssignTo(Defaults.SecondApprover);

        Assert.Equal(SupportCaseStatus.InProgress, supportCase.Status);
        Assert.Equal(Defaults.SecondApprover, supportCase.AssigneeId);
    }

    [Fact]
    public void A_note_needs_text_and_is_kept_in_order()
    {
        var supportCase = Open(AffectedSurfaces.Api);

        Assert.Throws<DomainException>(() => supportCase.AddInternalNote("  ", Defaults.AccountRep, Defaults.Start));
        supportCase.AddInternalNote(" Asked for a fresh request ID. ", Defaults.AccountRep, Defaults.Start);
        supportCase.AddInternalNote("Partner replied.", Defaults.AccountRep, Defaults.Start.AddHours(1));

        Assert.Equal(["Asked for a fresh request ID.", "Partner replied."], supportCase.Messages.Select(n => n.Text));
    }

    [Fact]
    public void An_internal_note_is_not_among_what_the_partner_reads()
    {
        var supportCase = OpenFor(Guid.CreateVersion7());

        supportCase.AddInternalNote("Their key looks shared with another team.", Defaults.AccountRep, Defaults.Start);
        supportCase.ReplyFromSupport("Please send a fresh request ID.", Defaults.AccountRep, Defaults.Start.AddMinutes(1));
        supportCase.ReplyFromPartner("Here it is: req_2.", Defaults.AccountRep, Defaults.Start.AddMinutes(2));

        Assert.Equal([SupportCaseMessageKind.SupportReply, SupportCaseMessageKind.PartnerReply], supportCase.PublicMessages.Select(m => m.Kind));
        Assert.Equal(3, supportCase.Messages.Count);
    }

    [Fact]
    public void A_partner_reply_on_a_case_waiting_on_them_returns_it_to_the_desk()
    {
        var supportCase = OpenFor(Guid.CreateVersion7());
        supportCase.AssignTo(Defaults.SecondApprover);
        supportCase.MoveTo(SupportCaseStatus.WaitingOnPartner);

        supportCase.ReplyFromPartner("Done.", Defaults.AccountRep, Defaults.Start);

        Assert.Equal(SupportCaseStatus.Open, supportCase.Status);
    }

    [Fact]
    public void A_partner_reply_leaves_a_case_in_progress_as_it_is()
    {
        var supportCase = OpenFor(Guid.CreateVersion7());
        supportCase.AssignTo(Defaults.SecondApprover);

        supportCase.ReplyFromPartner("One more detail.", Defaults.AccountRep, Defaults.Start);

        Assert.Equal(SupportCaseStatus.InProgress, supportCase.Status);
    }

    [Fact]
    public void A_resolved_case_takes_no_partner_reply()
    {
        var supportCase = OpenFor(Guid.CreateVersion7());
        supportCase.MoveTo(SupportCaseStatus.Resolved);

        Assert.Throws<DomainException>(() => supportCase.ReplyFromPartner("Still broken.", Defaults.AccountRep, Defaults.Start));
        Assert.Empty(supportCase.Messages);
    }

    [Fact]
    public void Support_cannot_reply_on_a_case_of_no_organization_since_nobody_would_read_it()
    {
        var supportCase = Open(AffectedSurfaces.Api);

        Assert.Throws<DomainException>(() => supportCase.ReplyFromSupport("Hello?", Defaults.AccountRep, Defaults.Start));
        supportCase.AddInternalNote("Unknown identifier; asked the rep.", Defaults.AccountRep, Defaults.Start);
    }

    [Fact]
    public void A_case_on_both_surfaces_carries_an_identifier_for_each()
    {
        var supportCase = SupportCase.Open(null, Defaults.ApiOrg, Defaults.Email, AffectedSurfaces.Both, "403", "req_1", OccurredAt,
            SupportCaseCategory.AccessProblem, Defaults.AccountRep, Defaults.Start, codexWorkspaceId: " " + Defaults.Workspace + " ");

        Assert.Equal(Defaults.ApiOrg, supportCase.IdentifierFor(Surface.Api));
        Assert.Equal(Defaults.Workspace, supportCase.IdentifierFor(Surface.Codex));
    }

    [Theory]
    [InlineData(AffectedSurfaces.Api, Defaults.ApiOrg, Defaults.Workspace, "codexWorkspaceId")]
    [InlineData(AffectedSurfaces.Both, Defaults.Workspace, Defaults.Workspace, "identifier")]
    [InlineData(AffectedSurfaces.Both, Defaults.ApiOrg, "a b", "codexWorkspaceId")]
    public void Each_identifier_must_be_the_kind_its_surface_uses(AffectedSurfaces surfaces, string identifier, string workspace, string field)
    {
        var refusal = Assert.Throws<DomainException>(() => SupportCase.Open(null, identifier, Defaults.Email, surfaces, "403", "req_1", OccurredAt,
            SupportCaseCategory.AccessProblem, Defaults.AccountRep, Defaults.Start, workspace));

        Assert.Equal(field, refusal.Field);
    }

    private static SupportCase OpenFor(Guid organizationId) =>
        SupportCase.Open(organizationId, Defaults.ApiOrg, Defaults.Email, AffectedSurfaces.Api, "403", "req_1", OccurredAt,
            SupportCaseCategory.TechnicalIssue, Defaults.AccountRep, Defaults.Start);

    [Fact]
    public void The_affected_surfaces_spellings_are_the_contract()
    {
        Assert.Equal(["Api", "Codex", "Both"], Enum.GetNames<AffectedSurfaces>());
    }
}
