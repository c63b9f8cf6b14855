using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Features.Mail;
using PreviewAccess.Web.Tests.Hosting;
using static PreviewAccess.Web.Tests.Partner.PartnerForms;

namespace PreviewAccess.Web.Tests.Partner;

/// <summary>Contact: product feedback to the representative, technical cases to support, and the partner's own cases.</summary>
[Collection(PartnerCollectionDefinition.Name)]
public sealed class SupportAndFeedbackTests(SharedPortal portal) : PortalTest(portal)
{
    private const string Timestamp = "2026-01-15T10:20:30";

    private async Task<(TestOrganization Organization, TestUser Partner, HttpClient Client)> ArrangeAsync()
    {
        var organization = await Data.EnrolledAsync([Surface.Api, Surface.Codex], apiIds: 1);
        await Data.ApproveAsync(organization, Surface.Api);
        await Data.EnableAsync(organization, Surface.Api);
        var partner = await Data.PartnerAsync(organization);
        return (organization, partner, await Data.SignedInAsync(partner));
    }

    private static List<KeyValuePair<string, string>> ApiCase(TestOrganization organization, string category = "TechnicalIssue") =>
    [
        F("Input.Category", category), F("Input.Surfaces", "Api"), F("Input.Identifier", organization.ApiIds[0]), F("Input.Email", organization.ContactEmail),
        F("Input.ErrorMessage", "Error code: 500 - {'error': {'message': 'The server had an error'}}"), F("Input.RequestId", "req_abc123"), F("Input.OccurredAtUtc", Timestamp),
    ];

