using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace PreviewAccess.Web.Tests.Telemetry;

/// <summary>Traces and metrics leave the process over OTLP only when an endpoint is configured.</summary>
[Collection(RecordsAndSupportCollectionDefinition.Name)]
public sealed class OtlpExportTests(PostgresServer postgres)
{
    [Fact]
    public async Task Traces_and_metrics_go_to_the_configured_OTLP_endpoint()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var portal = new PortalApp(await postgres.CreateMigratedDatabaseAsync("otlp"), settings: new Dictionary<string, string?>
        {
            ["OpenTelemetry:Otlp:Endpoint"] = collector.Address.AbsoluteUri,
            ["OpenTelemetry:Otlp:Protocol"] = "http/protobuf",
            // The standard settings of the batch and the metric reader, short here so that the test need not wait a minute.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            ["Mail:DispatcherEnabled"] = "false",
            ["Rollout:WorkerEnabled"] = "false",
        });
        using var browser = portal.NewClient();

        using (var page = await browser.GetAsync(new Uri("/Account/Login", UriKind.Relative))) Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!(collector.Received("/v1/traces") && collector.Received("/v1/metrics")) && clock.Elapsed < TimeSpan.FromSeconds(15)) await Task.Delay(100);
        Assert.True(collector.Received("/v1/traces"), "No trace reached the collector: " + string.Join(", ", collector.Paths));
        Assert.True(collector.Received("/v1/metrics"), "No metrics reached the collector: " + string.Join(", ", collector.Paths));
    }

    [Fact]
    public async Task Without_an_OTLP_endpoint_no_trace_is_even_recorded()
    {
        await using var portal = new PortalApp(await postgres.CreateMigratedDatabaseAsync("nootlp"), settings: new Dictionary<string, string?>
        {
            ["Mail:DispatcherEnabled"] = "false",
            ["Rollout:WorkerEnabled"] = "false",
        });

        Assert.Null(portal.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task An_OTLP_endpoint_that_is_not_an_address_stops_start_up_with_its_name()
    {
        await using var portal = new PortalApp(await postgres.CreateMigratedDatabaseAsync("badotlp"), settings: new Dictionary<string, string?> { ["OpenTelemetry:Otlp:Endpoint"] = "collector:4317" });

        var failure = Record.Exception(() => portal.Server);

        Assert.NotNull(failure);
        Assert.Contains("OpenTelemetry:Otlp:Endpoint", failure.GetBaseException().Message, StringComparison.Ordinal);
    }

    /// <summary>An OTLP/HTTP receiver on Kestrel at 127.0.0.1, as a collector would listen: it records the path of every export.</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<string> _paths = new();

        private OtlpCollector(WebApplication app) => _app = app;

        public Uri Address { get; private set; } = null!;

        public IReadOnlyList<string> Paths => [.. _paths];

        public bool Received(string path) => _paths.Contains(path);

        public static async Task<OtlpCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Collector", ContentRootPath = AppContext.BaseDirectory });
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var collector = new OtlpCollector(app);
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                // An export is protobuf; its arrival at the signal's path is what this test is about.
                await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
                if (context.Request.ContentType == "application/x-protobuf") collector._paths.Enqueue(context.Request.Path);
                return Results.Ok();
            });
            await app.StartAsync();
            collector.Address = new Uri(app.Urls.Single());
            return collector;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
