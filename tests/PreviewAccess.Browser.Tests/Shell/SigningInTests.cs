using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PreviewAccess.Browser.Tests.Shell;

/// <summary>
/// Each demo person walks the portal as they would: the landing page, the sign-in form, their home,
/// "About" (the preview), and out again. Every page is screenshotted and checked with axe-core on the way.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed partial class SigningInTests(PostgresServer postgres, BrowserFixture browser, DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Theory]
    [InlineData(DemoData.AdminEmail, "Ada Admin", "Admin", "/Admin")]
    [InlineData(DemoData.RepEmail, "Rosa Rep", "Account representative", "/Admin")]
    [InlineData(DemoData.SupportEmail, "Sam Support", "Support", "/Support")]
    public async Task Each_staff_role_can_sign_in_and_sees_the_program_at_a_glance(string email, string displayName, string roleBadge, string home)
    {
        var shots = ShotPrefix(email);
        await using var session = await OpenAsync();
        var page = session.Page;

        await SignInFromTheLandingPageAsync(page, email, home, shots);
        await ExpectSignedInAsync(page, displayName, roleBadge);

        var glance = page.GetByRole(AriaRole.Region, new() { Name = "Program at a glance" });
        await Expect(glance).ToBeVisibleAsync();
        Assert.True(await SumOfLastColumnAsync(glance.GetByRole(AriaRole.Table, new() { Name = "Organizations by status" })) > 0,
            "The demo organizations are counted in 'Organizations by status'.");
        Assert.True(await SumOfLastColumnAsync(glance.GetByRole(AriaRole.Table, new() { Name = "Grants by surface and status" })) > 0,
            "The demo grants are counted in 'Grants by surface and status'.");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Litware Systems" })).ToHaveCountAsync(0);
        await CheckAsync(page, $"{shots}-3-home");

        await VisitAboutThePreviewAsync(page, displayName, shots);
        await SignOutAsync(page, displayName, shots);
        session.AssertNothingBroke();
    }

    [Fact]
    public async Task The_partner_can_sign_in_and_sees_their_organization_and_that_enrollment_is_not_access()
    {
        var shots = ShotPrefix(DemoData.PartnerEmail);
        await using var session = await OpenAsync();
        var page = session.Page;

        await SignInFromTheLandingPageAsync(page, DemoData.PartnerEmail, "/Partner/Status", shots);
        await ExpectSignedInAsync(page, "Pat Partner", "Partner");

        var organization = page.GetByRole(AriaRole.Region, new() { Name = "Litware Systems" });
        await Expect(organization).ToBeVisibleAsync();
        await Expect(organization).ToContainTextAsync("Completing enrollment does not make access active.");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Program at a glance" })).ToHaveCountAsync(0);
        await CheckAsync(page, $"{shots}-3-home");

        await VisitAboutThePreviewAsync(page, "Pat Partner", shots);
        await SignOutAsync(page, "Pat Partner", shots);
        session.AssertNothingBroke();
    }

    [Fact]
    public async Task A_wrong_password_shows_the_error_on_the_sign_in_page()
    {
        await using var session = await OpenAsync();
        var page = session.Page;

        await SignInForm.SignInAsync(page, DemoData.SupportEmail, "not-the-demo-password");

        await Expect(page).ToHaveURLAsync(LoginPath());
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The email or password is not correct.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Email")).ToHaveValueAsync(DemoData.SupportEmail);
        await Expect(page.GetByRole(AriaRole.Banner)).Not.ToContainTextAsync("Sam Support");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToHaveCountAsync(0);
        await CheckAsync(page, "wrong-password");
        session.AssertNothingBroke();
    }

    private async Task<BrowserSession> OpenAsync() =>
        await BrowserSession.OpenAsync(browser, await portal.StartAsync(postgres, "browser_signing_in"));

    /// <summary>Signs in from the start page, lands on the role's <paramref name="home"/>, and goes back to the start page.</summary>
    private static async Task SignInFromTheLandingPageAsync(IPage page, string email, string home, string shots)
    {
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "GPT-5.6 preview program", Level = 1 })).ToBeVisibleAsync();
        await CheckAsync(page, $"{shots}-1-landing");

        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(LoginPath());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        await CheckAsync(page, $"{shots}-2-login");

        await SignInForm.SubmitAsync(page, email, DemoData.Password);
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(home) + "$"));
        await page.GotoAsync("/");
    }

    private static async Task ExpectSignedInAsync(IPage page, string displayName, string roleBadge)
    {
        var banner = page.GetByRole(AriaRole.Banner);
        await Expect(banner).ToContainTextAsync(displayName);
        await Expect(banner.Locator(".badge")).ToHaveTextAsync(roleBadge);
        await Expect(banner.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    private static async Task VisitAboutThePreviewAsync(IPage page, string displayName, string shots)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "About", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Program$", RegexOptions.IgnoreCase));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "About the GPT-5.6 preview", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync(displayName);
        await CheckAsync(page, $"{shots}-4-about-the-preview");
    }

    private static async Task SignOutAsync(IPage page, string displayName, string shots)
    {
        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(HomePath());
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You are signed out.");
        var banner = page.GetByRole(AriaRole.Banner);
        await Expect(banner.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(banner).Not.ToContainTextAsync(displayName);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Program at a glance" })).ToHaveCountAsync(0);
        await CheckAsync(page, $"{shots}-5-signed-out");
    }

    /// <summary>Screenshot first, so that a page failing the accessibility check can still be looked at.</summary>
    private static async Task CheckAsync(IPage page, string screenshotName)
    {
        await Screenshots.SaveAsync(page, screenshotName);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }

    private static async Task<int> SumOfLastColumnAsync(ILocator table)
    {
        await Expect(table).ToBeVisibleAsync();
        var cells = await table.Locator("tbody tr td:last-child").AllInnerTextsAsync();
        return cells.Sum(text => int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0);
    }

    private static string ShotPrefix(string email) => email[..email.IndexOf('@', StringComparison.Ordinal)];

    [GeneratedRegex("/Account/Login(\\?.*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex LoginPath();

    [GeneratedRegex("^https?://[^/]+/(\\?.*)?$")]
    private static partial Regex HomePath();
}
