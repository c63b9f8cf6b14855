using System.Net;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.MultiFactor;
using IPNetwork = System.Net.IPNetwork;

namespace PreviewAccess.Web.Infrastructure;

/// <summary>
/// OpenTelemetry: metrics of ASP.NET Core, HttpClient, the .NET runtime, Npgsql, EF Core and the portal's own
/// (<see cref="PortalMetrics"/>), read in Prometheus text format at <c>/metrics</c>; and, when an OTLP endpoint is
/// configured (<c>OpenTelemetry:Otlp:Endpoint</c>, or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>), the same
/// metrics and the traces of ASP.NET Core, HttpClient and Npgsql sent there. Without one nothing leaves the process,
/// and no trace is even recorded: the access check then makes no activity.
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";
    public const string ServiceName = "PreviewAccess";

    public static IServiceCollection AddPortalTelemetry(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        services.AddSingleton(MetricsAccess.Read(configuration));
        services.AddSingleton<PortalMetrics>();
        var otlp = OtlpTarget.Read(configuration);

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? ServiceName)
                .AddAttributes([new("deployment.environment.name", environment.EnvironmentName)]))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter("Microsoft.EntityFrameworkCore")
                    .AddMeter(PortalMetrics.MeterName)
                    // Not cached: each scrape reads the counters as they are (a scrape is allowed to few, see MetricsAccess).
                    .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
                otlp?.AddTo(metrics);
            });

        if (otlp is not null)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(options => options.Filter = context => !IsProbe(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                otlp.AddTo(tracing);
            });
        }

        return services;
    }

    /// <summary>
    /// <c>/metrics</c> in Prometheus text format, for signed-in Admin or Support staff (with their second factor when it
    /// is required) and for clients in <c>Telemetry:MetricsNetworks</c>. Anyone else gets the portal's 404, as for a
    /// page that does not exist: the endpoint's existence is not advertised.
    /// </summary>
    public static WebApplication MapPortalMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var access = app.Services.GetRequiredService<MetricsAccess>();
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(access.RefuseOthersAsync), optionsName: null);
        return app;
    }

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments(MetricsPath);

    /// <summary>Where OTLP goes: the portal's own setting, or the standard variables the exporter reads itself.</summary>
    private sealed class OtlpTarget
    {
        private OtlpTarget(Uri? endpoint, OtlpExportProtocol protocol)
        {
            Endpoint = endpoint;
            Protocol = protocol;
        }

        /// <summary>Null: the exporter reads <c>OTEL_EXPORTER_OTLP_*</c> (endpoint, protocol, headers) itself.</summary>
        private Uri? Endpoint { get; }

        private OtlpExportProtocol Protocol { get; }

        public static OtlpTarget? Read(IConfiguration configuration)
        {
            var configured = configuration["OpenTelemetry:Otlp:Endpoint"];
            if (string.IsNullOrWhiteSpace(configured))
            {
                return string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) ? null : new OtlpTarget(null, default);
            }

            if (!Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException($"OpenTelemetry:Otlp:Endpoint '{configured}' is not an absolute http(s) address such as http://otel-collector:4317.");
            }

            var protocol = configuration["OpenTelemetry:Otlp:Protocol"]?.Trim();
            return protocol switch
            {
                null or "" or "grpc" => new OtlpTarget(endpoint, OtlpExportProtocol.Grpc),
                "http/protobuf" => new OtlpTarget(endpoint, OtlpExportProtocol.HttpProtobuf),
                _ => throw new InvalidOperationException($"OpenTelemetry:Otlp:Protocol '{protocol}' is neither 'grpc' (port 4317) nor 'http/protobuf' (port 4318)."),
            };
        }

        public void AddTo(MeterProviderBuilder metrics) => metrics.AddOtlpExporter(options => Configure(options, "v1/metrics"));

        public void AddTo(TracerProviderBuilder tracing) => tracing.AddOtlpExporter(options => Configure(options, "v1/traces"));

        /// <summary>Over HTTP each signal has its own path, which the exporter adds to the standard variable but not to an endpoint set in code.</summary>
        private void Configure(OtlpExporterOptions options, string signalPath)
        {
            if (Endpoint is null) return;
            options.Protocol = Protocol;
            options.Endpoint = Protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
                : Endpoint;
        }
    }
}

/// <summary>
/// Who may read <c>/metrics</c>: signed-in Admin or Support staff, or a client whose address is in
/// <c>Telemetry:MetricsNetworks</c> (CIDR ranges; loopback alone by default). The address is the connection's as the
/// forwarded-headers setup left it: <c>X-Forwarded-For</c> counts only from the configured proxies
/// (<see cref="ForwardedHeadersSetup"/>), never from the client.
/// </summary>
public sealed class MetricsAccess
{
    public const string NetworksSetting = "Telemetry:MetricsNetworks";

    private static readonly AuthorizationPolicy Staff = new AuthorizationPolicyBuilder()
        .RequireRole(Roles.Admin, Roles.Support)
        .AddRequirements(new StaffSecondFactorRequirement())
        .Build();

    private MetricsAccess(IReadOnlyList<IPNetwork> networks) => Networks = networks;

    public IReadOnlyList<IPNetwork> Networks { get; }

    public static MetricsAccess Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(NetworksSetting);
        var values = !string.IsNullOrEmpty(section.Value) ? [section.Value] : section.GetChildren().Select(child => child.Value ?? string.Empty).ToList();
        var listed = values.SelectMany(value => value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (listed.Count == 0 && section.Value is null && !section.GetChildren().Any()) listed = ["127.0.0.0/8", "::1/128"];
        return new MetricsAccess(listed
            .Select(value => IPNetwork.TryParse(value, out var network) && network.PrefixLength > 0
                ? network
                : throw new InvalidOperationException($"{NetworksSetting}: '{value}' is not a CIDR range of scrapers (e.g. 10.0.0.0/8 or 127.0.0.1/32); 0.0.0.0/0 would let everyone read the metrics."))
            .ToList());
    }

    public bool AllowsAddress(IPAddress? address)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var network in Networks)
        {
            if (network.Contains(address)) return true;
        }

        return false;
    }

    /// <summary>
    /// An <c>X-Forwarded-For</c> still on the request was not taken in by the forwarded-headers setup: the connection is
    /// a proxy's that the portal was not told of (e.g. one on the same machine, which would make every client look like
    /// loopback), so its address says nothing about the client.
    /// </summary>
    private static bool CameThroughAnUntrustedProxy(HttpRequest request) => request.Headers.ContainsKey("X-Forwarded-For");

    /// <summary>First in the scraping endpoint's branch: lets the allowed through to the exporter, answers everyone else 404.</summary>
    public async Task RefuseOthersAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if ((AllowsAddress(context.Connection.RemoteIpAddress) && !CameThroughAnUntrustedProxy(context.Request))
            || (await context.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(context.User, Staff)).Succeeded)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }
}
