using AngleSharp.Html.Dom;
using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Status;
using static PreviewAccess.Web.Tests.Partner.PartnerForms;

namespace PreviewAccess.Web.Tests.Partner;

/// <summary>"Why can't I access?": the one access decision, for the partner's own organization, in the notice's words.</summary>
[Collection(PartnerCollectionDefinition.Name)]
public sealed class WhyTests(SharedPortal portal) : PortalTest(portal)
{
    /// <summary>
    /// API: the first API organization enabled for Sol and Terra and the contact's email only; the second left out.
    /// Codex: approved and waiting for a wave that has not opened.
    /// </summary>
    private async Task<(TestOrganization Organization, HttpClient Client)> ArrangeAsync()
    {
        var organization = await Data.EnrolledAsync([Surface.Api, Surface.Codex], apiIds: 2);
        await Data.ApproveAsync(organization, Surface.Api, identifiers: [organization.ApiIds[0]], models: ["gpt-5.6-sol", "gpt-5.6-terra"], emails: [organization.ContactEmail]);
        await Data.EnableAsync(organization, Surface.Api);
        await Data.ApproveAsync(organization, Surface.Codex);
        await Data.ScheduleAsync(organization, Surface.Codex, await Data.WaveAsync("Wave " + TestData.Unique(), TestData.Now.AddDays(10)));
        return (organization, await Data.SignedInAsync(await Data.PartnerAsync(organization)));
    }

    public static TheoryData<string, AccessReason> Questions => new()
    {
        { "Api|api0|contact|gpt-5.6-sol|", AccessReason.Allowed },
        { "Api|api0|contact|gpt-5.6-sol|CA", AccessReason.Allowed },
        { "Api|api0|dev|gpt-5.6-sol|", AccessReason.EmailNotApproved },
        { "Api|api0|contact|gpt-5.6-luna|", AccessReason.ModelNotIncluded },
        { "Api|api1|contact|gpt-5.6-sol|", AccessReason.IdentifierNotInScope },
        { "Codex|codex0|contact|gpt-5.6-sol|", AccessReason.NotYetEnabled },
        { "ChatGPT|api0|contact|gpt-5.6-sol|", AccessReason.SurfaceNotInPreview },
        { "Api|api0|contact|gpt-5.6-sol|ru", AccessReason.UnsupportedRegion },
        { "Api|unknown|stranger|gpt-5.6-sol|", AccessReason.UnknownIdentifier },
    };

    [Theory]
    [MemberData(nameof(Questions))]
    public async Task The_page_runs_the_access_decision_and_explains_it_with_the_next_step(string question, AccessReason expected)
    {
        var (organization, client) = await ArrangeAsync();
        var fields = Ask(organization, question);

        var (page, result) = await AskAsync(client, fields);

        Assert.Equal(expected.ToString(), result.GetAttribute("data-reason"));
        Assert.Equal(expected.Message(), page.QuerySelector("#why-message")!.TextContent.Trim());
        if (expected == AccessReason.Allowed) Assert.Null(page.QuerySelector("#why-next-step"));
        else Assert.Equal(expected.NextStep(), page.QuerySelector("#why-next-step")!.TextContent.Trim());
        var notice = page.QuerySelector("#why-notice")!.TextContent;
        foreach (var sentence in NoticeWords.For(expected)) Assert.Contains(sentence, notice, StringComparison.Ordinal);
        // The question stays in the form.
        foreach (var (key, value) in fields) Assert.Equal(value, page.FieldValue(key));
        client.Dispose();
    }

