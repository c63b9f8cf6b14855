using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PreviewAccess.Browser.Tests.SupportDesk;

/// <summary>A lookup with a control character in it is answered with the reason under the search box, not with results.</summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class RefusedSearchBrowserTests(PostgresServer postgres, BrowserFixture browser, DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task A_lookup_with_a_control_character_shows_the_reason_under_the_search_box_at_every_width()
    {
        var root = await portal.StartAsync(postgres, "refusedsearch");
        await using var session = await BrowserSession.OpenAsync(browser, root);
        var page = session.Page;
        await page.GotoAsync("/Account/Login");
        await SignInForm.SignInAsync(page, DemoData.SupportEmail, DemoData.Password);

        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.GotoAsync("/Support?q=Litware%01");
            await Expect(page.Locator("[data-valmsg-for='Q']")).ToHaveTextAsync("Remove the invisible control character U+0001 from this text.");
            await Expect(page.Locator("#results")).ToHaveCountAsync(0);
            await Screenshots.SaveAsync(page, $"support-refused-search-{width}");
            await Accessibility.AssertNoSeriousViolationsAsync(page);
        }

        session.AssertNothingBroke();
    }
}
