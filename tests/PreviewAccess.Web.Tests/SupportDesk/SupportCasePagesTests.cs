using AngleSharp.Html.Dom;
using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Features.Seeding;

namespace PreviewAccess.Web.Tests.SupportDesk;

/// <summary>The case queue and a case's page: hand-typed filters, conflicts that can be redone, notes as written.</summary>
[Collection(RecordsAndSupportCollectionDefinition.Name)]
public sealed class SupportCasePagesTests(PostgresServer postgres) : PortalTest(postgres)
{
    [Theory]
    [InlineData("?Mine=maybe", "Mine")]
    [InlineData("?Status=Open&Mine=1", "Mine")]
    [InlineData("?Mine=", "Mine")]
    [InlineData("?Status=Bogus", "Status")]
    [InlineData("?Status=Closed%3Cscript%3E&Mine=true", "Status")]
    public async Task A_filter_the_queue_cannot_read_is_named_on_its_field_instead_of_failing(string query, string field)
    {
        await OpenCaseAsync();
        using var client = await SignedInAsync(DemoData.SupportEmail);

        using var response = await client.GetAsync(new Uri("/Support/Cases" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.NotNull(page.FieldError(field));
    }

    [Fact]
    public async Task An_unknown_status_shows_every_unresolved_case_and_says_so()
    {
        await OpenCaseAsync();
        using var client = await SignedInAsync(DemoData.SupportEmail);

        var page = await client.GetPageAsync("/Support/Cases?Status=Bogus");

        Assert.Contains("showing every unresolved case", page.FieldError("Status"), StringComparison.Ordinal);
        Assert.Equal(string.Empty, ((IHtmlSelectElement)page.QuerySelector("select[name='Status']")!).Value);
        Assert.Contains("Litware Systems", page.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readable_filters_still_filter_without_any_message()
    {
        await OpenCaseAsync();
        using var client = await SignedInAsync(DemoData.SupportEmail);

        var open = await client.GetPageAsync("/Support/Cases?Status=Open&Mine=false");
        var resolved = await client.GetPageAsync("/Support/Cases?Status=Resolved");

        Assert.Null(open.FieldError("Status"));
        Assert.Null(open.FieldError("Mine"));
        Assert.Contains("Litware Systems", open.Text(), StringComparison.Ordinal);
        Assert.Contains("No cases here.", resolved.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_conflict_the_note_typed_is_kept_and_one_more_click_saves_it()
    {
        var caseId = await OpenCaseAsync();
        using var client = await SignedInAsync(DemoData.SupportEmail);
        var stale = await client.GetPageAsync($"/Support/Cases/Details/{caseId}");
        await ChangeCaseElsewhereAsync(client, caseId);

        using var refused = await client.SubmitAsync(stale, "form[action$='handler=Note']", new Dictionary<string, string> { ["Note"] = "Asked for a fresh request ID." });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var redrawn = await HtmlForms.ParseAsync(refused);
        Assert.Contains("Someone else changed this", redrawn.Text(), StringComparison.Ordinal);
        Assert.Equal("Asked for a fresh request ID.", ((IHtmlTextAreaElement)redrawn.QuerySelector("textarea[name='Note']")!).Value);
        Assert.Contains("In progress", redrawn.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        var current = (await StoredAsync(caseId)).Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(redrawn.QuerySelectorAll("input[name='Version']").Cast<IHtmlInputElement>(), version => Assert.Equal(current, version.Value));

        // The form helper sends inputs only: the textarea's text is sent as the browser would send what it shows.
        using var retried = await client.SubmitAsync(redrawn, "form[action$='handler=Note']", new Dictionary<string, string> { ["Note"] = ((IHtmlTextAreaElement)redrawn.QuerySelector("textarea[name='Note']")!).Value });
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal("Asked for a fresh request ID.", Assert.Single((await StoredAsync(caseId)).Messages).Text);
    }

    [Fact]
    public async Task After_a_conflict_the_status_chosen_is_kept_and_one_more_click_applies_it()
    {
        var caseId = await OpenCaseAsync();
        using var client = await SignedInAsync(DemoData.SupportEmail);
        var stale = await client.GetPageAsync($"/Support/Cases/Details/{caseId}");
        await ChangeCaseElsewhereAsync(client, caseId);

        using var refused = await client.SubmitAsync(stale, "form[action$='handler=Status']", new Dictionary<string, string> { ["NewStatus"] = "Resolved" });
        var redrawn = await HtmlForms.ParseAsync(refused);
        Assert.Contains("Someone else changed this", redrawn.Text(), StringComparison.Ordinal);
        Assert.Equal("Resolved", ((IHtmlSelectElement)redrawn.QuerySelector("select[name='NewStatus']")!).Value);
        Assert.Equal(SupportCaseStatus.InProgress, (await StoredAsync(caseId)).Status);

        using var retried = await client.SubmitAsync(redrawn, "form[action$='handler=Status']", new Dictionary<string, string> { ["NewStatus"] = ((IHtmlSelectElement)redrawn.QuerySelector("select[name='NewStatus']")!).Value ?? string.Empty });
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal(SupportCaseStatus.Resolved, (await StoredAsync(caseId)).Status);
    }

    [Theory]
    [InlineData("Assign", "AssigneeId", "not-a-person")]
    [InlineData("Assign", "AssigneeId", "6f1c1f0e-0000-4000-8000-000000000000")]
    [InlineData("Status", "NewStatus", "Bogus")]
    [InlineData("Status", "NewStatus", "99")]
    public async Task A_value_that_is_not_in_the_list_gets_an_error_on_its_field_and_changes_nothing(string handler, string field, string value)
    {
        var caseId = await OpenCaseAsync();
        using var client = await SignedInAsync(DemoData.SupportEmail);
        var details = await client.GetPageAsync($"/Support/Cases/Details/{caseId}");
        var before = await StoredAsync(caseId);

        using var response = await client.SubmitAsync(details, $"form[action$='handler={handler}']", new Dictionary<string, string> { [field] = value });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await HtmlForms.ParseAsync(response)).FieldError(field));
        var after = await StoredAsync(caseId);
        Assert.Equal((before.Version, before.Status, before.AssigneeId), (after.Version, after.Status, after.AssigneeId));
    }

    [Theory]
    [InlineData("Assign", "AssigneeId")]
    [InlineData("Status", "NewStatus")]
    public async Task A_change_sent_without_its_choice_is_refused_rather_than_taken_as_nobody_or_open(string handler, string field)
    {
        var caseId = await OpenCaseAsync();
        using var client = await SignedInAsync(DemoData.SupportEmail);
        await ChangeCaseElsewhereAsync(client, caseId);
        var details = await client.GetPageAsync($"/Support/Cases/Details/{caseId}");

        // The form helper leaves selects out: exactly a post that lacks the choice.
        using var response = await client.SubmitAsync(details, $"form[action$='handler={handler}']", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await HtmlForms.ParseAsync(response)).FieldError(field));
        var stored = await StoredAsync(caseId);
        Assert.Equal(SupportCaseStatus.InProgress, stored.Status);
        Assert.NotNull(stored.AssigneeId);
    }

    [Fact]
    public async Task A_note_keeps_its_line_breaks_and_may_break_inside_a_long_word()
    {
        var caseId = await OpenCaseAsync();
        using var client = await SignedInAsync(DemoData.SupportEmail);
        var details = await client.GetPageAsync($"/Support/Cases/Details/{caseId}");
        var note = "First line <b>not bold</b>\nSecond line\n" + new string('x', 2000);
        using (var added = await client.SubmitAsync(details, "form[action$='handler=Note']", new Dictionary<string, string> { ["Note"] = note }))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        var page = await client.GetPageAsync($"/Support/Cases/Details/{caseId}");

        var shown = page.QuerySelector(".case-text.case-note")!;
        Assert.Equal(note, shown.TextContent);
        Assert.Null(shown.QuerySelector("b"));
        var stylesheet = page.QuerySelector("link[href*='/css/support-cases.css']")!.GetAttribute("href")!;
        var css = await client.GetStringAsync(new Uri(stylesheet, UriKind.Relative));
        Assert.Contains("white-space: pre-wrap", css, StringComparison.Ordinal);
        Assert.Contains("overflow-wrap: anywhere", css, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_queue_scrolls_sideways_inside_its_table_and_links_each_case_by_its_organization()
    {
        var caseId = await OpenCaseAsync();
        using var client = await SignedInAsync(DemoData.SupportEmail);

        var page = await client.GetPageAsync("/Support/Cases");

        Assert.NotNull(page.QuerySelector(".table-responsive > table"));
        var link = page.QuerySelectorAll("tbody a").Cast<IHtmlAnchorElement>().Single(a => a.PathName.EndsWith(caseId.ToString(), StringComparison.Ordinal));
        Assert.Equal("Litware Systems", link.TextContent.Trim());
        var cells = page.QuerySelectorAll("tbody td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Contains("API", cells);
        Assert.DoesNotContain("Api", cells);
    }

    [Fact]
    public async Task A_case_names_its_surfaces_as_the_rest_of_the_portal_does()
    {
        var caseId = await OpenCaseAsync(AffectedSurfaces.Both);
        using var client = await SignedInAsync(DemoData.SupportEmail);

        var page = await client.GetPageAsync($"/Support/Cases/Details/{caseId}");

        var surfaces = page.QuerySelectorAll("dt").Single(dt => dt.TextContent == "Surfaces").NextElementSibling!.TextContent.Trim();
        Assert.Equal("API and Codex", surfaces);
    }

    /// <summary>Someone else assigns the case (it moves to In progress), so any page read before is stale.</summary>
    private async Task ChangeCaseElsewhereAsync(HttpClient client, Guid caseId)
    {
        var fresh = await client.GetPageAsync($"/Support/Cases/Details/{caseId}");
        using var assigned = await client.SubmitAsync(fresh, "form[action$='handler=Assign']", new Dictionary<string, string> { ["AssigneeId"] = await UserIdAsync(DemoData.SupportEmail) });
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
    }

    private async Task<Guid> OpenCaseAsync(AffectedSurfaces surfaces = AffectedSurfaces.Api)
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var litware = await db.Organizations.AsNoTracking().SingleAsync(o => o.Name == "Litware Systems");
        var supportCase = SupportCase.Open(litware.Id, "org-litwaresystems0000000000", DemoData.PartnerEmail, surfaces,
            "Error 403: model_not_found", "req_123", DateTimeOffset.UtcNow.AddHours(-1), SupportCaseCategory.AccessProblem, Guid.Empty, DateTimeOffset.UtcNow);
        db.SupportCases.Add(supportCase);
        await db.SaveChangesAsync();
        return supportCase.Id;
    }

    private async Task<SupportCase> StoredAsync(Guid caseId)
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SupportCases.AsNoTracking().SingleAsync(c => c.Id == caseId);
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = App.Scope();
        return (await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Users.SingleAsync(u => u.Email == email)).Id.ToString();
    }

    private Task<HttpClient> SignedInAsync(string email) => App.SignedInAsync(email);
}
