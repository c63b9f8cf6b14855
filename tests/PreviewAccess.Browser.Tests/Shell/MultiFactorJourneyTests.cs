using Microsoft.Playwright;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PreviewAccess.Browser.Tests.Shell;

/// <summary>
/// A new admin's first sign-in with the second factor required: the enrolment page, an authenticator code computed here
/// from the key on the page, the recovery codes; then signing in with a code, with a recovery code (once), and with a
/// passkey held by Chromium's virtual authenticator.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class MultiFactorJourneyTests(PostgresServer postgres, BrowserFixture browser, DemoPortal portal) : IClassFixture<DemoPortal>
{
    private static readonly Dictionary<string, string?> Required = new() { ["Security:RequireStaffMultiFactor"] = "true" };

    [Fact]
    public async Task An_admin_enrols_an_authenticator_app_signs_in_with_a_code_and_uses_a_recovery_code_once()
    {
        await using var session = await OpenAsync();
        var page = session.Page;

        await SignInForm.SignInAsync(page, DemoData.AdminEmail, DemoData.Password);
        await page.GotoAsync("/Admin");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set up two-factor authentication" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code that adds your PreviewAccess account to an authenticator app" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "mfa-1-enrol");
        await page.SetViewportSizeAsync(390, 844);
        await Screenshots.SaveAsync(page, "mfa-1-enrol-390");
        await page.SetViewportSizeAsync(1280, 800);
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        var key = (await page.Locator("#shared-key").TextContentAsync())!;
        // Each code is good once: the previous step's (still accepted) turns the app on, the current one signs in below.
        await page.GetByLabel("Code from your app").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(-30)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your recovery codes" })).ToBeVisibleAsync();
        var codes = await page.Locator("#recovery-codes code").AllTextContentsAsync();
        Assert.Equal(10, codes.Count);
        await Screenshots.SaveAsync(page, "mfa-2-recovery-codes");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "I have saved them — continue" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(page.Url).GetLeftPart(UriPartial.Authority) + "/Admin");

        // Signing in again: the password, then a code from the app.
        await SignOutAsync(page);
        await SignInForm.SignInAsync(page, DemoData.AdminEmail, DemoData.Password);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-factor authentication" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "mfa-3-code");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GetByLabel("Authentication code").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Admin$"));

        // A recovery code instead of the app: it works once.
        await SignOutAsync(page);
        await SignInWithRecoveryCodeAsync(page, codes[0]);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Admin$"));
        await SignOutAsync(page);
        await SignInWithRecoveryCodeAsync(page, codes[0]);
        await Expect(page.GetByText("That recovery code is not right, or it has been used.")).ToBeVisibleAsync();
        session.AssertNothingBroke();
    }

    [Fact]
    public async Task A_support_user_adds_a_passkey_and_signs_in_with_it_alone()
    {
        // WebAuthn refuses an IP address as the site's identity: this browser uses the portal's name, localhost.
        var root = await portal.StartAsync(postgres, "browser_mfa", Required);
        var byName = new UriBuilder(root) { Host = "localhost" }.Uri;
        await using var session = await BrowserSession.OpenAsync(browser, byName);
        var page = session.Page;
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });

        await SignInForm.SignInAsync(page, DemoData.SupportEmail, DemoData.Password);
        await page.GotoAsync("/Support");
        var key = (await page.Locator("#shared-key").TextContentAsync())!;
        await page.GetByLabel("Code from your app").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "I have saved them — continue" }).ClickAsync();

        await page.GotoAsync("/Account/Manage/Passkeys");
        await page.GetByLabel("Name (optional)").FillAsync("Test laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Expect(page.Locator("main .alert-success")).ToContainTextAsync("The passkey “Test laptop” was added.");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Test laptop", Exact = true })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "mfa-4-passkeys");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await SignOutAsync(page);
        await page.GotoAsync("/Account/LoginWithPasskey?ReturnUrl=%2FSupport");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        // The passkey counts as the second factor: the support desk opens without the app's code.
        await Expect(page).ToHaveURLAsync(byName.GetLeftPart(UriPartial.Authority) + "/Support");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).Not.ToHaveTextAsync("Set up two-factor authentication");
        session.AssertNothingBroke();
    }

    private async Task<BrowserSession> OpenAsync() => await BrowserSession.OpenAsync(browser, await portal.StartAsync(postgres, "browser_mfa", Required));

    private static async Task SignInWithRecoveryCodeAsync(IPage page, string code)
    {
        await SignInForm.SignInAsync(page, DemoData.AdminEmail, DemoData.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Use a recovery code" }).ClickAsync();
        await page.GetByLabel("Recovery code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByText("You are signed out.")).ToBeVisibleAsync();
    }
}
