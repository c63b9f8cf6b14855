using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;

namespace PreviewAccess.Web.Tests.Shell;

[Collection(PostgresCollectionDefinition.Name)]
public sealed class ShellTests(PostgresServer postgres) : IAsyncLifetime, IDisposable
{
    private PortalApp _app = null!;

    public void Dispose() => _app.Dispose();

    public async Task InitializeAsync() => _app = new PortalApp(await postgres.CreateDatabaseAsync("shell"));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Liveness_answers_without_touching_the_database_and_readiness_checks_it()
    {
        using var client = _app.CreateClient();
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task In_Development_the_sign_in_form_works_over_plain_http_as_dotnet_run_serves_it()
    {
        await using var development = new PortalApp(_app.ConnectionString, environment: "Development");
        using var client = development.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost") });
        var login = await client.GetPageAsync("/Account/Login");
        using var response = await client.SubmitAsync(login, "main form", new Dictionary<string, string> { ["Input.Email"] = "nobody@previewaccess.example", ["Input.Password"] = "wrong-password" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The email or password is not correct.", (await HtmlForms.ParseAsync(response)).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instances_started_together_on_a_new_database_set_it_up_once_and_all_come_up()
    {
        var connectionString = await postgres.CreateDatabaseAsync("startup-race");
        var apps = Enumerable.Range(0, 4).Select(_ => new PortalApp(connectionString, seedDemoData: true)).ToList();
        try
        {
            // Touching Services starts the host, which migrates and seeds before it answers anything.
            await Task.WhenAll(apps.Select(app => Task.Run(() => app.Services)));

            await using var scope = apps[0].Scope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.Equal(Roles.All.Count, await db.Roles.CountAsync());
            Assert.Equal(PreviewModel.Launch().Count, await db.Models.CountAsync());
            var organizations = await db.Organizations.Select(o => o.Name).ToListAsync();
            Assert.Equal(organizations.Count, organizations.Distinct().Count());
            Assert.NotEmpty(organizations);
        }
        finally
        {
            foreach (var app in apps) await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_landing_page_explains_that_enrollment_is_not_access()
    {
        using var client = _app.CreateClient();
        var page = await client.GetPageAsync("/");
        Assert.Contains("Completing enrollment does not make access active", page.Text(), StringComparison.Ordinal);
        Assert.Contains("Approval for the API does not include Codex", page.Text(), StringComparison.OrdinalIgnoreCase);
    }
}
