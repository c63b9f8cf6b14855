using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using PreviewAccess.Web.Features.Seeding;

namespace PreviewAccess.Web.Tests.SupportDesk;

/// <summary>
/// The support desk's read-only scope of one organization: where each surface's request stands, the organization's
/// suspension and what it means for its grants, and each grant's wave and blockers in words.
/// </summary>
[Collection(RecordsAndSupportCollectionDefinition.Name)]
public sealed class SupportScopePageTests(PostgresServer postgres) : PortalTest(postgres)
{
    [Fact]
    public async Task A_surface_still_under_review_says_so_rather_than_only_no_grant()
    {
        var page = await ScopeOfAsync("Litware Systems");

        var codex = Surface(page, "Codex");
        Assert.Equal("UnderReview", codex.QuerySelector("[data-request]")!.GetAttribute("data-request"));
        Assert.Contains("under review", codex.TextContent, StringComparison.Ordinal);
        Assert.Contains("account representative decides it", codex.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declined_surface_shows_the_decision_and_its_reason()
    {
        var page = await ScopeOfAsync("Proseware Cloud");

        var codex = Surface(page, "Codex");
        Assert.Equal("Declined", codex.QuerySelector("[data-request]")!.GetAttribute("data-request"));
        Assert.Contains("Codex use is not part of their agreement yet.", codex.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_surface_sent_back_for_more_information_shows_the_question_asked()
    {
        var page = await ScopeOfAsync("Wide World Importers");

        var codex = Surface(page, "Codex");
        Assert.Equal("MoreInformationRequested", codex.QuerySelector("[data-request]")!.GetAttribute("data-request"));
        Assert.Contains("Please list the Codex workspace your engineering team will use", codex.TextContent, StringComparison.Ordinal);
        Assert.Contains("submit the enrollment again", codex.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_suspended_organization_shows_its_reason_and_its_enabled_grant_is_not_shown_as_in_effect()
    {
        var page = await ScopeOfAsync("Trey Research");

        var suspension = page.QuerySelector("#suspension")!.TextContent;
        Assert.Contains("Usage outside the agreed scope is being reviewed.", suspension, StringComparison.Ordinal);
        var grant = Assert.Single(page.QuerySelectorAll("[data-grant]"));
        var badge = grant.QuerySelector("[data-grant-status]")!;
        Assert.Equal("Enabled", badge.GetAttribute("data-grant-status"));
        Assert.DoesNotContain("text-bg-success", badge.ClassName, StringComparison.Ordinal);
        Assert.Contains("not in effect", badge.TextContent, StringComparison.Ordinal);
        Assert.NotNull(grant.QuerySelector("[data-held]"));
    }

    [Fact]
    public async Task An_organization_that_is_not_suspended_has_no_suspension_notice()
    {
        var page = await ScopeOfAsync("Proseware Cloud");

        Assert.Null(page.QuerySelector("#suspension"));
        Assert.Null(page.QuerySelector("[data-held]"));
    }

    [Fact]
    public async Task Blockers_read_in_plain_words_and_the_wave_gives_its_opening_date()
    {
        var page = await ScopeOfAsync("Lucerne Publishing");

        var grant = Assert.Single(page.QuerySelectorAll("[data-grant]"));
        Assert.Contains("Government coordination not recorded", grant.QuerySelector("[data-blocker]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains($"Wave 1 · opened {await WaveOpensAsync("Wave 1")}", grant.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wave_still_to_come_says_when_it_opens()
    {
        var page = await ScopeOfAsync("Litware Systems");

        var grant = Assert.Single(Surface(page, "Api").QuerySelectorAll("[data-grant]"));
        Assert.Contains($"Wave 2 · opens {await WaveOpensAsync("Wave 2")}", grant.TextContent, StringComparison.Ordinal);
        Assert.Contains("not yet enabled", grant.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grants_are_label_and_value_pairs_that_stack_not_a_seven_column_table()
    {
        var page = await ScopeOfAsync("Margie's Travel AI");

        Assert.Empty(page.QuerySelectorAll("#grants ~ section table, #grants ~ table"));
        foreach (var grant in page.QuerySelectorAll("[data-grant]"))
        {
            var labels = grant.QuerySelectorAll("dt").Select(dt => dt.TextContent.Trim()).ToList();
            Assert.Equal(["Models", "Approved account emails", "Wave", "Blockers", "Expires"], labels);
        }

        Assert.Contains(page.QuerySelectorAll("link[rel=stylesheet]"), l => l.GetAttribute("href")!.StartsWith("/css/support-scope.css", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_gates_and_the_timeline_sit_beside_the_grants_even_when_a_surface_has_none()
    {
        var page = await ScopeOfAsync("Litware Systems");

        var aside = page.QuerySelector("aside")!;
        Assert.Null(aside.Closest("section"));
        Assert.Equal(2, page.QuerySelectorAll("section[aria-labelledby=grants] > section").Length);
    }

    [Fact]
    public async Task The_diagnose_link_opens_a_diagnosis_of_a_grant_with_its_approved_email_and_first_model_and_no_error()
    {
        var page = await ScopeOfAsync("Litware Systems");

        var href = page.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Diagnose an access problem").GetAttribute("href")!;
        Assert.Contains("surface=Api", href, StringComparison.Ordinal);
        Assert.Contains("identifier=org-litwaresystems0000000000", href, StringComparison.Ordinal);
        var grant = await App.ReadAsync(db => db.Grants.AsNoTracking().SingleAsync(g => g.Identifier == "org-litwaresystems0000000000"));
        var email = grant.AccountEmails[0];
        var model = grant.Models[0];
        Assert.Contains($"model={model}", href, StringComparison.Ordinal);

        using var client = await SignedInAsync(DemoData.SupportEmail);
        var diagnosis = await client.GetPageAsync(href);
        Assert.Empty(diagnosis.QuerySelectorAll("[aria-invalid=true], .is-invalid"));
        Assert.All(diagnosis.QuerySelectorAll("span.text-danger"), message => Assert.Equal(string.Empty, message.TextContent.Trim()));
        Assert.Equal(email, diagnosis.QuerySelector("input[name=Email]")!.GetAttribute("value"));
        Assert.Equal(model, diagnosis.QuerySelector("select[name=Model] option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task An_unknown_organization_is_not_found()
    {
        using var client = await SignedInAsync(DemoData.SupportEmail);
        using var response = await client.GetAsync(new Uri($"/Support/Organization/{Guid.NewGuid()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Every_demo_organization_has_a_scope_page()
    {
        using var client = await SignedInAsync(DemoData.SupportEmail);
        await using var scope = App.Scope();
        var ids = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Organizations.Select(o => o.Id).ToListAsync();

        foreach (var id in ids)
        {
            using var response = await client.GetAsync(new Uri($"/Support/Organization/{id}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static IElement Surface(IHtmlDocument page, string surface) =>
        page.QuerySelector($"#surface-{surface}")!.ParentElement!;

    private async Task<IHtmlDocument> ScopeOfAsync(string name)
    {
        using var client = await SignedInAsync(DemoData.SupportEmail);
        await using var scope = App.Scope();
        var id = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
        return await client.GetPageAsync($"/Support/Organization/{id}");
    }

    private async Task<string> WaveOpensAsync(string name)
    {
        await using var scope = App.Scope();
        var opensAt = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Waves.Where(w => w.Name == name).Select(w => w.OpensAt).SingleAsync();
        return opensAt.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);
    }

    private Task<HttpClient> SignedInAsync(string email) => App.SignedInAsync(email);
}
