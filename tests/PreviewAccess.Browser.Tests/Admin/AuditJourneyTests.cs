using Microsoft.Playwright;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PreviewAccess.Browser.Tests.Admin;

/// <summary>An admin checks the audit log: the chain is intact, the key's whereabouts are explained, and the head is sealed on demand.</summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class AuditJourneyTests(PostgresServer postgres, BrowserFixture browser, DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task An_admin_sees_the_chain_intact_and_writes_a_checkpoint()
    {
        var root = await portal.StartAsync(postgres, "auditjourney");
        await using var session = await BrowserSession.OpenAsync(browser, root);
        var page = session.Page;
        await page.GotoAsync("/Account/Login");
        await SignInForm.SignInAsync(page, DemoData.AdminEmail, DemoData.Password);

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Expect(page.Locator("#chain-status")).ToContainTextAsync("Chain intact");
        await Expect(page.Locator("#last-checkpoint")).ToContainTextAsync("No checkpoint yet");
        await Expect(page.Locator("#chain-key-notice")).ToContainTextAsync("Audit:ChainKey");

        await page.GetByRole(AriaRole.Button, new() { Name = "Write a checkpoint now" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Checkpoint written");
        await Expect(page.Locator("#last-checkpoint")).ToContainTextAsync("by " + DemoData.AdminEmail);
        await Screenshots.SaveAsync(page, "audit-1-checkpoint");
        // The log runs long: the top of the page (status, checkpoint, notice) as a person first sees it, too.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots.Directory, "audit-1-checkpoint-top.png") });
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await page.SetViewportSizeAsync(390, 844);
        await Screenshots.SaveAsync(page, "audit-2-checkpoint-narrow");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots.Directory, "audit-2-checkpoint-narrow-top.png") });
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        session.AssertNothingBroke();
    }
}
