using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Tests.TestData;
using static PreviewAccess.Domain.Tests.TestData.Builders;

namespace PreviewAccess.Domain.Tests.Enrollment;

/// <summary>What an enrollment must contain, checked by <see cref="EnrollmentSubmission.Create"/>.</summary>
public sealed class EnrollmentValidationTests
{
    private static EnrollmentSubmission Submit(EnrollmentRequest request) =>
        EnrollmentSubmission.Create(request, Defaults.PartnerUser, submittedByStaff: false, Defaults.Start);

    private static EnrollmentRequest Valid() => AnOrganization().EnrollmentRequest();

    [Fact]
    public void A_complete_enrollment_records_everything_the_partner_gave()
    {
        var request = Valid() with
        {
            LegalName = "  Acme Research Ltd  ",
            Country = " us ",
            Surfaces = [Surface.Codex, Surface.Api, Surface.Codex],
            ApiOrganizationIds = [" " + Defaults.ApiOrg + " "],
            CodexWorkspaceIds = [Defaults.Workspace],
            AccountEmails = ["  DEV@Acme.Example "],
            IntendedUse = " Code review in our support product. ",
            CustomerFacing = true,
        };

        var submission = EnrollmentSubmission.Create(request, Defaults.PartnerUser, submittedByStaff: true, Defaults.Start);

        Assert.Equal("Acme Research Ltd", submission.LegalName);
        Assert.Equal("US", submission.Country);
        Assert.Equal([Surface.Api, Surface.Codex], submission.Surfaces);
        Assert.Equal([Defaults.ApiOrg], submission.IdentifiersFor(Surface.Api));
        Assert.Equal([Defaults.Workspace], submission.IdentifiersFor(Surface.Codex));
        Assert.Equal([Defaults.Email], submission.AccountEmails);
        Assert.Equal("Code review in our support product.", submission.IntendedUse);
        Assert.True(submission.CustomerFacing);
        Assert.Equal(Defaults.Start, submission.TermsAcceptedAt);
        Assert.Equal(Defaults.Start, submission.SubmittedAt);
        Assert.Equal(Defaults.PartnerUser, submission.SubmittedBy);
        Assert.True(submission.SubmittedByStaff);
    }

    [Fact]
    public void Every_rule_an_enrollment_breaks_is_reported_on_its_field_at_once()
    {
        var broken = EnrollmentSubmission.Check(Valid() with { LegalName = " ", CodexWorkspaceIds = [], AccountEmails = ["a@b.example", "A@B.example "], TermsAccepted = false });

        Assert.Equal(["LegalName", "CodexWorkspaceIds", "AccountEmails[1]", "TermsAccepted"], broken.Select(r => r.Field));
        Assert.Empty(EnrollmentSubmission.Check(Valid()));
    }

