using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PreviewAccess.Browser.Tests.Shell;

/// <summary>
/// A person's own account in a real browser, wide and phone-sized: their name leads to "Your account" (sessions,
/// keys, password), a forgotten password is replaced from its link, and a throttled sign-in says when to try again.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class AccountPagesBrowserTests(PostgresServer postgres, BrowserFixture browser, DemoPortal portal) : IClassFixture<DemoPortal>
{
    private const string DatabasePrefix = "browser_account";

    [Fact]
    public async Task A_representative_finds_their_sessions_keys_and_password_behind_their_name()
    {
        await using var session = await BrowserSession.OpenAsync(browser, await portal.StartAsync(postgres, DatabasePrefix));
        var page = session.Page;
        await SignInForm.SignInAsync(page, DemoData.RepEmail, DemoData.Password);

        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Your account: Rosa Rep" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your account", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#sessions tbody tr")).ToContainTextAsync("This browser");
        await Expect(page.Locator("#api-keys")).ToContainTextAsync("You have no API keys.");
        await CheckAtBothWidthsAsync(page, "account-1-your-account");

        await page.GetByRole(AriaRole.Link, new() { Name = "Change your password" }).ClickAsync();
        await page.GetByLabel("Current password").FillAsync("not-my-password");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("a-brand-new-passphrase");
        await page.GetByLabel("The new password again").FillAsync("a-brand-new-passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the password" }).ClickAsync();
        await Expect(page.GetByText("This is not your current password.")).ToBeVisibleAsync();
        await CheckAtBothWidthsAsync(page, "account-2-change-password");
        session.AssertNothingBroke();
    }

    [Fact]
    public async Task A_forgotten_password_is_asked_for_and_chosen_from_the_link()
    {
        var app = await portal.StartAppAsync(postgres, DatabasePrefix);
        await using var session = await BrowserSession.OpenAsync(browser, app.RootUri);
        var page = session.Page;

        await page.GotoAsync("/Account/Login");
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Forgot your password?", Level = 1 })).ToBeVisibleAsync();
        await CheckAtBothWidthsAsync(page, "account-3-forgot-password");
        await page.GetByLabel("Email").FillAsync(DemoData.SupportEmail);
        await page.GetByRole(AriaRole.Button, new() { Name = "Mail me a link" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"If an account uses {DemoData.SupportEmail}");
        await CheckAtBothWidthsAsync(page, "account-4-link-on-its-way");

        await page.GotoAsync("/Account/ResetPassword?user=0196a3f0b6f27c3e8a4b2d1c0e9f8a7b&token=spent");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This link has expired or was already used.");
        await CheckAtBothWidthsAsync(page, "account-5-dead-link");

        await page.GotoAsync(await ResetLinkAsync(app, DemoData.SupportEmail));
        await page.GetByLabel("New password").FillAsync("sams-own-passphrase");
        await page.GetByLabel("The same password again").FillAsync("sams-own-passphrase");
        await CheckAtBothWidthsAsync(page, "account-6-choose-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your password was changed. Sign in with the new one.");
        await SignInForm.SubmitAsync(page, DemoData.SupportEmail, "sams-own-passphrase");
        await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync("Sam Support");
        session.AssertNothingBroke();
    }

    [Fact]
    public async Task Too_many_failures_for_one_account_get_a_page_that_says_when_to_try_again()
    {
        await using var session = await BrowserSession.OpenAsync(browser, await portal.StartAsync(postgres, DatabasePrefix));
        var page = session.Page;
        await page.GotoAsync("/Account/Login");
        for (var attempt = 0; attempt < 10; attempt++) await SignInForm.SubmitAsync(page, DemoData.SecondRepEmail, "wrong-password-" + attempt);

        await page.GetByLabel("Email").FillAsync(DemoData.SecondRepEmail);
        await page.GetByLabel("Password").FillAsync(DemoData.Password);
        var throttled = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync(),
            response => response.Request.IsNavigationRequest && response.Request.Method == "POST");
        Assert.Equal(429, throttled.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Too many failed sign-ins from your network. Try again in 15 minute(s)");
        await CheckAtBothWidthsAsync(page, "account-7-throttled");
    }

    [Fact]
    public async Task An_admin_can_let_a_new_staff_user_set_their_password_by_mail()
    {
        await using var session = await BrowserSession.OpenAsync(browser, await portal.StartAsync(postgres, DatabasePrefix));
        var page = session.Page;
        await SignInForm.SignInAsync(page, DemoData.AdminEmail, DemoData.Password);
        await page.GotoAsync("/Admin/Staff/Create");
        await page.GetByLabel("Email").FillAsync("dana.desk@previewaccess.example");
        await page.GetByLabel("Name").FillAsync("Dana Desk");
        await page.GetByLabel("Role").SelectOptionAsync("Support");
        await page.GetByLabel("Let them set their password by mail").CheckAsync();
        await CheckAtBothWidthsAsync(page, "account-8-staff-by-mail");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("A link to choose a password is on its way to dana.desk@previewaccess.example");
        session.AssertNothingBroke();
    }

    private static async Task<string> ResetLinkAsync(Web.Tests.Hosting.PortalApp app, string email)
    {
        await using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return $"/Account/ResetPassword?user={user.Id:N}&token={WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token))}";
    }

    /// <summary>Screenshots at 1280 and 390 px wide, each checked with axe-core; the page is left at 1280.</summary>
    private static async Task CheckAtBothWidthsAsync(IPage page, string name)
    {
        foreach (var (width, height) in new[] { (390, 844), (1280, 800) })
        {
            await page.SetViewportSizeAsync(width, height);
            await Screenshots.SaveAsync(page, $"{name}-{width}");
            await Accessibility.AssertNoSeriousViolationsAsync(page);
        }
    }
}
