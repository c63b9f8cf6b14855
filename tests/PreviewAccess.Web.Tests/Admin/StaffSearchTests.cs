using AngleSharp.Html.Dom;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Seeding;

namespace PreviewAccess.Web.Tests.Admin;

/// <summary>
/// The staff's search box in the navigation: on every page for admins, representatives and support staff (never for a
/// partner or a visitor), it finds an organization by name, API organization ID, Codex workspace ID or account email on
/// the search page the role may open — the organizations list of the whole program for admins and representatives, the
/// support desk for support — and a single match opens the organization.
/// </summary>
[Collection(AdminPagesCollectionDefinition.Name)]
public sealed class StaffSearchTests(PostgresServer postgres) : PortalTest(postgres)
{
    public static TheoryData<string> StaffEmails => [DemoData.AdminEmail, DemoData.RepEmail, DemoData.SupportEmail];

    [Theory]
    [MemberData(nameof(StaffEmails))]
    public async Task Each_staff_role_finds_one_organization_by_each_key_and_lands_on_its_page(string email)
    {
        // In another representative's portfolio: a representative's search covers the whole program, as an admin's does.
        var organization = await Data.EnrolledAsync([Surface.Api, Surface.Codex], rep: await Data.StaffAsync());
        using var client = await App.SignedInAsync(email);
        var expected = email == DemoData.SupportEmail
            ? $"/Support/Organization/{organization.Id}"
            : $"/Admin/Organizations/Details/{organization.Id}";

        foreach (var key in new[] { organization.Name, organization.ApiIds[1], organization.CodexIds[0], organization.AccountEmails[1].ToUpperInvariant() })
        {
            using var response = await SearchFromTheBoxAsync(client, "/Program", key);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Searching '{key}' as {email} answered {(int)response.StatusCode}");
            Assert.Equal(expected, response.Headers.Location!.OriginalString, ignoreCase: true);
            using var opened = await client.GetAsync(response.Headers.Location);
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(StaffEmails))]
    public async Task A_search_with_several_matches_lists_them_on_a_results_page_the_role_may_open(string email)
    {
        var common = "Searchable " + TestData.Unique();
        var first = await Data.EnrolledAsync([Surface.Api]);
        var second = await Data.EnrolledAsync([Surface.Api]);
        await RenameAsync(first.Id, common + " Alpha");
        await RenameAsync(second.Id, common + " Beta");
        using var client = await App.SignedInAsync(email);

        using var response = await SearchFromTheBoxAsync(client, "/Program", common);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        var expectedPath = email == DemoData.SupportEmail ? "/Support" : "/Admin/Organizations";
        Assert.Equal(expectedPath, response.RequestMessage!.RequestUri!.AbsolutePath, ignoreCase: true);
        var main = page.QuerySelector("main")!.TextContent;
        Assert.Contains(common + " Alpha", main, StringComparison.Ordinal);
        Assert.Contains(common + " Beta", main, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StaffEmails))]
    public async Task The_box_is_on_every_page_labelled_and_a_search_that_finds_nothing_says_so(string email)
    {
        using var client = await App.SignedInAsync(email);
        var pages = email == DemoData.SupportEmail
            ? new[] { "/Support", "/Support/Cases", "/Program", "/Account" }
            : new[] { "/Admin", "/Admin/Organizations", "/Admin/Review", "/Program", "/Account" };
        foreach (var url in pages)
        {
            var page = await client.GetPageAsync(url);
            var box = page.QuerySelector("nav #staff-search") as IHtmlFormElement;
            Assert.True(box is not null, $"{url} has no search box for {email}");
            Assert.Equal("get", box.Method, ignoreCase: true);
            Assert.Equal("search", box.GetAttribute("role"));
            var input = box.QuerySelector("input[name=q]")!;
            Assert.Equal("Search organizations", page.QuerySelector($"label[for='{input.Id}']")!.TextContent.Trim());
        }

        using var nothing = await SearchFromTheBoxAsync(client, "/Program", "No such organization " + TestData.Unique());
        Assert.Equal(HttpStatusCode.OK, nothing.StatusCode);
        Assert.Contains("No organization", (await HtmlForms.ParseAsync(nothing)).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_and_a_visitor_see_no_search_box()
    {
        var organization = await Data.EnrolledAsync([Surface.Api]);
        using var partner = await Data.SignedInAsync(await Data.PartnerAsync(organization));
        foreach (var url in new[] { "/Partner/Status", "/Program" })
        {
            Assert.Null((await partner.GetPageAsync(url)).QuerySelector("#staff-search"));
        }

        using var visitor = App.NewClient();
        Assert.Null((await visitor.GetPageAsync("/Program")).QuerySelector("#staff-search"));
        Assert.Null((await visitor.GetPageAsync("/Account/Login")).QuerySelector("#staff-search"));
    }

    /// <summary>Types <paramref name="text"/> in the navigation's box on <paramref name="pageUrl"/> and sends it, as the browser does: a GET with the form's fields.</summary>
    private static async Task<HttpResponseMessage> SearchFromTheBoxAsync(HttpClient client, string pageUrl, string text)
    {
        var page = await client.GetPageAsync(pageUrl);
        var form = (IHtmlFormElement)page.QuerySelector("#staff-search")!;
        var fields = form.Elements.OfType<IHtmlInputElement>().Where(i => !string.IsNullOrEmpty(i.Name))
            .Select(i => $"{Uri.EscapeDataString(i.Name!)}={Uri.EscapeDataString(i.Name == "q" ? text : i.Value)}");
        var action = new Uri(form.GetAttribute("action")!, UriKind.Relative);
        return await client.GetAsync(new Uri($"{action}?{string.Join('&', fields)}", UriKind.Relative));
    }

    private async Task RenameAsync(Guid organizationId, string name)
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        (await db.Organizations.SingleAsync(o => o.Id == organizationId)).Rename(name);
        await db.SaveChangesAsync();
    }
}
