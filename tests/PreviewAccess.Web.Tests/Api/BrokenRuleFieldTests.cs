using System.Net.Http.Json;
using System.Text.Json;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Tests.Admin;
using static PreviewAccess.Web.Tests.Hosting.TestData;
using static PreviewAccess.Web.Tests.Partner.PartnerForms;

namespace PreviewAccess.Web.Tests.Api;

/// <summary>
/// A rule lives once, in the domain, and names the field it concerns: the same broken rule gives the same sentence next
/// to that field on the page and under that key in the API's 400.
/// </summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class BrokenRuleFieldTests(PostgresServer postgres) : ApiTest(postgres)
{
    [Fact]
    public async Task A_past_expiry_date_gets_one_message_on_the_decision_page_field_and_on_the_APIs_expiresOn_key()
    {
        var (organizationId, apiOrg, _, email) = await UnderReviewAsync();
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/decisions", new
        {
            surface = "Api", decision = "Approve", identifiers = new[] { apiOrg }, models = new[] { Sol }, accountEmails = new[] { email },
            justification = "Known partner.", expiresOn = "2020-01-01",
        });
        var fromApi = MessageOf(await ExpectInvalidAsync(response, "expiresOn"), "expiresOn");

        using var browser = await SignedInAsync(Admin);
        var form = await browser.GetPageAsync($"/Admin/Review/Decide/{organizationId}/Api");
        var page = await browser.SubmitInvalidAsync(form, "#decision-form", new Dictionary<string, string>
        {
            ["Input.Decision"] = "Approve", ["Input.Justification"] = "Known partner.", ["Input.ExpiresOn"] = "2020-01-01",
        });

        Assert.Equal("The expiry date must be in the future, or left empty.", page.FieldError("Input.ExpiresOn"));
        Assert.Equal(page.FieldError("Input.ExpiresOn"), fromApi);
    }

    [Fact]
    public async Task An_identifier_listed_for_both_surfaces_is_refused_on_its_row_on_the_enrollment_page_and_on_the_same_key_in_the_API()
    {
        var identifier = NewApiOrganizationId();
        var viaApi = await EnrollingAsync();
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{viaApi}/enrollment", new
        {
            legalName = "Partner Legal Ltd", country = "US", surfaces = new[] { "Api", "Codex" }, apiOrganizationIds = new[] { identifier },
            codexWorkspaceIds = new[] { identifier }, accountEmails = new[] { "dev@partner.example" }, intendedUse = "Code review.",
            customerFacing = false, termsAccepted = true,
        });
        var fromApi = MessageOf(await ExpectInvalidAsync(response, "codexWorkspaceIds[0]"), "codexWorkspaceIds[0]");

        var viaPage = await EnrollingAsync();
        var partner = await Data.UserAsync(Roles.Partner, organizationId: viaPage);
        using var browser = await SignedInAsync(partner);
        var form = await browser.GetPageAsync("/Partner/Enrollment");
        using var posted = await browser.PostAsync(form, "#enrollment-form", [
            F("Input.LegalName", "Partner Legal Ltd"), F("Input.Country", "US"), F("Input.Surfaces", "Api"), F("Input.Surfaces", "Codex"),
            F("Input.ApiOrganizationIds[0]", identifier), F("Input.CodexWorkspaceIds[0]", identifier), F("Input.AccountEmails[0]", "dev@partner.example"),
            F("Input.IntendedUse", "Code review."), F("Input.CustomerFacing", "false"), F("Input.TermsAccepted", "true"),
        ]);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var page = await HtmlForms.ParseAsync(posted);
        Assert.Equal("This Codex workspace ID is listed twice.", page.FieldError("Input.CodexWorkspaceIds[0]"));
        Assert.Equal(page.FieldError("Input.CodexWorkspaceIds[0]"), fromApi);
    }

    private async Task<HttpClient> SignedInAsync(TestUser user)
    {
        var browser = App.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        await SignInAsync(browser, user);
        return browser;
    }

    private static string? MessageOf(JsonElement problem, string key) =>
        problem.GetProperty("errors").GetProperty(key).EnumerateArray().Single().GetString();
}