    [Fact]
    public async Task A_technical_case_carries_what_the_notice_asks_for_and_shows_the_access_check_beside_it()
    {
        var (organization, partner, client) = await ArrangeAsync();
        var form = await client.GetPageAsync("/Partner/Support/Open");

        using var response = await client.PostAsync(form, "#case-form", ApiCase(organization));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/Partner/Support/Case/", location, StringComparison.Ordinal);
        var saved = await Data.ReadAsync(db => db.SupportCases.AsNoTracking().SingleAsync(c => c.OrganizationId == organization.Id));
        Assert.Equal(location, "/Partner/Support/Case/" + saved.Id);
        Assert.Equal(organization.ApiIds[0], saved.Identifier);
        Assert.Equal(organization.ContactEmail, saved.Email);
        Assert.Equal(AffectedSurfaces.Api, saved.Surfaces);
        Assert.Equal("req_abc123", saved.RequestId);
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 10, 20, 30, TimeSpan.Zero), saved.OccurredAt);
        Assert.Equal(SupportCaseCategory.TechnicalIssue, saved.Category);
        Assert.Equal(partner.Id, saved.OpenedBy);
        Assert.True(await Data.ReadAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "support-case.opened" && e.SubjectId == saved.Id.ToString() && e.OrganizationId == organization.Id)));

        var detail = await client.GetPageAsync(location);
        Assert.Equal("Open — waiting for support", detail.QuerySelector("#case-status")!.TextContent);
        Assert.Equal(nameof(AccessReason.Allowed), detail.QuerySelector("#diagnosis [data-surface=Api]")!.GetAttribute("data-reason"));
        Assert.Contains("{'error': {'message': 'The server had an error'}}", detail.QuerySelector(".error-message")!.TextContent, StringComparison.Ordinal);

        var list = await client.GetPageAsync("/Partner/Support");
        Assert.Contains("Open — waiting for support", list.QuerySelector("#cases")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(list.QuerySelector($"#cases a[href='{location}']"));
        client.Dispose();
    }

    [Fact]
    public async Task An_API_case_needs_the_request_id_and_timestamp_on_their_own_fields_and_keeps_the_rest()
    {
        var (organization, _, client) = await ArrangeAsync();
        var fields = ApiCase(organization);
        fields.RemoveAll(f => f.Key is "Input.RequestId" or "Input.OccurredAtUtc");

        using var response = await client.PostAsync(await client.GetPageAsync("/Partner/Support/Open"), "#case-form", fields);

        var page = await HtmlForms.ParseAsync(response);
        Assert.Equal("For API issues, give the request ID.", page.FieldError("Input.RequestId"));
        Assert.Equal("For API issues, give the timestamp of the request (UTC).", page.FieldError("Input.OccurredAtUtc"));
        Assert.Equal("Error code: 500 - {'error': {'message': 'The server had an error'}}", page.FieldValue("Input.ErrorMessage"));
        Assert.Equal(organization.ApiIds[0], page.FieldValue("Input.Identifier"));
        Assert.NotNull(page.QuerySelector("#surfaces-Api[checked]"));
        Assert.False(await Data.ReadAsync(db => db.SupportCases.AnyAsync(c => c.OrganizationId == organization.Id)));
        client.Dispose();
    }

    public static TheoryData<string, string, string, string> BadCases => new()
    {
        { "Input.Category", "", "Input.Category", "Choose what kind of problem it is." },
        { "Input.Surfaces", "", "Input.Surfaces", "Choose where it happens: the API, Codex or both." },
        { "Input.Identifier", "", "Input.Identifier", "Enter your API organization ID or Codex workspace ID." },
        { "Input.Identifier", "my-workspace", "Input.Identifier", "For the API, give the API organization ID: 'org-' followed by 24 letters or digits." },
        { "Input.Email", "nobody", "Input.Email", "Enter the affected account email." },
        { "Input.ErrorMessage", " ", "Input.ErrorMessage", "Paste the exact error message, or describe what you saw if nothing came back." },
        { "Input.OccurredAtUtc", "2999-01-01T00:00:00", "Input.OccurredAtUtc", "The timestamp cannot be in the future." },
    };

    [Theory]
    [MemberData(nameof(BadCases))]
    public async Task Each_missing_or_wrong_field_gets_its_own_error(string field, string value, string errorField, string message)
    {
        var (organization, _, client) = await ArrangeAsync();
        var fields = ApiCase(organization);
        fields.RemoveAll(f => f.Key == field);
        if (value.Length > 0) fields.Add(F(field, value));

        using var response = await client.PostAsync(await client.GetPageAsync("/Partner/Support/Open"), "#case-form", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(message, (await HtmlForms.ParseAsync(response)).FieldError(errorField));
        client.Dispose();
    }

    [Fact]
    public async Task A_Codex_case_needs_no_request_id_and_slow_or_empty_responses_have_their_own_category()
    {
        var (organization, _, client) = await ArrangeAsync();
        var fields = new List<KeyValuePair<string, string>>
        {
            F("Input.Category", "SlowOrEmptyResponse"), F("Input.Surfaces", "Codex"), F("Input.Identifier", organization.CodexIds[0]),
            F("Input.Email", organization.ContactEmail), F("Input.ErrorMessage", "No content after 3 minutes on a protein-folding question."),
        };

        using var response = await client.PostAsync(await client.GetPageAsync("/Partner/Support/Open"), "#case-form", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var detail = await client.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Requests take longer or return no content", detail.Words(), StringComparison.Ordinal);
        Assert.Contains("additional safety checks may be running", detail.Words(), StringComparison.Ordinal);
        // Codex is requested but not decided: the check says so, and nothing else.
        Assert.Equal(nameof(AccessReason.NotApprovedForSurface), detail.QuerySelector("#diagnosis [data-surface=Codex]")!.GetAttribute("data-reason"));
        Assert.Null(detail.QuerySelector("#diagnosis [data-surface=Api]"));
        var saved = await Data.ReadAsync(db => db.SupportCases.AsNoTracking().SingleAsync(c => c.OrganizationId == organization.Id));
        Assert.Equal(SupportCaseCategory.SlowOrEmptyResponse, saved.Category);
        Assert.Null(saved.RequestId);
        client.Dispose();
    }

    [Fact]
    public async Task A_case_for_both_surfaces_is_checked_on_each()
    {
        var (organization, _, client) = await ArrangeAsync();
        var fields = ApiCase(organization, "AccessProblem");
        fields.RemoveAll(f => f.Key == "Input.Surfaces");
        fields.Add(F("Input.Surfaces", "Both"));
        fields.Add(F("Input.CodexWorkspaceId", organization.CodexIds[0]));

        using var response = await client.PostAsync(await client.GetPageAsync("/Partner/Support/Open"), "#case-form", fields);

        var detail = await client.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Equal(nameof(AccessReason.Allowed), detail.QuerySelector("#diagnosis [data-surface=Api]")!.GetAttribute("data-reason"));
        Assert.Equal(nameof(AccessReason.NotApprovedForSurface), detail.QuerySelector("#diagnosis [data-surface=Codex]")!.GetAttribute("data-reason"));
        client.Dispose();
    }

    [Fact]
    public async Task The_partner_sees_their_cases_status_as_support_moves_it()
    {
        var (organization, partner, client) = await ArrangeAsync();
        var caseId = await Data.SupportCaseAsync(organization, partner.Id);
        await Data.ReadAsync(async db =>
        {
            var tracked = await db.SupportCases.SingleAsync(c => c.Id == caseId);
            tracked.MoveTo(SupportCaseStatus.WaitingOnPartner);
            return await db.SaveChangesAsync();
        });

        var list = await client.GetPageAsync("/Partner/Support");
        var detail = await client.GetPageAsync("/Partner/Support/Case/" + caseId);

        Assert.Contains("Waiting for information from you", list.QuerySelector("#cases")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Waiting for information from you", detail.QuerySelector("#case-status")!.TextContent);
        client.Dispose();
    }

    [Fact]
    public async Task Feedback_is_mailed_to_the_organizations_representative_with_the_partners_address()
    {
        var (organization, partner, client) = await ArrangeAsync();
        var form = await client.GetPageAsync("/Partner/Feedback");
        Assert.Contains(organization.RepName, form.Words(), StringComparison.Ordinal);

        // A line break cannot be typed into the topic; a hand-made one is refused before it could reach a mail header.
        using var injected = await client.PostAsync(form, "#feedback-form", [F("Input.Topic", "Latency\r\nBcc: everyone@example.com"), F("Input.Message", "Hello")]);
        Assert.Equal("Keep this on one line: remove the line break.", (await HtmlForms.ParseAsync(injected)).FieldError("Input.Topic"));

        using var response = await client.PostAsync(form, "#feedback-form", [F("Input.Topic", "Latency on Sol"), F("Input.Message", "Sol is great at refactoring.\nTerra less so.")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Partner/Support", response.Headers.Location!.OriginalString);
        var mails = await Data.ReadAsync(db => db.OutboxMessages.AsNoTracking().Select(m => m.Payload).ToListAsync());
        var mail = mails.Select(p => JsonSerializer.Deserialize<OutgoingMail>(p)!).Single(m => m.Body.Contains(partner.Email, StringComparison.Ordinal));
        Assert.Equal(organization.RepEmail, mail.To);
        Assert.Equal($"GPT-5.6 preview feedback from {organization.Name}: Latency on Sol", mail.Subject);
        Assert.Contains("Sol is great at refactoring.\nTerra less so.", mail.Body, StringComparison.Ordinal);
        Assert.True(await Data.ReadAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "feedback.sent" && e.OrganizationId == organization.Id)));
        var landing = await client.GetPageAsync("/Partner/Support");
        Assert.Contains($"Your feedback was sent to {organization.RepName}", landing.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        client.Dispose();
    }

    [Fact]
    public async Task Empty_feedback_is_refused_on_its_field_and_the_topic_typed_stays()
    {
        var (organization, _, client) = await ArrangeAsync();

        using var response = await client.PostAsync(await client.GetPageAsync("/Partner/Feedback"), "#feedback-form", [F("Input.Topic", "Pricing"), F("Input.Message", "   ")]);

        var page = await HtmlForms.ParseAsync(response);
        Assert.Equal("Write your feedback.", page.FieldError("Input.Message"));
        Assert.Equal("Pricing", page.FieldValue("Input.Topic"));
        Assert.False(await Data.ReadAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "feedback.sent" && e.OrganizationId == organization.Id)));
        client.Dispose();
    }
}
