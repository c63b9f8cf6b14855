using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Domain.Amendments;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Admin;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;
using PreviewAccess.Web.Tests.Recertification;
using PreviewAccess.Web.Tests.Webhooks;

namespace PreviewAccess.Browser.Tests.Shell;

/// <summary>
/// Issue 17, item 4: every staff and partner page fits a desktop and a phone. Each role signs in and walks its pages —
/// every link of its navigation (read from the page, so a new entry is walked too) and the detail pages reached from
/// them (listed below, one list per role) — at 1280 and at 390 px. On each, the page is no wider than the screen (a
/// table scrolls in its own box or turns into cards, never the page) and axe finds no serious or critical violation.
/// An admin's navigation is a representative's plus the Admin menu: the representative walks the pages they share,
/// the admin the menu. The public About page is not a staff or partner page and is left out.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class PhoneLayoutTests(PostgresServer postgres, BrowserFixture browser, DemoPortal portal) : IClassFixture<DemoPortal>
{
    private const int Desktop = 1280;
    private const int Phone = 390;

    private static readonly ConditionalWeakTable<PortalApp, Task<Arranged>> Arrangements = new();

    private const string WholeNavigation = "#main-nav a[href]";
    private const string AdminMenu = "#main-nav .dropdown-menu a[href]";
    private const string AboutPage = "/Program";

    /// <summary>What an admin reaches beyond the pages a representative walks.</summary>
    private static string[] AdminPages(Arranged a) =>
    [
        "/Admin/Recertification?rep=all",
        $"/Admin/Webhooks/Details/{a.Webhook}",
    ];

    private static string[] RepresentativePages(Arranged a) =>
    [
        $"/Admin/Organizations/Details/{a.Proseware}",
        $"/Admin/Organizations/Details/{a.Litware}",
        $"/Admin/Grants/Details/{a.ProsewareGrant}",
        $"/Admin/Review/Decide/{a.Woodgrove}/Api",
        $"/Admin/Review/Amendment/{a.Amendment}",
        $"/Admin/Waves/Details/{a.WaveOne}",
    ];

    private static string[] SupportPages(Arranged a) =>
    [
        "/Support?q=litware",
        $"/Support/Organization/{a.Litware}",
        $"/Support/Cases/Details/{a.SupportCase}",
        "/Support/Diagnose?Surface=Api&Identifier=org-litwaresystems0000000000&Email=partner%40litware.example&Model=gpt-5.6-sol&Country=CA",
    ];

    private static string[] PartnerPages(Arranged a) =>
    [
        "/Partner/Why?surface=Api&identifier=org-litwaresystems0000000000",
        $"/Partner/Support/Case/{a.SupportCase}",
        "/Partner/Cost?Input.ModelId=gpt-5.6-sol&Input.UncachedInputTokens=1200000000&Input.CacheWriteTokens=300000"
            + "&Input.CacheReadTokens=4500000000&Input.OutputTokens=250000000",
    ];

    [Fact]
    public Task An_admins_pages_fit_a_desktop_and_a_phone() => WalkAsync(DemoData.AdminEmail, AdminMenu, "/Admin/Government", AdminPages);

    [Fact]
    public Task A_representatives_pages_fit_a_desktop_and_a_phone() =>
        WalkAsync(DemoData.RepEmail, WholeNavigation, "/Admin/Recertification", RepresentativePages);

    [Fact]
    public Task The_support_desks_pages_fit_a_desktop_and_a_phone() => WalkAsync(DemoData.SupportEmail, WholeNavigation, "/Support/Diagnose", SupportPages);

    [Fact]
    public Task A_partners_pages_fit_a_desktop_and_a_phone() => WalkAsync(DemoData.PartnerEmail, WholeNavigation, "/Partner/Cost", PartnerPages);

    /// <param name="links">The navigation links to walk.</param>
    /// <param name="navigationEntry">A page among them: proves the navigation was read.</param>
    private async Task WalkAsync(string email, string links, string navigationEntry, Func<Arranged, string[]> detailPages)
    {
        var app = await portal.StartAppAsync(postgres, "phonelayout");
        var arranged = await Arrangements.GetValue(app, ArrangeAsync);
        await using var session = await BrowserSession.OpenAsync(browser, app.RootUri);
        var page = session.Page;
        await SignInForm.SignInAsync(page, email, DemoData.Password);

        var navigation = await NavigationAsync(page, links);
        Assert.Contains(navigationEntry, navigation);
        var tooWide = new List<string>();
        foreach (var path in navigation.Concat(detailPages(arranged)))
        {
            await page.SetViewportSizeAsync(Desktop, 900);
            var response = await page.GotoAsync(path);
            Assert.True(response is { Ok: true }, $"{path} answered {response?.Status}");
            foreach (var width in (int[])[Desktop, Phone])
            {
                await page.SetViewportSizeAsync(width, width == Phone ? 844 : 900);
                var pageWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                if (pageWidth > width) tooWide.Add($"{path} is {pageWidth} px wide at {width} px");
                await AccessibleAtAsync(page, width);
            }
        }

        Assert.True(tooWide.Count == 0, "Pages wider than the screen:" + Environment.NewLine + string.Join(Environment.NewLine, tooWide));
        session.AssertNothingBroke();
    }

    /// <summary>The pages the main navigation links to, as the signed-in person sees it (their account page included).</summary>
    private static async Task<IReadOnlyList<string>> NavigationAsync(IPage page, string links)
    {
        var hrefs = await page.Locator(links).EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        var pages = hrefs.Where(href => href.StartsWith('/') && href != AboutPage).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(pages.Count >= 3, "The navigation has only " + string.Join(", ", pages));
        return pages;
    }

    private static async Task AccessibleAtAsync(IPage page, int width)
    {
        try
        {
            await Accessibility.AssertNoSeriousViolationsAsync(page);
        }
        catch (Xunit.Sdk.XunitException failure)
        {
            throw new Xunit.Sdk.XunitException($"At {width} px: {failure.Message}");
        }
    }

    /// <summary>
    /// What the pages need beyond the demo data, once per portal: grants due for re-certification (one expiring soon,
    /// one enabled long ago) in the representative's portfolio, an amendment waiting for review, a support case with a
    /// long pasted error, and a webhook endpoint.
    /// </summary>
    private static async Task<Arranged> ArrangeAsync(PortalApp app)
    {
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await app.EnabledGrantAsync(today.AddDays(9), now.AddDays(-40), name: "Northwind Research Laboratories International");
        await app.EnabledGrantAsync(null, now.AddDays(-130), name: "Adventure Works Cycles");
        var webhook = await WebhookArrangements.AnEndpointAsync(app, "https://203.0.113.10/hooks/previewaccess/grant-and-organization-changes");
        var secondRep = await app.UserIdAsync(DemoData.SecondRepEmail);
        return await app.ReadAsync(async db =>
        {
            var organizations = await db.Organizations.Include(o => o.Invitations).ToDictionaryAsync(o => o.Name, StringComparer.Ordinal);
            var proseware = organizations["Proseware Cloud"];
            var litware = organizations["Litware Systems"];
            var grants = await db.Grants.AsNoTracking().Where(g => g.OrganizationId == proseware.Id).ToListAsync();
            var catalog = (await db.Models.AsNoTracking().Select(m => m.ModelId).ToListAsync()).ToHashSet(StringComparer.Ordinal);
            var amendment = Amendment.Request(proseware, grants,
                new AmendmentRequest([Surface.Codex], [], ["proseware-platform-engineering-workspace"], ["a-rather-long-address-for-a-phone@proseware-cloud-platform.example"], [], [], "Reconsider Codex."),
                catalog, new HashSet<string>(StringComparer.Ordinal), proseware.AccountRepId, true, now);
            db.Amendments.Add(amendment);
            var supportCase = SupportCase.Open(litware.Id, "org-litwaresystems0000000000", DemoData.PartnerEmail, AffectedSurfaces.Api,
                """{"error":{"message":"The response was empty after 120 seconds; request_id=req_0123456789abcdef0123456789abcdef","type":"server_error"}}""",
                "req_0123456789abcdef0123456789abcdef", now.AddHours(-1), SupportCaseCategory.SlowOrEmptyResponse, Guid.Empty, now);
            db.SupportCases.Add(supportCase);
            await db.SaveChangesAsync();
            var waveOne = await db.Waves.Where(w => w.Name == "Wave 1").Select(w => w.Id).SingleAsync();
            return new Arranged(
                proseware.Id, litware.Id, organizations["Woodgrove Security"].Id, organizations["Trey Research"].Id,
                grants.First(g => g.Surface == Surface.Api).Id, waveOne, amendment.Id, supportCase.Id, webhook, secondRep);
        });
    }

    private sealed record Arranged(
        Guid Proseware, Guid Litware, Guid Woodgrove, Guid Trey, Guid ProsewareGrant, Guid WaveOne, Guid Amendment, Guid SupportCase,
        Guid Webhook, Guid SecondRep);
}
