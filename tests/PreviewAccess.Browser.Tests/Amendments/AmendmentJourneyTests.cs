using System.Text.Json;
using Microsoft.Playwright;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;
using PreviewAccess.Web.Tests.Partner;
using static Microsoft.Playwright.Assertions;

namespace PreviewAccess.Browser.Tests.Amendments;

/// <summary>
/// Issue 16, item 1, in two browsers: a partner asks from the status page, the representative reviews the delta and
/// decides it, and a wave enables it — while the gateway's access check keeps answering for what was already enabled.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class AmendmentJourneyTests(PostgresServer postgres, BrowserFixture browser, DemoPortal portal) : IClassFixture<DemoPortal>
{
    private const string Sol = "gpt-5.6-sol";

    [Fact]
    public async Task Codex_asked_for_after_an_API_only_approval_is_reviewed_as_a_delta_and_enabled_in_a_wave_while_the_API_stays_allowed()
    {
        var app = await portal.StartAppAsync(postgres, "amendjourney");
        var data = new TestData(app);
        var organization = await data.EnrolledAsync([Surface.Api], apiIds: 1);
        await data.ApproveAsync(organization, Surface.Api);
        await data.EnableAsync(organization, Surface.Api);
        var partner = await data.PartnerAsync(organization);
        var (apiOrg, email, workspace) = (organization.ApiIds[0], organization.AccountEmails[1], TestData.NewWorkspaceId());
        var gateway = await GatewayKeyAsync(data);

        await using var partnerSession = await BrowserSession.OpenAsync(browser, app.RootUri);
        var page = partnerSession.Page;
        await SignInForm.SignInAsync(page, partner.Email, partner.Password);
        Assert.Equal("Allowed", await ReasonAsync(page, gateway, Surface.Api, apiOrg, email));

        await page.GotoAsync("/Partner/Status");
        await page.Locator("#surface-codex").GetByRole(AriaRole.Link, new() { Name = "Request access to Codex" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Request a change to your access", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Codex", new() { Exact = true })).ToBeCheckedAsync();
        await page.GetByLabel("Codex workspace IDs to add").FillAsync(workspace);
        await page.GetByLabel("Account emails to add").FillAsync(email);
        await page.GetByLabel("GPT-5.6 Sol").CheckAsync();
        await page.GetByLabel("Why (optional)").FillAsync("Our reviewers use Codex.");
        await CheckAsync(page, "amend-partner-request");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();
        await Expect(page.Locator("#request-state")).ToHaveTextAsync("Under review");
        await CheckAsync(page, "amend-partner-details");
        Assert.Equal("Allowed", await ReasonAsync(page, gateway, Surface.Api, apiOrg, email));
        await page.GotoAsync("/Partner/Status");
        await Expect(page.Locator("#surface-codex .in-progress")).ToContainTextAsync("is under review");
        await CheckAsync(page, "amend-partner-status");

        // The representative reviews the delta and approves it.
        await using var repSession = await BrowserSession.OpenAsync(browser, app.RootUri);
        var rep = repSession.Page;
        await SignInForm.SignInAsync(rep, organization.RepEmail, TestData.Password);
        await rep.GotoAsync("/Admin/Review");
        await Expect(rep.Locator("#amendment-queue")).ToContainTextAsync(organization.Name);
        await CheckAsync(rep, "amend-review-queue");
        await rep.Locator("#amendment-queue").GetByRole(AriaRole.Link, new() { Name = "Review Codex" }).ClickAsync();
        await Expect(rep.Locator(".delta[data-surface='Codex'] [data-added='true']").First).ToContainTextAsync(workspace);
        await CheckAsync(rep, "amend-review-delta");
        await rep.GetByLabel("Approve the delta below for Codex").CheckAsync();
        await rep.GetByLabel("Justification (internal)").FillAsync("Reviewers' use is within the agreement.");
        await rep.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
        await Expect(rep.GetByText($"Codex approved for {organization.Name}")).ToBeVisibleAsync();
        await Expect(rep.Locator(".delta[data-surface='Codex']")).ToContainTextAsync("Approved");
        Assert.Equal("NotYetEnabled", await ReasonAsync(page, gateway, Surface.Codex, workspace, email));
        Assert.Equal("Allowed", await ReasonAsync(page, gateway, Surface.Api, apiOrg, email));

        // A wave enables it: both surfaces answer Allowed.
        await data.EnableAsync(organization, Surface.Codex);
        Assert.Equal("Allowed", await ReasonAsync(page, gateway, Surface.Codex, workspace, email));
        Assert.Equal("Allowed", await ReasonAsync(page, gateway, Surface.Api, apiOrg, email));
        await page.GotoAsync("/Partner/Status");
        await Expect(page.Locator($"#surface-codex tr[data-identifier='{workspace}']")).ToHaveAttributeAsync("data-enabled", "true");

        partnerSession.AssertNothingBroke();
        repSession.AssertNothingBroke();
    }

    [Fact]
    public async Task An_expired_grant_is_renewed_from_the_status_page_and_enabled_again()
    {
        var app = await portal.StartAppAsync(postgres, "amendjourney");
        var data = new TestData(app);
        var organization = await data.EnrolledAsync([Surface.Api], apiIds: 1);
        await data.ApproveAsync(organization, Surface.Api, expiresOn: DateOnly.FromDateTime(TestData.Now.UtcDateTime).AddDays(1));
        await data.EnableAsync(organization, Surface.Api);
        await data.ChangeGrantsAsync(organization, Surface.Api, (grant, _, now) => grant.Expire(now.AddDays(3)));
        var partner = await data.PartnerAsync(organization);
        var (apiOrg, email) = (organization.ApiIds[0], organization.AccountEmails[1]);
        var gateway = await GatewayKeyAsync(data);

        await using var partnerSession = await BrowserSession.OpenAsync(browser, app.RootUri);
        var page = partnerSession.Page;
        await SignInForm.SignInAsync(page, partner.Email, partner.Password);
        Assert.Equal("Suspended", await ReasonAsync(page, gateway, Surface.Api, apiOrg, email));
        await page.GotoAsync("/Partner/Status");
        await page.Locator($"tr[data-identifier='{apiOrg}']").GetByRole(AriaRole.Link, new() { Name = $"Ask to renew {apiOrg}" }).ClickAsync();
        await Expect(page.Locator("input[name='Input.RenewGrantIds']")).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();
        await Expect(page.Locator("#request-state")).ToHaveTextAsync("Under review");

        await using var repSession = await BrowserSession.OpenAsync(browser, app.RootUri);
        var rep = repSession.Page;
        await SignInForm.SignInAsync(rep, organization.RepEmail, TestData.Password);
        await rep.GotoAsync("/Admin/Review");
        await rep.Locator("#amendment-queue").GetByRole(AriaRole.Link, new() { Name = "Review API" }).ClickAsync();
        await Expect(rep.Locator(".delta[data-surface='Api']")).ToContainTextAsync("Renewed");
        await rep.GetByLabel("Approve the delta below for the API").CheckAsync();
        await rep.GetByLabel("Justification (internal)").FillAsync("Renewed for a quarter.");
        await rep.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
        await Expect(rep.GetByText($"API approved for {organization.Name}")).ToBeVisibleAsync();
        Assert.Equal("NotYetEnabled", await ReasonAsync(page, gateway, Surface.Api, apiOrg, email));

        await data.EnableAsync(organization, Surface.Api);
        Assert.Equal("Allowed", await ReasonAsync(page, gateway, Surface.Api, apiOrg, email));
        partnerSession.AssertNothingBroke();
        repSession.AssertNothingBroke();
    }

    [Fact]
    public async Task A_question_on_an_amendment_is_answered_in_its_thread_and_a_decline_tells_the_partner_its_own_message()
    {
        var app = await portal.StartAppAsync(postgres, "amendjourney");
        var data = new TestData(app);
        var organization = await data.EnrolledAsync([Surface.Api], apiIds: 1);
        await data.ApproveAsync(organization, Surface.Api);
        var partner = await data.PartnerAsync(organization);
        var email = organization.AccountEmails[1];

        // The representative opens an amendment on the organization's behalf and asks a question about it.
        await using var repSession = await BrowserSession.OpenAsync(browser, app.RootUri);
        var rep = repSession.Page;
        await SignInForm.SignInAsync(rep, organization.RepEmail, TestData.Password);
        await rep.GotoAsync($"/Admin/Organizations/Details/{organization.Id}");
        await rep.GetByRole(AriaRole.Link, new() { Name = "Open an amendment" }).ClickAsync();
        await rep.GetByLabel("Codex", new() { Exact = true }).CheckAsync();
        await rep.GetByLabel("Codex workspace IDs to add").FillAsync(TestData.NewWorkspaceId());
        await rep.GetByLabel("Account emails to add").FillAsync(email);
        await rep.GetByLabel("GPT-5.6 Luna").CheckAsync();
        await CheckAsync(rep, "amend-staff-open");
        await rep.GetByRole(AriaRole.Button, new() { Name = "Open the amendment" }).ClickAsync();
        await Expect(rep.GetByRole(AriaRole.Heading, new() { Name = $"Amendment of {organization.Name}", Level = 1 })).ToBeVisibleAsync();
        await rep.GetByLabel("Ask the partner for more information").CheckAsync();
        await rep.GetByLabel("Justification (internal)").FillAsync("Which team will use Codex, and for what?");
        await rep.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
        await Expect(rep.Locator("#amendment-status")).ToHaveTextAsync("Waiting for the partner's answer");

        // The partner reads it on their status page and the request's page, and answers there.
        await using var partnerSession = await BrowserSession.OpenAsync(browser, app.RootUri);
        var page = partnerSession.Page;
        await SignInForm.SignInAsync(page, partner.Email, partner.Password);
        await page.GotoAsync("/Partner/Status");
        await Expect(page.Locator("#pending-requests")).ToContainTextAsync("Waiting for your answer");
        await Expect(page.Locator("#surface-api .in-progress")).ToContainTextAsync("shared with the government");
        await page.GotoAsync("/Partner/Amendments");
        await CheckAsync(page, "amend-partner-list");
        await page.Locator("#requests").GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page.Locator("#thread")).ToContainTextAsync("Which team will use Codex, and for what?");
        await page.GetByLabel("Your answer").FillAsync("The platform team:\nfour engineers reviewing pull requests.");
        await CheckAsync(page, "amend-partner-thread");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send your answer" }).ClickAsync();
        await Expect(page.GetByText("Your answer was sent to your account representative.")).ToBeVisibleAsync();
        await Expect(page.Locator("#request-state")).ToHaveTextAsync("Under review");

        // The representative reads the thread and declines, with a message written for the partner.
        await rep.ReloadAsync();
        await Expect(rep.Locator(".review-thread li[data-from='partner']")).ToContainTextAsync("four engineers");
        await rep.GetByLabel("Decline Codex").CheckAsync();
        await rep.GetByLabel("Justification (internal)").FillAsync("Capacity is held for the pilot cohort.");
        await rep.GetByLabel("Message to the partner (when declining)").FillAsync("Codex is not part of this phase of the preview.");
        await CheckAsync(rep, "amend-staff-thread");
        await rep.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
        await Expect(rep.Locator("#amendment-status")).ToHaveTextAsync("Decided");

        await page.ReloadAsync();
        await Expect(page.Locator("#outcomes [data-surface='Codex'] .partner-message")).ToHaveTextAsync("Codex is not part of this phase of the preview.");
        await Expect(page.GetByText("pilot cohort")).ToHaveCountAsync(0);
        await CheckAsync(page, "amend-partner-declined");

        // "Why can't I access?" says the same as the status page about the waiting API.
        await page.GotoAsync($"/Partner/Why?surface=Api&identifier={organization.ApiIds[0]}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check" }).First.ClickAsync();
        await Expect(page.Locator("#why-in-progress")).ToContainTextAsync("shared with the government");
        await CheckAsync(page, "amend-partner-why");

        partnerSession.AssertNothingBroke();
        repSession.AssertNothingBroke();
    }

    private static async Task<string> GatewayKeyAsync(TestData data)
    {
        var admin = await data.StaffAsync(Roles.Admin);
        var (key, secret) = ApiKey.Create(admin.Id, "Gateway " + TestData.Unique(), [ApiScopes.AccessCheck], TestData.Now);
        await data.ReadAsync(async db =>
        {
            db.ApiKeys.Add(key);
            return await db.SaveChangesAsync();
        });
        return secret;
    }

    /// <summary>The gateway's question, asked over HTTP as the gateway asks it.</summary>
    private static async Task<string?> ReasonAsync(IPage page, string secret, Surface surface, string identifier, string email)
    {
        var response = await page.Context.APIRequest.GetAsync(
            $"/api/v1/access/check?surface={surface}&identifier={identifier}&email={Uri.EscapeDataString(email)}&model={Sol}",
            new() { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + secret } });
        Assert.Equal(200, response.Status);
        using var body = JsonDocument.Parse(await response.TextAsync());
        return body.RootElement.GetProperty("reason").GetString();
    }

    /// <summary>A screenshot at a desktop and a phone width, for a person to look at, and the accessibility check.</summary>
    private static async Task CheckAsync(IPage page, string name)
    {
        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await Screenshots.SaveAsync(page, $"{name}-{width}");
        }

        await page.SetViewportSizeAsync(1280, 900);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
