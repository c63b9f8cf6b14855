using Microsoft.Playwright;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PreviewAccess.Browser.Tests.Shell;

[Collection(BrowserCollectionDefinition.Name)]
public sealed class ErrorPageTests(PostgresServer postgres, BrowserFixture browser, DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task A_missing_page_answers_404_with_a_friendly_page_that_leads_back_home()
    {
        await using var session = await BrowserSession.OpenAsync(browser, await portal.StartAsync(postgres, "browser_error_pages"));
        var page = session.Page;

        var response = await page.GotoAsync("/no-such-page");

        Assert.NotNull(response);
        Assert.Equal(404, response.Status);
        await Expect(page).ToHaveTitleAsync("Page not found · PreviewAccess");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("There is no page at this address.");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "not-found");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the start page" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "GPT-5.6 preview program", Level = 1 })).ToBeVisibleAsync();
        session.AssertNothingBroke();
    }
}