    [Fact]
    public void The_preview_terms_must_be_accepted()
    {
        var refusal = Assert.Throws<DomainException>(() => Submit(Valid() with { TermsAccepted = false }));

        Assert.Contains("terms", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_enrollment_without_accepted_terms_never_reaches_the_organization()
    {
        var scenario = AnOrganization().WithoutAcceptingTerms().Enrolling();

        Assert.Throws<DomainException>(() => scenario.SubmitEnrollment());
        Assert.Null(scenario.Organization.Enrollment);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void The_legal_name_and_intended_use_are_required(string blank)
    {
        Assert.Throws<DomainException>(() => Submit(Valid() with { LegalName = blank }));
        Assert.Throws<DomainException>(() => Submit(Valid() with { IntendedUse = blank }));
    }

    [Fact]
    public void The_country_must_be_an_ISO_code()
    {
        Assert.Throws<DomainException>(() => Submit(Valid() with { Country = "United States" }));
    }

    [Fact]
    public void At_least_one_surface_must_be_requested()
    {
        Assert.Throws<DomainException>(() => Submit(Valid() with { Surfaces = [], ApiOrganizationIds = [], CodexWorkspaceIds = [] }));
    }

    [Fact]
    public void ChatGPT_cannot_be_requested_alone_or_beside_another_surface()
    {
        var alone = Assert.Throws<DomainException>(() => Submit(Valid() with { Surfaces = [Surface.ChatGPT], ApiOrganizationIds = [], CodexWorkspaceIds = [] }));
        Assert.Throws<DomainException>(() => Submit(Valid() with { Surfaces = [Surface.Api, Surface.Codex, Surface.ChatGPT] }));

        Assert.Contains("not ChatGPT", alone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Requesting_the_API_needs_at_least_one_API_organization_ID()
    {
        var refusal = Assert.Throws<DomainException>(() => Submit(Valid() with { ApiOrganizationIds = [] }));

        Assert.Contains("API organization ID", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Requesting_Codex_needs_at_least_one_Codex_workspace_ID()
    {
        var refusal = Assert.Throws<DomainException>(() => Submit(Valid() with { CodexWorkspaceIds = [] }));

        Assert.Contains("Codex workspace ID", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Identifiers_for_a_surface_that_is_not_requested_are_refused()
    {
        Assert.Throws<DomainException>(() => Submit(Valid() with { Surfaces = [Surface.Api] }));
        Assert.Throws<DomainException>(() => Submit(Valid() with { Surfaces = [Surface.Codex] }));
    }

    [Fact]
    public void A_single_surface_enrollment_names_only_that_surface_s_identifiers()
    {
        var submission = Submit(AnOrganization().Requesting(Surface.Codex).EnrollmentRequest());

        Assert.Equal([Surface.Codex], submission.Surfaces);
        Assert.Empty(submission.IdentifiersFor(Surface.Api));
        Assert.Equal([Defaults.Workspace, Defaults.OtherWorkspace], submission.IdentifiersFor(Surface.Codex));
    }

    [Theory]
    [InlineData("org-short")]
    [InlineData("org-acme0000000000000000000")]
    [InlineData("acme-research")]
    public void A_malformed_API_organization_ID_is_refused_with_the_expected_form(string apiOrg)
    {
        var refusal = Assert.Throws<DomainException>(() => Submit(Valid() with { ApiOrganizationIds = [apiOrg] }));

        Assert.Contains("'org-' followed by 24 letters or digits", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("has space")]
    [InlineData("dots.not.allowed")]
    public void A_malformed_Codex_workspace_ID_is_refused_with_the_expected_form(string workspace)
    {
        var refusal = Assert.Throws<DomainException>(() => Submit(Valid() with { CodexWorkspaceIds = [workspace] }));

        Assert.Contains("3 to 64 letters, digits, '_' or '-'", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_identifier_listed_twice_is_refused()
    {
        Assert.Throws<DomainException>(() => Submit(Valid() with { ApiOrganizationIds = [Defaults.ApiOrg, " " + Defaults.ApiOrg] }));
        Assert.Throws<DomainException>(() => Submit(Valid() with { CodexWorkspaceIds = [Defaults.Workspace, Defaults.Workspace] }));
    }

    [Fact]
    public void The_same_identifier_cannot_be_listed_for_both_surfaces()
    {
        Assert.Throws<DomainException>(() => Submit(Valid() with { CodexWorkspaceIds = [Defaults.ApiOrg] }));
    }

    [Fact]
    public void At_least_one_account_email_must_be_listed()
    {
        Assert.Throws<DomainException>(() => Submit(Valid() with { AccountEmails = [] }));
    }

    [Fact]
    public void An_account_email_listed_twice_in_any_case_or_spacing_is_refused()
    {
        var refusal = Assert.Throws<DomainException>(() => Submit(Valid() with { AccountEmails = [Defaults.Email, "  DEV@ACME.EXAMPLE "] }));

        Assert.Contains("listed twice", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("dev@")]
    [InlineData("dev@acme")]
    [InlineData("dev acme@acme.example")]
    public void A_malformed_account_email_is_refused(string email)
    {
        Assert.Throws<DomainException>(() => Submit(Valid() with { AccountEmails = [email] }));
    }

    [Fact]
    public void The_number_of_identifiers_and_emails_is_bounded()
    {
        var tooManyWorkspaces = Enumerable.Range(0, EnrollmentSubmission.MaxIdentifiersPerSurface + 1).Select(i => $"ws-{i:D3}").ToList();
        var tooManyEmails = Enumerable.Range(0, EnrollmentSubmission.MaxAccountEmails + 1).Select(i => $"user{i}@acme.example").ToList();

        Assert.Throws<DomainException>(() => Submit(Valid() with { CodexWorkspaceIds = tooManyWorkspaces }));
        Assert.Throws<DomainException>(() => Submit(Valid() with { AccountEmails = tooManyEmails }));
        Submit(Valid() with { CodexWorkspaceIds = tooManyWorkspaces.Skip(1).ToList(), AccountEmails = tooManyEmails.Skip(1).ToList() });
    }

    [Fact]
    public void An_enrollment_knows_which_identifiers_and_emails_it_lists()
    {
        var submission = Submit(Valid());

        Assert.True(submission.Names(Surface.Api, Defaults.ApiOrg));
        Assert.False(submission.Names(Surface.Codex, Defaults.ApiOrg));
        Assert.True(submission.Lists(" OPS@acme.example "));
        Assert.False(submission.Lists(Defaults.StrangerEmail));
    }
}
