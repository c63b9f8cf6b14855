using System.Net.Http.Json;
using System.Text.Json;
using static PreviewAccess.Web.Tests.Hosting.TestData;

namespace PreviewAccess.Web.Tests.Api;

/// <summary>API.md, Enrollment and Decisions: staff enroll on a partner's behalf, and decide each requested surface.</summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class EnrollmentAndDecisionsApiTests(PostgresServer postgres) : ApiTest(postgres)
{
    [Fact]
    public async Task Enrolling_answers_201_under_review_recorded_as_staff_on_behalf_and_grants_nothing()
    {
        var organizationId = await EnrollingAsync();
        var apiOrg = NewApiOrganizationId();
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/enrollment", Enrollment(apiOrg, null, "Dev@Partner.example"));

        var body = await ExpectAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/api/v1/organizations/{organizationId}", response.Headers.Location?.OriginalString);
        Assert.Equal("UnderReview", body.GetProperty("status").GetString());
        var enrollment = body.GetProperty("enrollment");
        Assert.True(enrollment.GetProperty("submittedByStaff").GetBoolean());
        Assert.Equal(["Api"], enrollment.GetProperty("surfaces").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal([apiOrg], enrollment.GetProperty("apiOrganizationIds").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["dev@partner.example"], enrollment.GetProperty("accountEmails").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(0, body.GetProperty("grants").GetArrayLength());

        await SettleAccessAsync();
        using var check = await Client.GetAsync(new Uri($"/api/v1/access/check?surface=Api&identifier={apiOrg}&email=dev@partner.example&model={Sol}", UriKind.Relative));
        var answer = await ExpectAsync(check, HttpStatusCode.OK);
        Assert.False(answer.GetProperty("allowed").GetBoolean());
        Assert.Equal("NotApprovedForSurface", answer.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Enrolling_without_an_accepted_invitation_is_409()
    {
        var nominated = await NominateAsync();
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{nominated}/enrollment", Enrollment(NewApiOrganizationId()));
        var problem = await ExpectProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("accepted invitation", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var invited = await NominateAsync();
        await InviteAsync(invited);
        using var pending = await Client.PostAsJsonAsync($"/api/v1/organizations/{invited}/enrollment", Enrollment(NewApiOrganizationId()));
        await ExpectProblemAsync(pending, HttpStatusCode.Conflict);

        using var unknown = await Client.PostAsJsonAsync($"/api/v1/organizations/{Guid.NewGuid()}/enrollment", Enrollment(NewApiOrganizationId()));
        await ExpectProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Each_invalid_enrollment_field_is_named()
    {
        var organizationId = await EnrollingAsync();
        using var empty = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/enrollment", new { });
        await ExpectInvalidAsync(empty, "legalName", "country", "surfaces", "accountEmails", "intendedUse", "termsAccepted");

        using var shapes = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/enrollment", new
        {
            legalName = "Partner Ltd", country = "US", surfaces = new[] { "Api", "Codex" },
            apiOrganizationIds = new[] { "org-short" }, codexWorkspaceIds = Array.Empty<string>(),
            accountEmails = new[] { "a@b.example", "A@B.example " }, intendedUse = "Testing", customerFacing = true, termsAccepted = false,
        });
        await ExpectInvalidAsync(shapes, "apiOrganizationIds[0]", "codexWorkspaceIds", "accountEmails[1]", "termsAccepted");

        using var chatGpt = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/enrollment", new
        {
            legalName = "Partner Ltd", country = "US", surfaces = new[] { "ChatGPT" }, accountEmails = new[] { "a@b.example" }, intendedUse = "Testing", termsAccepted = true,
        });
        await ExpectInvalidAsync(chatGpt, "surfaces");
    }

    [Fact]
    public async Task Approving_answers_201_with_one_grant_per_identifier_and_approving_the_API_does_not_approve_Codex()
    {
        var organizationId = await EnrollingAsync();
        var (first, second, workspace) = (NewApiOrganizationId(), NewApiOrganizationId(), NewWorkspaceId());
        using (var enrolled = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/enrollment", new
               {
                   legalName = "Partner Ltd", country = "US", surfaces = new[] { "Api", "Codex" }, apiOrganizationIds = new[] { first, second },
                   codexWorkspaceIds = new[] { workspace }, accountEmails = new[] { "dev@partner.example" }, intendedUse = "Testing", termsAccepted = true,
               }))
        {
            await ExpectAsync(enrolled, HttpStatusCode.Created);
        }

        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/decisions", new
        {
            surface = "Api", decision = "Approve", identifiers = new[] { first, second }, models = new[] { Sol, Luna },
            accountEmails = new[] { "DEV@partner.example" }, justification = "Meets the criteria.", expiresOn = "2099-12-31",
        });

        var grants = (await ExpectAsync(response, HttpStatusCode.Created)).GetProperty("grants").EnumerateArray().ToList();
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), grants.Select(g => g.GetProperty("identifier").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(grants, grant =>
        {
            Assert.Equal(organizationId, grant.GetProperty("organizationId").GetGuid());
            Assert.Equal("Api", grant.GetProperty("surface").GetString());
            Assert.Equal("Approved", grant.GetProperty("status").GetString());
            Assert.Equal([Sol, Luna], grant.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
            Assert.Equal(["dev@partner.example"], grant.GetProperty("accountEmails").EnumerateArray().Select(m => m.GetString()));
            Assert.Equal("2099-12-31", grant.GetProperty("expiresOn").GetString());
            Assert.Equal(JsonValueKind.Null, grant.GetProperty("waveId").ValueKind);
            Assert.Equal(0, grant.GetProperty("blockers").GetArrayLength());
        });

        using var organization = await Client.GetAsync(new Uri($"/api/v1/organizations/{organizationId}", UriKind.Relative));
        var read = await ExpectAsync(organization, HttpStatusCode.OK);
        Assert.Equal("UnderReview", read.GetProperty("status").GetString());
        Assert.DoesNotContain(read.GetProperty("grants").EnumerateArray(), g => g.GetProperty("surface").GetString() == "Codex");

        await SettleAccessAsync();
        using var codex = await Client.GetAsync(new Uri($"/api/v1/access/check?surface=Codex&identifier={workspace}&email=dev@partner.example&model={Sol}", UriKind.Relative));
        Assert.Equal("NotApprovedForSurface", (await ExpectAsync(codex, HttpStatusCode.OK)).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Declining_and_asking_for_more_information_answer_201_with_no_grants()
    {
        var (organizationId, _, _, _) = await UnderReviewAsync();
        using var declined = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/decisions", new { surface = "Codex", decision = "Decline", justification = "Not this time." });
        Assert.Equal(0, (await ExpectAsync(declined, HttpStatusCode.Created)).GetProperty("grants").GetArrayLength());

        using var needsInfo = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/decisions", new { surface = "Api", decision = "NeedsInfo", justification = "Which product uses it?" });
        Assert.Equal(0, (await ExpectAsync(needsInfo, HttpStatusCode.Created)).GetProperty("grants").GetArrayLength());

        using var organization = await Client.GetAsync(new Uri($"/api/v1/organizations/{organizationId}", UriKind.Relative));
        Assert.Equal("Enrolling", (await ExpectAsync(organization, HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_decision_that_does_not_match_the_enrollment_is_400_on_its_field()
    {
        var (organizationId, apiOrg, _, email) = await UnderReviewAsync();
        async Task<JsonElement> DecideAsync(object body, params string[] fields)
        {
            using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/decisions", body);
            return await ExpectInvalidAsync(response, fields);
        }

        await DecideAsync(new { surface = "ChatGPT", decision = "Approve", identifiers = new[] { apiOrg }, models = new[] { Sol }, accountEmails = new[] { email }, justification = "x" }, "surface");
        await DecideAsync(new { surface = "Api", decision = "Approve", identifiers = new[] { NewApiOrganizationId() }, models = new[] { "gpt-4" }, accountEmails = new[] { "stranger@else.example" }, justification = "x" },
            "identifiers[0]", "models[0]", "accountEmails[0]");
        await DecideAsync(new { surface = "Api", decision = "Approve", identifiers = new[] { apiOrg }, models = new[] { Sol }, accountEmails = new[] { email }, justification = "  " }, "justification");
        await DecideAsync(new { justification = "x" }, "surface", "decision");
        await DecideAsync(new { surface = "Api", decision = "Decline", justification = "x", partnerMessage = new string('m', 2001) }, "partnerMessage");

        var apiOnly = await UnderReviewWithApiOnlyAsync();
        using var notRequested = await Client.PostAsJsonAsync($"/api/v1/organizations/{apiOnly}/decisions", new { surface = "Codex", decision = "Decline", justification = "x" });
        await ExpectInvalidAsync(notRequested, "surface");
    }

    [Fact]
    public async Task A_decision_the_organization_state_does_not_allow_is_409()
    {
        var (organizationId, apiOrg, _, email) = await UnderReviewAsync();
        await ApproveAsync(organizationId, "Api", apiOrg, email);
        using var twice = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/decisions", new
        {
            surface = "Api", decision = "Approve", identifiers = new[] { apiOrg }, models = new[] { Sol }, accountEmails = new[] { email }, justification = "Again.",
        });
        await ExpectProblemAsync(twice, HttpStatusCode.Conflict);

        var nominated = await NominateAsync();
        using var notUnderReview = await Client.PostAsJsonAsync($"/api/v1/organizations/{nominated}/decisions", new { surface = "Api", decision = "Decline", justification = "x" });
        var problem = await ExpectProblemAsync(notUnderReview, HttpStatusCode.Conflict);
        Assert.Contains("under review", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var unknown = await Client.PostAsJsonAsync($"/api/v1/organizations/{Guid.NewGuid()}/decisions", new { surface = "Api", decision = "Decline", justification = "x" });
        await ExpectProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_organization_in_an_unsupported_country_cannot_be_approved()
    {
        var (organizationId, apiOrg, _, email) = await UnderReviewAsync(country: "RU");
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/decisions", new
        {
            surface = "Api", decision = "Approve", identifiers = new[] { apiOrg }, models = new[] { Sol }, accountEmails = new[] { email }, justification = "x",
        });
        var problem = await ExpectProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("unsupported", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<Guid> UnderReviewWithApiOnlyAsync()
    {
        var organizationId = await EnrollingAsync();
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/enrollment", Enrollment(NewApiOrganizationId(), null, "only@partner.example"));
        await ExpectAsync(response, HttpStatusCode.Created);
        return organizationId;
    }
}
