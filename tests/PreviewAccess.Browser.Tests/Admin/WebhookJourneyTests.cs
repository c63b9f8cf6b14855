using Microsoft.Playwright;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PreviewAccess.Browser.Tests.Admin;

/// <summary>
/// An admin registers a webhook endpoint: an internal address is refused, the secret is shown once and copied with its
/// button, a test event is queued; then the endpoint is deleted, after the confirmation.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class WebhookJourneyTests(PostgresServer postgres, BrowserFixture browser, DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task An_admin_registers_an_endpoint_copies_its_secret_once_and_sends_a_test_event()
    {
        var root = await portal.StartAsync(postgres, "webhookjourney");
        await using var session = await BrowserSession.OpenAsync(browser, root);
        var page = session.Page;
        await page.GotoAsync("/Account/Login");
        await SignInForm.SignInAsync(page, DemoData.AdminEmail, DemoData.Password);

        await page.GetByRole(AriaRole.Button, new() { Name = "Admin" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Register an endpoint" }).ClickAsync();

        await page.GetByLabel("URL").FillAsync("http://169.254.169.254/latest/meta-data/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register the endpoint" }).ClickAsync();
        await Expect(page.Locator("[data-valmsg-for='Input.Url']")).ToContainTextAsync("cloud metadata");
        await Expect(page.Locator("[data-valmsg-for='Input.EventTypes']")).ToContainTextAsync("Choose at least one event.");
        await CheckAsync(page, "webhooks-1-refused");

        // A documentation-range address: public by the rules, and resolvable without DNS.
        await page.GetByLabel("URL").FillAsync("https://203.0.113.10/preview-hooks");
        await page.GetByLabel("grant.enabled").CheckAsync();
        await page.GetByLabel("grant.suspended").CheckAsync();
        await page.GetByLabel("organization.suspended").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Register the endpoint" }).ClickAsync();
        await Expect(page.GetByText("it will not be shown again")).ToBeVisibleAsync();
        var secret = await page.GetByLabel("Signing secret").InputValueAsync();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Expect(page.Locator("#copy-secret")).ToHaveTextAsync("Copied");
        await Expect(page.Locator("#copy-secret-status")).ToHaveTextAsync("Copied to the clipboard.");
        Assert.Equal(secret, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        await CheckAsync(page, "webhooks-2-secret-once");

        await page.GetByRole(AriaRole.Link, new() { Name = "I have copied it: open the endpoint" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send a test event" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("test event");
        await Expect(page.Locator("#webhook-deliveries")).ToContainTextAsync("webhook.test");
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await CheckAsync(page, "webhooks-3-details");

        await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks" }).First.ClickAsync();
        await Expect(page.Locator("#webhook-endpoints")).ToContainTextAsync("https://203.0.113.10/preview-hooks");
        await CheckAsync(page, "webhooks-4-list");

        await page.Locator("#webhook-endpoints").GetByRole(AriaRole.Link).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete the endpoint" }).ClickAsync();
        var confirmation = page.GetByRole(AriaRole.Dialog, new() { Name = "Delete the endpoint" });
        await Expect(confirmation).ToContainTextAsync("Delete the endpoint https://203.0.113.10/preview-hooks?");
        await CheckAsync(page, "webhooks-5-confirm-delete");
        await confirmation.GetByRole(AriaRole.Button, new() { Name = "Delete the endpoint" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("was deleted");
        await Expect(page.Locator("#webhook-endpoints")).Not.ToContainTextAsync("https://203.0.113.10/preview-hooks");
        session.AssertNothingBroke();
    }

    private static async Task CheckAsync(IPage page, string name)
    {
        await Screenshots.SaveAsync(page, name);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
