using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PreviewAccess.Browser.Tests.Admin;

/// <summary>
/// A destructive action asks first, in the page's one dialog, what will happen: cancelling (the button, or Escape) sends
/// nothing and changes nothing; confirming sends the form as it was.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class ConfirmationJourneyTests(PostgresServer postgres, BrowserFixture browser, DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task Disabling_a_staff_account_is_confirmed_first_cancelling_changes_nothing_and_confirming_disables_it()
    {
        var app = await portal.StartAppAsync(postgres, "confirmjourney");
        var staff = await new TestData(app).UserAsync(Roles.Support, displayName: "Dana Desk");
        await using var session = await BrowserSession.OpenAsync(browser, app.RootUri);
        var page = session.Page;
        await page.GotoAsync("/Account/Login");
        await SignInForm.SignInAsync(page, DemoData.AdminEmail, DemoData.Password);
        await page.GotoAsync($"/Admin/Staff/Edit/{staff.Id}");
        var disable = page.GetByRole(AriaRole.Button, new() { Name = "Disable the account" });

        await disable.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Disable the account" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("Disable the account of Dana Desk");
        await Expect(dialog).ToContainTextAsync("every session they have ends at once");
        // The safer choice has the focus.
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true })).ToBeFocusedAsync();
        await Screenshots.SaveAsync(page, "confirm-1-dialog");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(disable).ToBeFocusedAsync();
        await disable.ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
        await page.ReloadAsync();
        await Expect(page.GetByText("Disabling the account stops it signing in")).ToBeVisibleAsync();
        Assert.False(await IsDisabledAsync(app, staff.Id));

        await disable.ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Disable the account", Exact = true }).ClickAsync();
        await Expect(page.GetByText("The account is disabled: it cannot sign in.")).ToBeVisibleAsync();
        Assert.True(await IsDisabledAsync(app, staff.Id));
        session.AssertNothingBroke();
    }

    private static Task<bool> IsDisabledAsync(PortalApp app, Guid userId) =>
        app.ReadAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.IsDisabled).SingleAsync());
}
