using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;
using PreviewAccess.Web.Tests.Members;
using PreviewAccess.Web.Tests.Partner;
using static Microsoft.Playwright.Assertions;

namespace PreviewAccess.Browser.Tests.SupportDesk;

/// <summary>
/// Issue 16, item 3, in two browsers: a partner opens a technical case, support takes it in one click, notes something
/// for the desk alone and answers; the partner reads the answer (never the note) and replies; support resolves it.
/// Each public reply is mailed to the other side. Screenshots of both case pages at 1280 and 390 px.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class SupportConversationJourneyTests(PostgresServer postgres, BrowserFixture browser, DemoPortal portal) : IClassFixture<DemoPortal>
{
    private const string InternalNote = "INTERNAL-ONLY: their key looks shared with another team.";

    [Fact]
    public async Task A_case_is_answered_by_support_replied_to_by_the_partner_and_resolved()
    {
        var app = await portal.StartAppAsync(postgres, "conversationjourney");
        var data = new TestData(app);
        var organization = await data.EnrolledAsync([Surface.Api], apiIds: 1);
        await data.ApproveAsync(organization, Surface.Api);
        await data.EnableAsync(organization, Surface.Api);
        var partner = await data.PartnerAsync(organization);

        // The partner opens a technical case: offered, because a grant is enabled.
        await using var partnerSession = await BrowserSession.OpenAsync(browser, app.RootUri);
        var partnerPage = partnerSession.Page;
        await partnerPage.GotoAsync("/Account/Login");
        await SignInForm.SignInAsync(partnerPage, partner.Email, partner.Password);
        await partnerPage.GotoAsync("/Partner/Support/Open");
        await partnerPage.GetByLabel("Technical error with confirmed access").CheckAsync();
        await partnerPage.GetByLabel("API", new() { Exact = true }).CheckAsync();
        await partnerPage.GetByLabel("API organization ID or Codex workspace ID").FillAsync(organization.ApiIds[0]);
        await partnerPage.GetByLabel("Affected account email").FillAsync(organization.AccountEmails[0]);
        await partnerPage.GetByLabel("The exact error message").FillAsync("Error code: 500 - server_error");
        await partnerPage.GetByLabel("Request ID").FillAsync("req_journey1");
        await partnerPage.GetByLabel("Timestamp (UTC)").FillAsync("2026-01-15T10:20:30");
        await partnerPage.GetByRole(AriaRole.Button, new() { Name = "Open the case" }).ClickAsync();
        await Expect(partnerPage).ToHaveURLAsync(new Regex("/Partner/Support/Case/"));
        var caseId = partnerPage.Url.Split('/')[^1];

        // Support takes it from the queue in one click, notes for the desk, answers, and waits on the partner.
        await using var deskSession = await BrowserSession.OpenAsync(browser, app.RootUri);
        var desk = deskSession.Page;
        await desk.SetViewportSizeAsync(1280, 900);
        await desk.GotoAsync("/Account/Login");
        await SignInForm.SignInAsync(desk, DemoData.SupportEmail, DemoData.Password);
        await desk.GotoAsync("/Support/Cases");
        await desk.GetByRole(AriaRole.Button, new() { NameRegex = new Regex($"^Assign to me\\W+the case of {Regex.Escape(organization.Name)}$") }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("assigned to you");
        await desk.Locator($"a[href$='{caseId}']").ClickAsync();
        await Expect(desk.Locator("#assignee")).ToHaveTextAsync("Sam Support");
        await desk.Locator("#Note").FillAsync(InternalNote);
        await desk.GetByRole(AriaRole.Button, new() { Name = "Add internal note" }).ClickAsync();
        await desk.GetByLabel("Reply to the partner").FillAsync("Please send a fresh request ID from a call made after 10:00 UTC.");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Status)).ToContainTextAsync("Your reply was sent to the partner");
        await desk.GetByLabel("Status").SelectOptionAsync("WaitingOnPartner");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Change" }).ClickAsync();
        await Expect(desk.Locator("#messages li[data-kind=InternalNote]")).ToContainTextAsync("not shown to the partner");
        await CheckAsync(desk, "conversation-1-staff-case-1280");
        await desk.SetViewportSizeAsync(390, 844);
        await CheckAsync(desk, "conversation-2-staff-case-390");
        Assert.True(await PageWidthAsync(desk) <= 390, $"the staff case page is {await PageWidthAsync(desk)} px wide");
        Assert.Contains(await data.MailTo(partner.Email), mail => mail.Body.Contains("fresh request ID", StringComparison.Ordinal));

        // The partner reads the answer, never the note, and replies: the case is back with support.
        await partnerPage.SetViewportSizeAsync(1280, 900);
        await partnerPage.ReloadAsync();
        await Expect(partnerPage.Locator("#case-status")).ToHaveTextAsync("Waiting for information from you");
        await Expect(partnerPage.Locator("#messages")).ToContainTextAsync("fresh request ID");
        await Expect(partnerPage.GetByText("INTERNAL-ONLY")).ToHaveCountAsync(0);
        await CheckAsync(partnerPage, "conversation-3-partner-case-1280");
        await partnerPage.SetViewportSizeAsync(390, 844);
        await CheckAsync(partnerPage, "conversation-4-partner-case-390");
        Assert.True(await PageWidthAsync(partnerPage) <= 390, $"the partner case page is {await PageWidthAsync(partnerPage)} px wide");
        await partnerPage.GetByLabel("Your reply").FillAsync("Here it is: req_fresh42, at 10:05 UTC.");
        await partnerPage.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Expect(partnerPage.GetByRole(AriaRole.Status)).ToContainTextAsync("Your reply was sent to support");
        await Expect(partnerPage.Locator("#case-status")).ToHaveTextAsync("Open — waiting for support");
        Assert.Contains(await data.MailTo(DemoData.SupportEmail), mail => mail.Body.Contains("req_fresh42", StringComparison.Ordinal));

        // Support sees the reply and resolves the case; the partner sees it resolved and can no longer reply.
        await desk.ReloadAsync();
        await Expect(desk.Locator("#messages li[data-kind=PartnerReply]")).ToContainTextAsync("req_fresh42");
        await desk.GetByLabel("Status").SelectOptionAsync("Resolved");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Change" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Resolved");
        await partnerPage.ReloadAsync();
        await Expect(partnerPage.Locator("#case-status")).ToHaveTextAsync("Resolved");
        await Expect(partnerPage.Locator("#reply-form")).ToHaveCountAsync(0);
        await Expect(partnerPage.Locator("#resolved-note")).ToContainTextAsync("open a new case");
        Assert.DoesNotContain(await data.MailTo(partner.Email), mail => mail.Body.Contains("INTERNAL-ONLY", StringComparison.Ordinal));

        partnerSession.AssertNothingBroke();
        deskSession.AssertNothingBroke();
    }

    private static Task<int> PageWidthAsync(IPage page) => page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");

    private static async Task CheckAsync(IPage page, string name)
    {
        await Screenshots.SaveAsync(page, name);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
