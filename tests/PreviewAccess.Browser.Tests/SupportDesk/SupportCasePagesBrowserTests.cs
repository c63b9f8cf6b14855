using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Data;
using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PreviewAccess.Browser.Tests.SupportDesk;

/// <summary>The case queue and a case's page on a phone-sized screen: nothing wider than the screen but the queue's own scroller.</summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class SupportCasePagesBrowserTests(PostgresServer postgres, BrowserFixture browser, DemoPortal portal) : IClassFixture<DemoPortal>
{
    [Fact]
    public async Task On_a_narrow_screen_the_queue_scrolls_in_its_table_and_a_long_note_wraps_with_its_line_breaks()
    {
        var app = await portal.StartAppAsync(postgres, "supportcasepages");
        var caseId = await OpenCaseWithNoteAsync(app, "Two lines:\nthe token " + new string('x', 600));
        await using var session = await BrowserSession.OpenAsync(browser, app.RootUri);
        var page = session.Page;
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/Account/Login");
        await SignInForm.SignInAsync(page, DemoData.SupportEmail, DemoData.Password);

        await page.GotoAsync("/Support/Cases?Mine=maybe");
        await Expect(page.GetByText("“Assigned to me” is either on or off")).ToBeVisibleAsync();
        Assert.True(await PageWidthAsync(page) <= 390, $"the queue is {await PageWidthAsync(page)} px wide");
        await CheckAsync(page, "support-cases-1-queue-390");

        await page.Locator($"a[href$='{caseId}']").ClickAsync();
        var note = page.Locator(".case-note");
        await Expect(note).ToContainTextAsync("Two lines:");
        Assert.True(await PageWidthAsync(page) <= 390, $"the case is {await PageWidthAsync(page)} px wide");
        var lineHeight = await note.EvaluateAsync<double>("n => parseFloat(getComputedStyle(n).lineHeight)");
        Assert.True((await note.BoundingBoxAsync())!.Height > 3 * lineHeight, "the note is shown on one line");
        await CheckAsync(page, "support-cases-2-case-390");
        session.AssertNothingBroke();
    }

    private static Task<int> PageWidthAsync(IPage page) => page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");

    private static async Task<Guid> OpenCaseWithNoteAsync(Web.Tests.Hosting.PortalApp app, string note)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var litware = await db.Organizations.AsNoTracking().SingleAsync(o => o.Name == "Litware Systems");
        var supportCase = SupportCase.Open(litware.Id, "org-litwaresystems0000000000", DemoData.PartnerEmail, AffectedSurfaces.Both,
            "Error 403: model_not_found", "req_123", DateTimeOffset.UtcNow.AddHours(-1), SupportCaseCategory.AccessProblem, Guid.Empty, DateTimeOffset.UtcNow);
        supportCase.AddInternalNote(note, Guid.Empty, DateTimeOffset.UtcNow);
        db.SupportCases.Add(supportCase);
        await db.SaveChangesAsync();
        return supportCase.Id;
    }

    private static async Task CheckAsync(IPage page, string name)
    {
        await Screenshots.SaveAsync(page, name);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
