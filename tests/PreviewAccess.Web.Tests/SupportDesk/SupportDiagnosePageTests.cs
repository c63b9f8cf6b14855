using System.Globalization;
using AngleSharp.Html.Dom;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Seeding;

namespace PreviewAccess.Web.Tests.SupportDesk;

/// <summary>
/// The support diagnosis: the gateway's answer unchanged, and beneath it what the portal knows — the organization
/// matched, the grant for the surface and identifier, the suspension, and what would unblock it.
/// </summary>
[Collection(RecordsAndSupportCollectionDefinition.Name)]
public sealed class SupportDiagnosePageTests(PostgresServer postgres) : PortalTest(postgres)
{
    private const string Sol = "gpt-5.6-sol";
    [Fact]
    public async Task A_grant_waiting_for_a_future_wave_says_when_the_wave_opens()
    {
        var page = await DiagnoseAsync(Surface.Api, await IdentifierOfAsync("Litware Systems", Surface.Api), DemoData.PartnerEmail);

        Assert.Equal("Denied — NotYetEnabled", Answer(page).QuerySelector("#answer")!.TextContent.Trim());
        Assert.Contains("Access is enabled on a rolling basis; completing enrollment does not activate it.", Answer(page).TextContent, StringComparison.Ordinal);
        var knows = Knows(page);
        Assert.Contains("Litware Systems", knows.TextContent, StringComparison.Ordinal);
        Assert.Contains($"Wave 2 opens on {await WaveOpensAsync("Wave 2")}", page.QuerySelector("#unblocks")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(DemoData.PartnerEmail, knows.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grant_in_an_open_wave_held_back_by_the_government_gate_says_coordination_must_be_recorded()
    {
        var page = await DiagnoseAsync(Surface.Api, await IdentifierOfAsync("Lucerne Publishing", Surface.Api), "data@lucerne.example");

        Assert.Equal("Denied — NotYetEnabled", Answer(page).QuerySelector("#answer")!.TextContent.Trim());
        var unblocks = page.QuerySelector("#unblocks")!.TextContent;
        Assert.StartsWith("Government coordination must be recorded before this grant can be enabled", page.QuerySelector("#unblocks li")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("opens on", unblocks, StringComparison.Ordinal);
        Assert.Contains("Government coordination not recorded", Knows(page).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_suspension_says_it_is_the_organization_that_is_suspended_and_why()
    {
        var page = await DiagnoseAsync(Surface.Api, await IdentifierOfAsync("Trey Research", Surface.Api), "research@trey.example");

        Assert.Equal("Denied — Suspended", Answer(page).QuerySelector("#answer")!.TextContent.Trim());
        Assert.Contains("Usage outside the agreed scope is being reviewed.", page.QuerySelector("#organization-suspension")!.TextContent, StringComparison.Ordinal);
        var unblocks = page.QuerySelector("#unblocks")!.TextContent;
        Assert.Contains("The organization is suspended", unblocks, StringComparison.Ordinal);
        Assert.Contains("itself is enabled", unblocks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_surface_that_was_declined_says_so_with_the_reason()
    {
        var page = await DiagnoseAsync(Surface.Codex, "prosewarecloud-engineering", "platform@proseware.example");

        Assert.Equal("Denied — NotApprovedForSurface", Answer(page).QuerySelector("#answer")!.TextContent.Trim());
        Assert.Contains("Codex use is not part of their agreement yet.", page.QuerySelector("#unblocks")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_allowed_answer_does_not_repeat_itself()
    {
        var page = await DiagnoseAsync(Surface.Api, await IdentifierOfAsync("Proseware Cloud", Surface.Api), "platform@proseware.example");

        Assert.Equal("Allowed", Answer(page).QuerySelector("#answer")!.TextContent.Trim());
        Assert.Contains("Access is enabled for this account, identifier and model.", Answer(page).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_identifier_offers_the_lookups()
    {
        var page = await DiagnoseAsync(Surface.Api, "org-nobodyhasthis00000000000", "someone@nowhere.example");

        Assert.Equal("Denied — UnknownIdentifier", Answer(page).QuerySelector("#answer")!.TextContent.Trim());
        var links = page.QuerySelectorAll("#no-organization a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/Support?q=someone@nowhere.example", links.Select(l => Uri.UnescapeDataString(l!)));
    }

    [Fact]
    public async Task An_invalid_model_in_the_address_is_shown_selected_and_marked_invalid()
    {
        using var client = await SignedInAsync();
        var page = await client.GetPageAsync($"/Support/Diagnose?surface=Api&identifier={await IdentifierOfAsync("Proseware Cloud", Surface.Api)}&email=platform@proseware.example&model=gpt-4-nope");

        var select = (IHtmlSelectElement)page.QuerySelector("select[name=Model]")!;
        Assert.Equal("gpt-4-nope", select.Value);
        Assert.Contains("not a model of the preview", select.SelectedOptions[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("is-invalid", select.ClassName, StringComparison.Ordinal);
        Assert.Equal("This is not a model of the preview.", page.FieldError("Model"));
        Assert.Null(page.QuerySelector("#answer"));
    }

    [Fact]
    public async Task A_surface_spelled_wrong_is_shown_selected_and_marked_invalid()
    {
        using var client = await SignedInAsync();
        var page = await client.GetPageAsync("/Support/Diagnose?surface=api&identifier=org-prosewarecloud0000000000&email=platform@proseware.example&model=gpt-5.6-sol");

        var select = (IHtmlSelectElement)page.QuerySelector("select[name=Surface]")!;
        Assert.Equal("api", select.Value);
        Assert.Contains("is-invalid", select.ClassName, StringComparison.Ordinal);
        Assert.NotNull(page.FieldError("Surface"));
    }

    [Fact]
    public async Task An_email_alone_is_refused_with_a_lookup_by_that_email()
    {
        using var client = await SignedInAsync();
        var page = await client.GetPageAsync("/Support/Diagnose?surface=Api&email=Partner@Litware.example&model=gpt-5.6-sol");

        Assert.Equal("Give the API organization ID or Codex workspace ID.", page.FieldError("Identifier"));
        var link = page.QuerySelector("#lookup-by-email a")!;
        Assert.Equal("/Support?q=partner@litware.example", Uri.UnescapeDataString(link.GetAttribute("href")!));
        Assert.Null(page.QuerySelector("#answer"));
    }

    [Theory]
    [InlineData("surface=ChatGPT&identifier=org-prosewarecloud0000000000&email=a@b.example&model=gpt-5.6-sol")]
    [InlineData("surface=Codex&identifier=%00%01%02&email=a@b.example&model=gpt-5.6-sol")]
    [InlineData("surface=%3Cscript%3E&identifier=%3Cscript%3Ealert(1)%3C/script%3E&email=%3Cb%3E&model=%3Cscript%3E&country=%F0%9F%98%80")]
    [InlineData("surface=Api&identifier=org-prosewarecloud0000000000&email=platform@proseware.example&model=gpt-5.6-sol&country=RU")]
    [InlineData("surface=Api&identifier=org-prosewarecloud0000000000&email=nobody@proseware.example&model=gpt-5.6-sol")]
    [InlineData("surface=&identifier=&email=&model=&country=")]
    [InlineData("surface=Api&surface=Codex&identifier=a&identifier=b&email=x")]
    [InlineData("email=not-an-email")]
    public async Task Hostile_or_odd_input_never_breaks_the_page(string query)
    {
        using var client = await SignedInAsync();
        var model = new string('m', 5000);
        foreach (var url in new[] { "/Support/Diagnose?" + query, $"/Support/Diagnose?{query}&model={model}" })
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static AngleSharp.Dom.IElement Answer(IHtmlDocument page) => page.QuerySelector("#answer")!.ParentElement!;

    private static AngleSharp.Dom.IElement Knows(IHtmlDocument page) => page.QuerySelector("#knows")!.ParentElement!;

    private async Task<IHtmlDocument> DiagnoseAsync(Surface surface, string identifier, string email, string model = Sol)
    {
        using var client = await SignedInAsync();
        return await client.GetPageAsync($"/Support/Diagnose?surface={surface}&identifier={Uri.EscapeDataString(identifier)}&email={Uri.EscapeDataString(email)}&model={model}");
    }

    private async Task<string> IdentifierOfAsync(string organization, Surface surface)
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var id = await db.Organizations.Where(o => o.Name == organization).Select(o => o.Id).SingleAsync();
        return await db.Grants.Where(g => g.OrganizationId == id && g.Surface == surface).Select(g => g.Identifier).FirstAsync();
    }

    private async Task<string> WaveOpensAsync(string name)
    {
        await using var scope = App.Scope();
        var opensAt = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Waves.Where(w => w.Name == name).Select(w => w.OpensAt).SingleAsync();
        return opensAt.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);
    }

    private Task<HttpClient> SignedInAsync() => App.SignedInAsync(DemoData.SupportEmail);
}
