using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Infrastructure;
using Serilog.Core;
using Serilog.Events;

namespace PreviewAccess.Web.Tests.Shell;

[Collection(UndisturbedCollectionDefinition.Name)]
public sealed class ShellTests(PostgresServer postgres) : PortalTest(postgres)
{
    protected override bool SeedDemoData => false;

    [Fact]
    public async Task Liveness_answers_without_touching_the_database_and_readiness_checks_it()
    {
        using var client = App.CreateClient();
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_probes_are_logged_at_debug_once_the_portal_is_ready_and_pages_as_information()
    {
        var sink = new CapturingSink();
        await using var app = new PortalApp(App.ConnectionString, settings: new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Debug" });
        await using var portal = app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(sink)));
        using var client = portal.CreateClient();

        // A new instance answers 503 until its access snapshot has loaded: those probes are warnings, not errors (how many
        // come before the first 200 depends on how fast the snapshot loads; the theory below pins their level).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        HttpStatusCode readiness;
        do
        {
            using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            readiness = ready.StatusCode;
            if (readiness != HttpStatusCode.OK) await Task.Delay(20);
        }
        while (readiness != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(30));
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var landing = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, readiness);
        Assert.All(sink.RequestLines("/health/ready").Where(line => line.Status != 200), line => Assert.Equal((503, LogEventLevel.Warning), line));
        Assert.Equal((200, LogEventLevel.Debug), sink.RequestLines("/health/ready")[^1]);
        Assert.Equal([(200, LogEventLevel.Debug)], sink.RequestLines("/health/live"));
        Assert.Equal([(200, LogEventLevel.Information)], sink.RequestLines("/"));
    }

    [Theory]
    [InlineData("/health/ready", 503, false, LogEventLevel.Warning)]
    [InlineData("/health/live", 200, false, LogEventLevel.Debug)]
    [InlineData("/health/ready", 500, true, LogEventLevel.Error)]
    [InlineData("/api/v1/access/check", 500, false, LogEventLevel.Error)]
    [InlineData("/api/v1/access/check", 503, false, LogEventLevel.Error)]
    [InlineData("/api/v1/access/check", 400, false, LogEventLevel.Information)]
    [InlineData("/healthy-looking-page", 500, false, LogEventLevel.Error)]
    [InlineData("/", 200, true, LogEventLevel.Error)]
    public void A_request_is_logged_at_the_level_its_path_status_and_exception_call_for(string path, int status, bool threw, LogEventLevel expected)
    {
        var context = new DefaultHttpContext { Request = { Path = path }, Response = { StatusCode = status } };
        Assert.Equal(expected, LoggingSetup.RequestLevel(context, 1.0, threw ? new InvalidOperationException("boom") : null));
    }

    [Fact]
    public async Task In_Development_the_sign_in_form_works_over_plain_http_as_dotnet_run_serves_it()
    {
        await using var development = new PortalApp(App.ConnectionString, environment: "Development");
        using var client = development.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost") });
        var login = await client.GetPageAsync("/Account/Login");
        using var response = await client.SubmitAsync(login, "main form", new Dictionary<string, string> { ["Input.Email"] = "nobody@previewaccess.example", ["Input.Password"] = "wrong-password" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The email or password is not correct.", (await HtmlForms.ParseAsync(response)).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instances_started_together_on_a_new_database_set_it_up_once_and_all_come_up()
    {
        var connectionString = await Postgres.CreateDatabaseAsync("startup-race");
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
        using var client = App.CreateClient();
        var page = await client.GetPageAsync("/");
        Assert.Contains("Completing enrollment does not make access active", page.Text(), StringComparison.Ordinal);
        Assert.Contains("Approval for the API does not include Codex", page.Text(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Serilog reads sinks from the container (<c>ReadFrom.Services</c>): this one keeps every event.</summary>
    private sealed class CapturingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

        /// <summary>The request-log lines of a path (the events that carry <c>RequestPath</c> and <c>StatusCode</c>), in order.</summary>
        public List<(int Status, LogEventLevel Level)> RequestLines(string path) =>
            [.. _events.Where(e => Scalar(e, "RequestPath") is string p && p == path && Scalar(e, "StatusCode") is int).Select(e => ((int)Scalar(e, "StatusCode")!, e.Level))];

        private static object? Scalar(LogEvent logEvent, string property) =>
            logEvent.Properties.TryGetValue(property, out var value) && value is ScalarValue scalar ? scalar.Value : null;
    }
}
