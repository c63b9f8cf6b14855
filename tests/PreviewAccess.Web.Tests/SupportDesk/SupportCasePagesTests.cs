using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PreviewAccess.Data;
using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;

namespace PreviewAccess.Web.Tests.SupportDesk;

/// <summary>The case queue and a case's page: hand-typed filters, conflicts that can be redone, notes as written.</summary>
[Collection(PostgresCollectionDefinition.Name)]
public sealed class SupportCasePagesTests(PostgresServer postgres) : IAsyncLifetime, IDisposable
{
    private PortalApp _app = null!;

    public async Task InitializeAsync() => _app = new PortalApp(await postgres.CreateDatabaseAsync("supportcases"), seedDemoData: true);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("?Mine=maybe", "Mine")]
    [InlineData("?Status=Open&Mine=1", "Mine")]
    [InlineData("?Mine=", "Mine")]
    [InlineData("?Status=Bogus", "Status")]
    [InlineData("?Status=Closed%3Cscript%3E&Mine=true", "Status")]
    public async Task A_filter_the_queue_cannot_read_is_named_on_its_field_instead_of_failing(string query, string field)
    {
        await OpenCaseAsync();
        using var client = await SignedInAsync(DemoData.SupportEmail);

        using var response = await client.GetAsync(new Uri("/Support/Cases" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.NotNull(page.FieldError(field));
    }

    [Fact]
    public async Task An_unknown_status_shows_every_unresolved_case_and_says_so()
    {
        await OpenCaseAsync();
        using var client = await SignedInAsync(DemoData.SupportEmail);

        var page = await client.GetPageAsync("/Support/Cases?Status=Bogus");

        Assert.Contains("showing every unresolved case", page.FieldError("Status"), StringComparison.Ordinal);
        Assert.Equal(string.Empty, ((IHtmlSelectElement)page.QuerySelector("select[name='Status']")!).Value);
        Assert.Contains("Litware Systems", page.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readable_filters_still_filter_without_any_message()
    {
        await OpenCaseAsync();
        using var client = await SignedInAsync(DemoData.SupportEmail);

        var open = await client.GetPageAsync("/Support/Cases?Status=Open&Mine=false");
        var resolved = await client.GetPageAsync("/Support/Cases?Status=Resolved");

        Assert.Null(open.FieldError("Status"));
        Assert.Null(open.FieldError("Mine"));
        Assert.Contains("Litware Systems", open.Text(), StringComparison.Ordinal);
        Assert.Contains("No cases here.", resolved.Text(), StringComparison.Ordinal);
    }

    private async Task<Guid> OpenCaseAsync(AffectedSurfaces surfaces = AffectedSurfaces.Api)
    {
        await using var scope = _app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var litware = await db.Organizations.AsNoTracking().SingleAsync(o => o.Name == "Litware Systems");
        var supportCase = SupportCase.Open(litware.Id, "org-litwaresystems0000000000", DemoData.PartnerEmail, surfaces,
            "Error 403: model_not_found", "req_123", DateTimeOffset.UtcNow.AddHours(-1), SupportCaseCategory.AccessProblem, Guid.Empty, DateTimeOffset.UtcNow);
        db.SupportCases.Add(supportCase);
        await db.SaveChangesAsync();
        return supportCase.Id;
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        var login = await client.GetPageAsync("/Account/Login");
        using var response = await client.SubmitAsync(login, "main form", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = DemoData.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
