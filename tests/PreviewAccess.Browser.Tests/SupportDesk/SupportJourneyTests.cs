using Microsoft.Playwright;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PreviewAccess.Browser.Tests.SupportDesk;

/// <summary>A support agent answers "why can't I access it?": find the organization, read its scope, run the diagnosis.</summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class SupportJourneyTests(PostgresServer postgres, BrowserFixture browser, DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task Support_finds_an_organization_reads_its_scope_and_diagnoses_a_ticket()
    {
        var root = await portal.StartAsync(postgres, "supportjourney");
        await using var session = await BrowserSession.OpenAsync(browser, root);
        var page = session.Page;
        await page.GotoAsync("/Account/Login");
        await SignInForm.SignInAsync(page, DemoData.SupportEmail, DemoData.Password);

        await page.GetByRole(AriaRole.Link, new() { Name = "Support desk" }).ClickAsync();
        await page.GetByLabel("Find an organization").FillAsync("Litware");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await CheckAsync(page, "support-1-lookup");

        await page.GetByRole(AriaRole.Link, new() { Name = "Litware Systems" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Litware Systems", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Wave 2")).ToBeVisibleAsync();
        await CheckAsync(page, "support-2-scope");

        await page.GetByRole(AriaRole.Link, new() { Name = "Diagnose an access problem" }).ClickAsync();
        await page.GetByLabel("Account email").FillAsync(DemoData.PartnerEmail);
        await page.GetByRole(AriaRole.Button, new() { Name = "Diagnose" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Denied — NotYetEnabled" })).ToContainTextAsync("rolling basis");
        await CheckAsync(page, "support-3-diagnosis");
        session.AssertNothingBroke();
    }

    private static async Task CheckAsync(IPage page, string name)
    {
        await Screenshots.SaveAsync(page, name);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