    [Fact]
    public async Task Not_yet_enabled_names_the_wave_it_waits_for_and_says_enrollment_does_not_activate_it()
    {
        var (organization, client) = await ArrangeAsync();

        var (page, _) = await AskAsync(client, Ask(organization, "Codex|codex0|contact|gpt-5.6-sol|"));

        Assert.Contains("completing enrollment does not activate it", page.QuerySelector("#why-next-step")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Completing enrollment does not confirm that access is active", page.QuerySelector("#why-notice")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Approved — waiting for rollout wave 'Wave ", page.QuerySelector("#why-result .status-badge")!.TextContent, StringComparison.Ordinal);
        client.Dispose();
    }

    [Fact]
    public async Task A_surface_never_requested_is_not_approved_for_that_surface()
    {
        var organization = await Data.EnrolledAsync([Surface.Api]);
        using var client = await Data.SignedInAsync(await Data.PartnerAsync(organization));

        var (_, result) = await AskAsync(client, [F("Input.Surface", "Codex"), F("Input.Identifier", TestData.NewWorkspaceId()), F("Input.Email", organization.ContactEmail), F("Input.ModelId", "gpt-5.6-sol"), F("Input.Country", "")]);

        Assert.Equal(nameof(AccessReason.NotApprovedForSurface), result.GetAttribute("data-reason"));
    }

    [Fact]
    public async Task A_suspended_organization_is_told_to_contact_its_representative()
    {
        var (organization, client) = await ArrangeAsync();
        await Data.ChangeAsync(organization, (o, _) => o.Suspend("Usage outside the agreed scope."));

        var (page, result) = await AskAsync(client, Ask(organization, "Api|api0|contact|gpt-5.6-sol|"));

        Assert.Equal(nameof(AccessReason.Suspended), result.GetAttribute("data-reason"));
        Assert.Equal("Contact your account representative.", page.QuerySelector("#why-next-step")!.TextContent.Trim());
        client.Dispose();
    }

    [Fact]
    public async Task Another_organizations_identifier_and_email_are_simply_unknown_and_reveal_nothing_of_it()
    {
        var other = await Data.EnrolledAsync([Surface.Api], apiIds: 1);
        await Data.ApproveAsync(other, Surface.Api);
        await Data.EnableAsync(other, Surface.Api);
        var (_, client) = await ArrangeAsync();

        var (page, result) = await AskAsync(client, [F("Input.Surface", "Api"), F("Input.Identifier", other.ApiIds[0]), F("Input.Email", other.ContactEmail), F("Input.ModelId", "gpt-5.6-sol"), F("Input.Country", "")]);

        // For the gateway this would be Allowed; for someone else's partner it is unknown.
        Assert.Equal(nameof(AccessReason.UnknownIdentifier), result.GetAttribute("data-reason"));
        Assert.DoesNotContain(other.Name, page.Words(), StringComparison.Ordinal);
        client.Dispose();
    }

    public static TheoryData<string, string, string> BadQuestions => new()
    {
        { "Input.Surface", "", "Choose the API, Codex or ChatGPT." },
        { "Input.Identifier", "", "Enter the API organization ID or Codex workspace ID you use." },
        { "Input.Identifier", "org-123", "An API organization ID is 'org-' followed by 24 letters or digits." },
        { "Input.Email", "someone at example", "Enter the account email you sign in with." },
        { "Input.ModelId", "gpt-4", "Choose one of the preview's models." },
        { "Input.Country", "Narnia", "Enter a two-letter country code such as US or DE, or leave it empty." },
    };

    [Theory]
    [MemberData(nameof(BadQuestions))]
    public async Task A_question_that_cannot_be_asked_gets_an_error_on_its_field(string field, string value, string message)
    {
        var (organization, client) = await ArrangeAsync();
        var fields = Ask(organization, "Api|api0|contact|gpt-5.6-sol|");
        fields.RemoveAll(f => f.Key == field);
        fields.Add(F(field, value));

        using var response = await client.PostAsync(await client.GetPageAsync("/Partner/Why"), "#why-form", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Equal(message, page.FieldError(field));
        Assert.Null(page.QuerySelector("#why-result"));
        if (field is not ("Input.Surface" or "Input.ModelId")) Assert.Equal(value, page.FieldValue(field));
        client.Dispose();
    }

    [Fact]
    public async Task The_status_pages_link_fills_in_the_surface_identifier_and_the_partners_email()
    {
        var (organization, client) = await ArrangeAsync();

        var page = await client.GetPageAsync($"/Partner/Why?surface=Codex&identifier={organization.CodexIds[0]}");

        Assert.Equal("Codex", page.FieldValue("Input.Surface"));
        Assert.Equal(organization.CodexIds[0], page.FieldValue("Input.Identifier"));
        Assert.EndsWith("@" + organization.Domain, page.FieldValue("Input.Email"), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#why-result"));
        client.Dispose();
    }

    private static List<KeyValuePair<string, string>> Ask(TestOrganization organization, string question)
    {
        var parts = question.Split('|');
        var identifier = parts[1] switch
        {
            "api0" => organization.ApiIds[0],
            "api1" => organization.ApiIds[1],
            "codex0" => organization.CodexIds[0],
            _ => TestData.NewApiOrganizationId(),
        };
        var email = parts[2] switch
        {
            "contact" => organization.ContactEmail,
            "dev" => organization.AccountEmails[1],
            _ => "stranger@elsewhere.example",
        };
        return [F("Input.Surface", parts[0]), F("Input.Identifier", identifier), F("Input.Email", email), F("Input.ModelId", parts[3]), F("Input.Country", parts[4])];
    }

    private static async Task<(IHtmlDocument Page, AngleSharp.Dom.IElement Result)> AskAsync(HttpClient client, List<KeyValuePair<string, string>> fields)
    {
        using var response = await client.PostAsync(await client.GetPageAsync("/Partner/Why"), "#why-form", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        return (page, page.QuerySelector("#why-result") ?? throw new InvalidOperationException("No answer on the page: " + page.Words()));
    }
}
