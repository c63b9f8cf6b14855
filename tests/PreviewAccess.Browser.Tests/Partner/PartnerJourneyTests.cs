using Microsoft.Playwright;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Status;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;
using PreviewAccess.Web.Tests.Partner;
using static Microsoft.Playwright.Assertions;

namespace PreviewAccess.Browser.Tests.Partner;

/// <summary>
/// Issue #4, the whole partner journey: the mailed link, accepting the invitation, enrolling, waiting under review,
/// an API approval that is not yet access, and the "why" page saying so.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class PartnerJourneyTests(PostgresServer postgres, BrowserFixture browser, DemoPortal portal) : IClassFixture<DemoPortal>
{
    private const string Password = "a long partner passphrase";

    [Fact]
    public async Task A_new_partner_accepts_enrolls_waits_and_learns_why_an_approval_is_not_yet_access()
    {
        var app = await portal.StartAppAsync(postgres, "partnerjourney");
        var data = new TestData(app);
        var invited = await data.InvitedAsync();
        var organization = invited.Organization;
        var apiOrganizationId = TestData.NewApiOrganizationId();

        await using var session = await BrowserSession.OpenAsync(browser, app.RootUri);
        var page = session.Page;

        // The mailed link.
        await page.GotoAsync("/invitations/accept?token=" + Uri.EscapeDataString(invited.Token));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Accept your invitation", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText(organization.Name).First).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Email you will sign in with")).ToHaveValueAsync(organization.ContactEmail);
        await page.GetByLabel("Your name").FillAsync("Pat Partner");
        await page.GetByLabel("Choose a password").FillAsync(Password);
        await page.GetByLabel("The same password again").FillAsync(Password);
        await CheckAsync(page, "partner-journey-1-accept");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept the invitation and create my account" }).ClickAsync();

        // Enrollment.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Partner/Enrollment"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Enrollment", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Legal name").FillAsync(organization.Name + " Inc.");
        await page.GetByLabel("Country", new() { Exact = true }).FillAsync("US");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "The OpenAI API" }).CheckAsync();
        await page.GetByLabel("API organization IDs, row 1").FillAsync(apiOrganizationId);
        await page.GetByLabel("Account emails to approve, row 1").FillAsync(organization.ContactEmail);
        await page.GetByLabel("How your organization intends to use GPT-5.6").FillAsync("Internal engineering tools: code review and test generation.");
        await page.GetByRole(AriaRole.Radio, new() { Name = "No", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "I accept the preview terms" }).CheckAsync();
        await CheckAsync(page, "partner-journey-2-enrollment");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit the enrollment" }).ClickAsync();

        // Under review: nothing says access is active.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Partner/Status"));
        var api = page.Locator("#surface-api");
        await Expect(page.GetByText("Enrolled — under review")).ToBeVisibleAsync();
        await Expect(api.Locator("[data-surface-headline]")).ToHaveTextAsync("Under review");
        await Expect(api.Locator($"tr[data-identifier='{apiOrganizationId}']")).ToHaveAttributeAsync("data-enabled", "false");
        await Expect(page.Locator("#not-active-note")).ToContainTextAsync(PartnerStatus.EnrollmentIsNotAccess);
        await Expect(page.Locator("[data-enabled='true']")).ToHaveCountAsync(0);
        await CheckAsync(page, "partner-journey-3-status-under-review");

        // A reviewer approves the API, through the domain and the portal's own DbContext.
        var enrolled = organization with { ApiIds = [apiOrganizationId], AccountEmails = [organization.ContactEmail] };
        await data.ApproveAsync(enrolled, Surface.Api);

        await page.ReloadAsync();
        await Expect(api.Locator("[data-surface-headline]")).ToHaveTextAsync("Approved — not yet enabled");
        await Expect(api.Locator($"tr[data-identifier='{apiOrganizationId}']")).ToHaveAttributeAsync("data-enabled", "false");
        await Expect(page.Locator("#not-active-note")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-enabled='true']")).ToHaveCountAsync(0);
        await CheckAsync(page, "partner-journey-4-status-approved");

        // Why can't I use it yet?
        await api.GetByRole(AriaRole.Link, new() { Name = "Check this API organization ID" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Why can't I access GPT-5.6?", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("API organization ID or Codex workspace ID")).ToHaveValueAsync(apiOrganizationId);
        await Expect(page.GetByLabel("Account email you sign in with")).ToHaveValueAsync(organization.ContactEmail);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check", Exact = true }).ClickAsync();
        var answer = page.Locator("#why-result");
        await Expect(answer).ToHaveAttributeAsync("data-reason", "NotYetEnabled");
        await Expect(answer.Locator("#why-notice")).ToContainTextAsync(NoticeWords.RollingBasis);
        await Expect(answer).Not.ToContainTextAsync("Access is enabled for this combination");
        await CheckAsync(page, "partner-journey-5-why");
        session.AssertNothingBroke();
    }

    private static async Task CheckAsync(IPage page, string name)
    {
        await Screenshots.SaveAsync(page, name);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
