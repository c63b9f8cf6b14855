using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Data;
using PreviewAccess.Data.Outbox;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Enrollment;
using PreviewAccess.Web.Features.Invitations;
using PreviewAccess.Web.Features.Mail;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PreviewAccess.Browser.Tests.Admin;

/// <summary>
/// The account representative's journey (issue #3): nominate an organization, invite its contact, and — once the
/// partner has accepted and enrolled (played here through the portal's own use cases) — decide each surface on its
/// own: approve the API, decline Codex, and find both, with their audit trail, on the organization's page.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed partial class RepresentativeJourneyTests(PostgresServer postgres, BrowserFixture browser, DemoPortal portal) : IClassFixture<DemoPortal>
{
    private const string OrganizationName = "Northwind Traders";
    private const string Contact = "lead@northwind.example";
    private const string DeveloperEmail = "dev@northwind.example";
    private const string ApiOrganizationId = "org-NorthwindTraders00000001";
    private const string CodexWorkspaceId = "northwind-eng";
    private const string ApiJustification = "Known partner; the intended use fits the preview.";
    private const string CodexJustification = "Codex is not offered to this segment in this preview.";

    [Fact]
    public async Task A_representative_nominates_invites_and_decides_each_surface_on_its_own()
    {
        var app = await portal.StartAppAsync(postgres, "repjourney");
        await using var session = await BrowserSession.OpenAsync(browser, app.RootUri);
        var page = session.Page;
        await SignInForm.SignInAsync(page, DemoData.RepEmail, DemoData.Password);

        // Nominate.
        await page.GotoAsync("/Admin/Organizations/Create");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nominate an organization", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Organization name").FillAsync(OrganizationName);
        await page.GetByLabel("Country (ISO code)").FillAsync("US");
        await page.GetByLabel("Account representative").SelectOptionAsync(new SelectOptionValue { Value = DemoData.RepEmail });
        await CheckAsync(page, "rep-1-nominate");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nominate" }).ClickAsync();

        // Invite: nominating leads straight to the invitation.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Invite {OrganizationName}", Level = 1 })).ToBeVisibleAsync();
        var organizationId = Guid.Parse(OrganizationIdInUrl().Match(page.Url).Groups[1].Value);
        await page.GetByLabel("Contact's email").FillAsync(Contact);
        await CheckAsync(page, "rep-2-invite");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = OrganizationName, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText($"Invitation sent to {Contact}")).ToBeVisibleAsync();
        await Expect(page.Locator("#invitations")).ToContainTextAsync(Contact);
        await CheckAsync(page, "rep-3-invited");

        // The partner's side, through the portal's own use cases: accept the mailed link, submit the enrollment.
        await PartnerAcceptsAndEnrollsAsync(app, organizationId);

        // The review queue.
        await page.GotoAsync("/Admin/Review");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Review queue", Level = 1 })).ToBeVisibleAsync();
        var row = page.Locator("#review-queue tbody tr").Filter(new() { HasText = OrganizationName });
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = "Decide API" })).ToBeVisibleAsync();
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = "Decide Codex" })).ToBeVisibleAsync();
        await CheckAsync(page, "rep-4-queue");

        // Approve the API.
        await row.GetByRole(AriaRole.Link, new() { Name = "Decide API" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Decide API for {OrganizationName}", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Approve the API").CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = ApiOrganizationId }).CheckAsync();
        var models = page.GetByRole(AriaRole.Group, new() { Name = "Models" }).GetByRole(AriaRole.Checkbox);
        await Expect(models.First).ToBeVisibleAsync();
        foreach (var model in await models.AllAsync()) await model.CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = Contact }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = DeveloperEmail }).CheckAsync();
        await page.GetByLabel("Justification").FillAsync(ApiJustification);
        await CheckAsync(page, "rep-5-decide-api");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Review queue", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText($"API approved for {OrganizationName}")).ToBeVisibleAsync();

        // Decline Codex.
        row = page.Locator("#review-queue tbody tr").Filter(new() { HasText = OrganizationName });
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = "Decide API" })).ToHaveCountAsync(0);
        await row.GetByRole(AriaRole.Link, new() { Name = "Decide Codex" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Decide Codex for {OrganizationName}", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Decline Codex").CheckAsync();
        await page.GetByLabel("Justification").FillAsync(CodexJustification);
        await CheckAsync(page, "rep-6-decide-codex");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Review queue", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText($"Codex declined for {OrganizationName}")).ToBeVisibleAsync();
        await Expect(page.Locator("#review-queue tbody tr").Filter(new() { HasText = OrganizationName })).ToHaveCountAsync(0);

        // The organization's page: the API grant is approved (not access), Codex declined, all of it in the timeline.
        await page.GotoAsync($"/Admin/Organizations/Details/{organizationId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = OrganizationName, Level = 1 })).ToBeVisibleAsync();
        var scope = page.GetByRole(AriaRole.Region, new() { Name = "Scope: each surface × identifier" });
        await Expect(scope.GetByRole(AriaRole.Heading, new() { Name = "API — approved on" })).ToBeVisibleAsync();
        await Expect(scope.GetByRole(AriaRole.Heading, new() { Name = "Codex — declined on" })).ToBeVisibleAsync();
        await Expect(scope).ToContainTextAsync(ApiJustification);
        await Expect(scope).ToContainTextAsync(CodexJustification);
        var apiGrant = scope.GetByRole(AriaRole.Row).Filter(new() { HasText = ApiOrganizationId });
        await Expect(apiGrant).ToContainTextAsync("Approved — not yet enabled");
        await Expect(apiGrant).ToContainTextAsync(DeveloperEmail);
        await Expect(apiGrant.GetByRole(AriaRole.Link, new() { Name = $"Manage the grant for {ApiOrganizationId}" })).ToBeVisibleAsync();
        // Declining Codex grants nothing for its workspace.
        var codexRow = scope.GetByRole(AriaRole.Row).Filter(new() { HasText = CodexWorkspaceId });
        await Expect(codexRow).ToContainTextAsync("No grant");

        var timeline = page.Locator("#timeline");
        foreach (var told in new[] { "nominated", "invited", "accepted the invitation of", "submitted the enrollment of", "approved the API for", "declined Codex for" })
        {
            await Expect(timeline).ToContainTextAsync(told);
        }

        // Each event names who acted; the stored event (code and email) is one click away.
        var declined = timeline.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "declined Codex for" });
        await Expect(declined).ToContainTextAsync("Rosa Rep declined Codex for");
        await declined.GetByText("decision.declined").ClickAsync();
        await Expect(declined.Locator("details.audit-raw")).ToContainTextAsync(DemoData.RepEmail);
        await CheckAsync(page, "rep-7-organization");
        session.AssertNothingBroke();
    }

    private static async Task PartnerAcceptsAndEnrollsAsync(PortalApp app, Guid organizationId)
    {
        string token;
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var payloads = await db.OutboxMessages.AsNoTracking().Where(m => m.Kind == OutboxMessage.MailKind).Select(m => m.Payload).ToListAsync();
            var invitation = payloads.Select(p => JsonSerializer.Deserialize<OutgoingMail>(p)!).Single(m => m.To == Contact);
            token = Uri.UnescapeDataString(AcceptToken().Match(invitation.Body).Groups[1].Value);
        }

        Guid partnerId;
        await using (var scope = app.Scope())
        {
            var accepted = await scope.ServiceProvider.GetRequiredService<InvitationAcceptance>()
                .AcceptAsync(new AcceptInvitationInput(token, "Nadia Northwind", "a-partner-password-long-enough"), CancellationToken.None);
            Assert.True(accepted.Succeeded, $"Accepting the invitation: {accepted.Kind} {accepted.Message}");
            Assert.Equal(organizationId, accepted.Value!.OrganizationId);
            partnerId = accepted.Value.UserId;
        }

        await using (var scope = app.Scope())
        {
            var submitted = await scope.ServiceProvider.GetRequiredService<SubmitEnrollment>().HandleAsync(
                new SubmitEnrollmentInput(organizationId, "Northwind Traders Inc.", "US", [Surface.Api, Surface.Codex],
                    [ApiOrganizationId], [CodexWorkspaceId], [Contact, DeveloperEmail],
                    "Summarizing supplier contracts for our purchasing team.", CustomerFacing: false, TermsAccepted: true),
                partnerId, submittedByStaff: false, CancellationToken.None);
            Assert.True(submitted.Succeeded, $"Submitting the enrollment: {submitted.Kind} {submitted.Message} {string.Join("; ", submitted.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
        }
    }

    private static async Task CheckAsync(IPage page, string name)
    {
        await Screenshots.SaveAsync(page, name);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }

    [GeneratedRegex(@"/Admin/Organizations/Invite/([0-9a-fA-F-]{36})")]
    private static partial Regex OrganizationIdInUrl();

    [GeneratedRegex(@"[?&]token=([^\s&]+)")]
    private static partial Regex AcceptToken();
}
