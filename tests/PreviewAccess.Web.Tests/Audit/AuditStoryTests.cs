using System.Net.Http.Json;
using AngleSharp.Dom;
using PreviewAccess.Data.Identity;
using static PreviewAccess.Web.Tests.Hosting.TestData;

namespace PreviewAccess.Web.Tests.Audit;

/// <summary>
/// The audit log and the organization timelines tell each event as a sentence with a compact before → after of what
/// changed, and keep the stored event (its code, actor and raw JSON) one click away.
/// </summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class AuditStoryTests(PostgresServer postgres) : ApiTest(postgres)
{
    private const string Terra = "gpt-5.6-terra";

    [Fact]
    public async Task An_approval_reads_as_who_approved_what_for_whom_until_when_on_the_log_and_both_timelines()
    {
        var (organizationId, apiOrganizationId, _, email) = await UnderReviewAsync();
        using (var approved = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/decisions", new
        {
            surface = "Api", decision = "Approve", identifiers = new[] { apiOrganizationId }, models = new[] { Sol, Terra },
            accountEmails = new[] { email }, justification = "Meets the program's criteria.", expiresOn = "2099-03-01",
        }))
        {
            await ExpectAsync(approved, HttpStatusCode.Created);
        }

        var name = (await App.OrganizationAsync(organizationId)).Name;
        var expected = $"{Admin.DisplayName} approved the API for {name}: {apiOrganizationId}, GPT-5.6 Sol and GPT-5.6 Terra, until 1 Mar 2099.";

        using var admin = ClientWith(null);
        await SignInAsync(admin, Admin);
        var log = await admin.GetPageAsync($"/Admin/Audit?organizationId={organizationId}&action=grant.approved");
        var row = Assert.Single(log.QuerySelectorAll("#audit-events tbody tr"));
        Assert.Equal(expected, row.QuerySelector(".audit-sentence")!.TextContent);

        // What the sentence says is not repeated below it; what it does not say is, and no internal id is.
        var changes = Changes(row);
        Assert.Equal(("Status", null, "Approved — not yet enabled"), changes.Single(c => c.Field == "Status"));
        Assert.Equal(("Justification", null, "Meets the program's criteria."), changes.Single(c => c.Field == "Justification"));
        Assert.Equal((string?)email, changes.Single(c => c.Field == "Account emails").After);
        Assert.DoesNotContain(changes, c => c.Field is "Identifier" or "Models" or "Surface" or "Expires on");

        // The stored event, one click away: its number, code, actor's email and raw JSON.
        var raw = row.QuerySelector("details.audit-raw")!;
        Assert.Null(raw.GetAttribute("open"));
        Assert.Contains("grant.approved", raw.QuerySelector("summary")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Admin.Email, raw.QuerySelector("summary")!.TextContent, StringComparison.Ordinal);
        Assert.Contains($"\"identifier\":\"{apiOrganizationId}\"", raw.TextContent, StringComparison.Ordinal);

        var details = await admin.GetPageAsync($"/Admin/Organizations/Details/{organizationId}");
        Assert.Contains(expected, details.QuerySelectorAll("#timeline .audit-sentence").Select(s => s.TextContent));

        var support = await Data.StaffAsync(Roles.Support);
        using var desk = await Data.SignedInAsync(support);
        var scope = await desk.GetPageAsync($"/Support/Organization/{organizationId}");
        Assert.Contains(expected, scope.QuerySelectorAll("#timeline .audit-sentence").Select(s => s.TextContent));
    }

    [Fact]
    public async Task A_suspension_says_why_and_shows_the_status_before_and_after()
    {
        var (organizationId, apiOrganizationId, _, email) = await UnderReviewAsync();
        await ApproveAsync(organizationId, "Api", apiOrganizationId, email);
        using (var declined = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/decisions", new { surface = "Codex", decision = "Decline", justification = "Not this time." }))
        {
            await ExpectAsync(declined, HttpStatusCode.Created);
        }

        using (var suspended = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/suspend", new { reason = "Usage outside the agreed scope." }))
        {
            await ExpectAsync(suspended, HttpStatusCode.OK);
        }

        using var admin = ClientWith(null);
        await SignInAsync(admin, Admin);
        var log = await admin.GetPageAsync($"/Admin/Audit?organizationId={organizationId}&action=organization.suspended");
        var row = Assert.Single(log.QuerySelectorAll("#audit-events tbody tr"));
        var name = (await App.OrganizationAsync(organizationId)).Name;
        Assert.Equal($"{Admin.DisplayName} suspended {name}: “Usage outside the agreed scope”.", row.QuerySelector(".audit-sentence")!.TextContent);
        Assert.Equal(("Status", "Reviewed", "Suspended"), Changes(row).Single(c => c.Field == "Status"));
        Assert.DoesNotContain(Changes(row), c => c.Field == "Account rep id");
    }

    /// <summary>The compact before → after of an event: field, value before (null when the event set it), value after.</summary>
    private static List<(string Field, string? Before, string? After)> Changes(IElement story) =>
        [.. story.QuerySelectorAll(".audit-changes li").Select(li => (
            li.QuerySelector(".text-body-secondary")!.TextContent.TrimEnd(':'),
            li.QuerySelector(".audit-before")?.TextContent,
            li.QuerySelector(".audit-after")?.TextContent))];
}
