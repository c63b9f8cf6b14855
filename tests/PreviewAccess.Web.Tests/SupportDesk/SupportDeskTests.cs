using AngleSharp.Html.Dom;
using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Features.Seeding;

namespace PreviewAccess.Web.Tests.SupportDesk;

/// <summary>The support desk: lookups, a read-only scope, diagnoses on ticket fields, and the case queue.</summary>
[Collection(RecordsAndSupportCollectionDefinition.Name)]
public sealed class SupportDeskTests(PostgresServer postgres) : PortalTest(postgres)
{
    private const string ProsewareApiOrg = "org-prosewarecloud0000000000";
    [Theory]
    [InlineData(ProsewareApiOrg)]
    [InlineData("prosewarecloud-engineering")]
    [InlineData("platform@PROSEWARE.example")]
    [InlineData("proseware")]
    public async Task Support_finds_an_organization_by_identifier_workspace_email_or_name(string query)
    {
        using var client = await SignedInAsync(DemoData.SupportEmail);
        var page = await client.GetPageAsync("/Support?q=" + Uri.EscapeDataString(query));

        Assert.Contains("Proseware Cloud", page.QuerySelector("#results")!.ParentElement!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_found_organization_without_grants_says_where_its_enrollment_stands_and_no_status_looks_like_access()
    {
        using var client = await SignedInAsync(DemoData.SupportEmail);
        var page = await client.GetPageAsync("/Support?q=" + Uri.EscapeDataString("Woodgrove"));

        var row = page.QuerySelectorAll("#results ~ table tbody tr").Single(r => r.TextContent.Contains("Woodgrove Security", StringComparison.Ordinal));
        Assert.Contains("None yet: the enrollment is under review", row.TextContent, StringComparison.Ordinal);

        // Green belongs to an enabled grant alone: no organization status wears it.
        foreach (var status in Enum.GetValues<Domain.Organizations.OrganizationStatus>())
        {
            Assert.NotEqual("text-bg-success", Features.Common.Vocabulary.For(status).CssClass);
        }
    }

    [Fact]
    public async Task The_scope_page_shows_each_surface_separately_with_grants_waves_and_flags_that_grant_nothing()
    {
        using var client = await SignedInAsync(DemoData.SupportEmail);
        var id = await OrganizationIdAsync("Lucerne Publishing");
        var page = await client.GetPageAsync($"/Support/Organization/{id}");
        var text = page.Text();

        Assert.Contains("Wave 1", text, StringComparison.Ordinal);
        Assert.Contains("GovernmentCoordinationMissing", text, StringComparison.Ordinal);
        Assert.Contains("No grant on Codex", text, StringComparison.Ordinal);
        Assert.Contains("(does not grant access)", text, StringComparison.Ordinal);
        // The timeline in sentences, as the admin pages write it; the audit log's codes only in each event's stored details.
        var told = page.QuerySelectorAll("#timeline .audit-sentence").Select(s => s.TextContent).ToList();
        Assert.Contains(told, sentence => sentence.StartsWith("Ravi Rep approved the API for Lucerne Publishing: org-", StringComparison.Ordinal));
        Assert.DoesNotContain(told, sentence => sentence.Contains("grant.approved", StringComparison.Ordinal));
        Assert.All(page.QuerySelectorAll("#timeline code"), code => Assert.NotNull(code.Closest("details.audit-raw")));
    }

    [Fact]
    public async Task A_diagnosis_gives_the_reason_and_the_next_step_of_the_notice()
    {
        using var client = await SignedInAsync(DemoData.SupportEmail);
        var page = await client.GetPageAsync($"/Support/Diagnose?surface=Codex&identifier={ProsewareApiOrg}&email=platform@proseware.example&model=gpt-5.6-sol");

        var answer = page.QuerySelector("#answer")!.ParentElement!.TextContent;
        Assert.Contains("NotApprovedForSurface", answer, StringComparison.Ordinal);
        Assert.Contains("Access covers the API, Codex or both", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_diagnosis_gets_errors_on_its_fields()
    {
        using var client = await SignedInAsync(DemoData.SupportEmail);
        var page = await client.GetPageAsync("/Support/Diagnose?surface=Api&identifier=org-short&email=not-an-email&model=gpt-5.6-sol&country=XX");

        Assert.NotNull(page.FieldError("Identifier"));
        Assert.NotNull(page.FieldError("Email"));
        Assert.NotNull(page.FieldError("Country"));
        Assert.Null(page.QuerySelector("#answer"));
    }

    [Fact]
    public async Task A_case_is_diagnosed_assigned_moved_and_annotated_and_a_stale_form_is_told_it_changed()
    {
        var caseId = await OpenCaseAsync();
        using var client = await SignedInAsync(DemoData.SupportEmail);
        var details = await client.GetPageAsync($"/Support/Cases/Details/{caseId}");
        Assert.Contains("NotYetEnabled", details.Text(), StringComparison.Ordinal);

        using (var assigned = await client.SubmitAsync(details, "form[action$='handler=Assign']", new Dictionary<string, string> { ["AssigneeId"] = await UserIdAsync(DemoData.SupportEmail) }))
        {
            Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        }

        using (var note = await client.SubmitAsync(await client.GetPageAsync($"/Support/Cases/Details/{caseId}"), "form[action$='handler=Note']", new Dictionary<string, string> { ["Note"] = "Told the partner it is on a rolling basis." }))
        {
            Assert.Equal(HttpStatusCode.Redirect, note.StatusCode);
        }

        // The first page was read before both changes: its form now carries a stale version.
        using var stale = await client.SubmitAsync(details, "form[action$='handler=Status']", new Dictionary<string, string> { ["NewStatus"] = "Resolved" });
        var refused = await HtmlForms.ParseAsync(stale);
        Assert.Contains("Someone else changed this", refused.Text(), StringComparison.Ordinal);

        await using var scope = App.Scope();
        var stored = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SupportCases.AsNoTracking().SingleAsync(c => c.Id == caseId);
        Assert.Equal(SupportCaseStatus.InProgress, stored.Status);
        Assert.Equal("Told the partner it is on a rolling basis.", Assert.Single(stored.Messages).Text);
    }

    [Fact]
    public async Task An_empty_note_gets_an_error_on_the_note_field()
    {
        var caseId = await OpenCaseAsync();
        using var client = await SignedInAsync(DemoData.SupportEmail);
        var details = await client.GetPageAsync($"/Support/Cases/Details/{caseId}");

        using var response = await client.SubmitAsync(details, "form[action$='handler=Note']", new Dictionary<string, string> { ["Note"] = "   " });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Write the note first.", (await HtmlForms.ParseAsync(response)).FieldError("Note"));
    }

    [Theory]
    [InlineData(DemoData.RepEmail)]
    [InlineData(DemoData.PartnerEmail)]
    public async Task Only_support_and_admins_reach_the_support_desk(string email)
    {
        using var client = await SignedInAsync(email);
        foreach (var path in new[] { "/Support", "/Support/Diagnose", "/Support/Cases" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden || response.Headers.Location?.ToString().Contains("AccessDenied", StringComparison.Ordinal) == true,
                $"{email} reached {path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Support_staff_cannot_reach_any_page_that_changes_the_program()
    {
        using var client = await SignedInAsync(DemoData.SupportEmail);
        using var response = await client.GetAsync(new Uri("/Admin", UriKind.Relative));

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden || response.Headers.Location?.ToString().Contains("AccessDenied", StringComparison.Ordinal) == true);
    }

    private async Task<Guid> OpenCaseAsync()
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var litware = await db.Organizations.AsNoTracking().SingleAsync(o => o.Name == "Litware Systems");
        var supportCase = SupportCase.Open(litware.Id, "org-litwaresystems0000000000", DemoData.PartnerEmail, AffectedSurfaces.Api,
            "Error 403: model_not_found", "req_123", DateTimeOffset.UtcNow.AddHours(-1), SupportCaseCategory.AccessProblem, Guid.Empty, DateTimeOffset.UtcNow);
        db.SupportCases.Add(supportCase);
        await db.SaveChangesAsync();
        return supportCase.Id;
    }

    private async Task<Guid> OrganizationIdAsync(string name)
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = App.Scope();
        return (await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Users.SingleAsync(u => u.Email == email)).Id.ToString();
    }

    private Task<HttpClient> SignedInAsync(string email) => App.SignedInAsync(email);
}
