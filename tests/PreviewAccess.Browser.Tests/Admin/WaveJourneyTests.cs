using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Data;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PreviewAccess.Browser.Tests.Admin;

/// <summary>
/// Rolling enablement (issue #6): a representative plans a wave, places the demo's approved grants in it — ticked one by
/// one, then every match of a filter — opens it, and watches the portal's own enablement worker turn them Enabled, while
/// the one grant held back by the government gate stays scheduled, listed with the way to clear it.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed partial class WaveJourneyTests(PostgresServer postgres, BrowserFixture browser, DemoPortal portal) : IClassFixture<DemoPortal>
{
    private const string WaveName = "Wave 3 — Europe";

    [Fact]
    public async Task A_representative_plans_fills_and_opens_a_wave_and_watches_its_grants_become_enabled()
    {
        var app = await portal.StartAppAsync(postgres, "wavejourney");
        await using var session = await BrowserSession.OpenAsync(browser, app.RootUri);
        var page = session.Page;
        await SignInForm.SignInAsync(page, DemoData.RepEmail, DemoData.Password);

        // The list, from the navigation.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Waves", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rollout waves", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#waves")).ToContainTextAsync("Wave 1");
        await CheckAsync(page, "wave-1-list");

        // Plan: first with a mistake, then right.
        await page.GetByRole(AriaRole.Link, new() { Name = "Plan a wave" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Plan a wave", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Name").FillAsync(WaveName);
        await page.GetByLabel("Opens at (UTC)").FillAsync("2099-12-03T09:00");
        await page.GetByLabel("Capacity (grants)").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Plan the wave" }).ClickAsync();
        // The message sits under the field, which is marked invalid, and the summary above the form links to it.
        await Expect(page.Locator("#Input_Capacity-error")).ToHaveTextAsync("The capacity is between 1 and 100,000 grants.");
        await Expect(page.GetByLabel("Capacity (grants)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "The capacity is between 1 and 100,000 grants." })).ToHaveAttributeAsync("href", "#Input_Capacity");
        await CheckAsync(page, "wave-2-plan-error");
        await page.GetByLabel("Capacity (grants)").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Plan the wave" }).ClickAsync();

        // The wave's page: planned, nothing in it yet.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = WaveName, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText($"{WaveName} was planned")).ToBeVisibleAsync();
        await Expect(page.Locator("#wave-state")).ToContainTextAsync("Planned");
        var waveId = Guid.Parse(WaveIdInUrl().Match(page.Url).Groups[1].Value);
        await CheckAsync(page, "wave-3-planned");

        // One by one: both grants of Alpine Ski House.
        var assignable = page.Locator("#assignable");
        await assignable.GetByRole(AriaRole.Checkbox, new() { Name = "Select the API grant of Alpine Ski House" }).CheckAsync();
        await assignable.GetByRole(AriaRole.Checkbox, new() { Name = "Select the Codex grant of Alpine Ski House" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign the selected grants" }).ClickAsync();
        await Expect(page.GetByText($"2 grants placed in {WaveName}")).ToBeVisibleAsync();
        await Expect(page.Locator("#wave-facts")).ToContainTextAsync("2 of 10");

        // Ravi's grants are his to place: Rosa sees them, but cannot tick them or assign them all.
        await page.GetByLabel("Account representative").SelectOptionAsync(new SelectOptionValue { Label = "Ravi Rep (rep2@previewaccess.example)" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.Locator("#assignable tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#assignable")).ToContainTextAsync("Relecloud");
        await Expect(page.Locator("#assignable").GetByRole(AriaRole.Checkbox)).ToHaveCountAsync(0);
        await Expect(page.Locator("#assign-matching-hint")).ToBeVisibleAsync();
        await Expect(page.Locator("#none-yours")).ToBeVisibleAsync();
        await CheckAsync(page, "wave-4-filtered");
        // Every match of a filter: hers in Great Britain (held back by the government gate).
        await page.GetByRole(AriaRole.Link, new() { Name = "Clear" }).ClickAsync();
        await page.GetByLabel("Country").SelectOptionAsync("GB");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.Locator("#assignable")).ToContainTextAsync("Government coordination not recorded");
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign all 1 matching" }).ClickAsync();
        await Expect(page.Locator("#wave-facts")).ToContainTextAsync("3 of 10");
        await Expect(page.GetByLabel("Country")).ToHaveValueAsync("GB");
        await Expect(page.Locator("#blocked-grants")).ToContainTextAsync("Bellows College");
        await CheckAsync(page, "wave-5-filled");

        // Open it now: the portal's worker enables the grants whose gates are open; the page shows it on refresh.
        await page.GetByRole(AriaRole.Button, new() { Name = "Open now" }).ClickAsync();
        await Expect(page.GetByText($"{WaveName} is open")).ToBeVisibleAsync();
        var legend = page.Locator("#progress-legend");
        for (var attempt = 0; attempt < 40 && !(await legend.TextContentAsync() ?? string.Empty).Contains("Enabled: 2", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(500);
            await page.GetByRole(AriaRole.Link, new() { Name = "Refresh progress" }).ClickAsync();
        }

        await Expect(legend).ToContainTextAsync("Enabled: 2");
        await Expect(legend).ToContainTextAsync("Scheduled — waiting: 1");
        await Expect(page.Locator("#progress-chart rect.series-enabled").First).ToBeVisibleAsync();
        var blocked = page.Locator("#blocked-grants tbody tr");
        await Expect(blocked).ToHaveCountAsync(1);
        await Expect(blocked).ToContainTextAsync("Government coordination not recorded");
        await Expect(blocked.GetByRole(AriaRole.Link, new() { Name = "see Bellows College" })).ToBeVisibleAsync();
        await CheckAsync(page, "wave-6-enabled");

        // Pause, from the same page.
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(page.Locator("#wave-state")).ToContainTextAsync("Paused");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resume" })).ToBeVisibleAsync();
        await CheckAsync(page, "wave-7-paused");

        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var statuses = await db.Grants.AsNoTracking().Where(g => g.WaveId == waveId).Select(g => g.Status).ToListAsync();
            Assert.Equal(2, statuses.Count(s => s == GrantStatus.Enabled));
            Assert.Equal(1, statuses.Count(s => s == GrantStatus.Scheduled));
        }

        session.AssertNothingBroke();
    }

    private static async Task CheckAsync(IPage page, string name)
    {
        await Screenshots.SaveAsync(page, name);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }

    [GeneratedRegex(@"/Admin/Waves/Details/([0-9a-fA-F-]{36})")]
    private static partial Regex WaveIdInUrl();
}
