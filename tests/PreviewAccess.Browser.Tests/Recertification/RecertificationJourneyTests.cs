using System.Globalization;
using Microsoft.Playwright;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Infrastructure;
using PreviewAccess.Web.Tests.Recertification;
using static Microsoft.Playwright.Assertions;

namespace PreviewAccess.Browser.Tests.Recertification;

/// <summary>A representative re-certifies grants that expire soon and revokes one that has run its course.</summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class RecertificationJourneyTests(PostgresServer postgres, BrowserFixture browser, DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task A_representative_re_certifies_and_revokes_from_the_list()
    {
        var app = await portal.StartAppAsync(postgres, "recertjourney");
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var soon = await app.EnabledGrantAsync(today.AddDays(9), now.AddDays(-40), name: "Northwind Research");
        var later = await app.EnabledGrantAsync(today.AddDays(21), now.AddDays(-40), name: "Fabrikam Labs");
        var old = await app.EnabledGrantAsync(null, now.AddDays(-130), name: "Adventure Works");
        await using var session = await BrowserSession.OpenAsync(browser, app.RootUri);
        var page = session.Page;
        await page.GotoAsync("/Account/Login");
        await SignInForm.SignInAsync(page, DemoData.RepEmail, DemoData.Password);

        await page.GetByRole(AriaRole.Link, new() { Name = "Re-certification" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Re-certification", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#grants tbody tr")).ToHaveCountAsync(3);
        await CheckAsync(page, "recertification-1-list");

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke chosen grants" }).ClickAsync();
        await Expect(page.Locator("[data-valmsg-for='Input.Grants']")).ToHaveTextAsync("Choose at least one grant.");
        await Expect(page.Locator("[data-valmsg-for='Input.Reason']")).ToHaveTextAsync("Give a reason.");
        await CheckAsync(page, "recertification-2-errors");

        await page.GetByLabel($"Choose the API grant for {soon.Identifier} of {soon.OrganizationName}").CheckAsync();
        await page.GetByLabel($"Choose the API grant for {later.Identifier} of {later.OrganizationName}").CheckAsync();
        await page.GetByLabel("Re-certify until").FillAsync(today.AddDays(120).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Re-certify chosen grants" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("2 grants were re-certified");

        await page.GetByLabel($"Choose the API grant for {old.Identifier} of {old.OrganizationName}").CheckAsync();
        await page.GetByLabel("Reason for revoking").FillAsync("The evaluation ended.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke chosen grants" }).ClickAsync();
        // Asked first, with the number chosen (nothing chosen above, nothing was asked: the page said so instead).
        var confirmation = page.GetByRole(AriaRole.Dialog, new() { Name = "Revoke the grants" });
        await Expect(confirmation).ToContainTextAsync("Revoke the 1 chosen grants?");
        await confirmation.GetByRole(AriaRole.Button, new() { Name = "Revoke the grants" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 grant was revoked");
        await Expect(page.Locator("#nothing-to-recertify")).ToBeVisibleAsync();
        await CheckAsync(page, "recertification-3-done");
        session.AssertNothingBroke();
    }

    private static async Task CheckAsync(IPage page, string name)
    {
        await Screenshots.SaveAsync(page, name);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
