using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using PreviewAccess.Web.Features.Mail;
using IPNetwork = System.Net.IPNetwork;

namespace PreviewAccess.Web.Infrastructure;

/// <summary>
/// What a request may say about itself. Behind a TLS-terminating proxy the portal sees the proxy's address and plain
/// http; the proxy's <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> give the real client and scheme, and they are
/// believed only from the proxies configured in <c>ForwardedHeaders:KnownProxies</c>/<c>KnownNetworks</c>: from anyone
/// else they are anyone's invention (a new "client address" per request would escape every per-address rate limit).
/// Nothing configured, nothing trusted. The <c>Host</c> is the client's, passed through by the proxy, and answered
/// only when it is one of <c>AllowedHosts</c>, so that a forged one is never reflected into a redirect.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Answered whatever <c>AllowedHosts</c> says: a health probe on the machine or in the container uses them, and a redirect to one leads nowhere an attacker controls.</summary>
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>Reads and checks the settings; a setting that cannot be read, or that would trust too much, stops start-up with its name.</summary>
    public static IServiceCollection AddPortalForwardedHeaders(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        // The framework's own switch clears the known proxies and believes every address.
        if (string.Equals(configuration["ForwardedHeaders_Enabled"], "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                "ASPNETCORE_FORWARDEDHEADERS_ENABLED=true would trust X-Forwarded-For and X-Forwarded-Proto from any address. " +
                "Remove it and name the proxy instead: ForwardedHeaders:KnownProxies (addresses) or ForwardedHeaders:KnownNetworks (CIDR ranges).");
        }

        var trust = ProxyTrust.Read(configuration.GetSection(Section));
        services.AddSingleton(trust);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = trust.ForwardLimit;
            // The defaults trust loopback; only what is configured is trusted here.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in trust.Proxies) options.KnownProxies.Add(proxy);
            foreach (var network in trust.Networks) options.KnownIPNetworks.Add(network);
        });

        var allowedHosts = AllowedHosts(configuration, environment);
        // The framework fills AllowedHosts from configuration only when nothing configured it before.
        services.Configure<HostFilteringOptions>(options => options.AllowedHosts = allowedHosts);
        return services;
    }

    /// <summary>
    /// First in the pipeline: everything after it (HSTS, cookies, antiforgery, rate limits, logs) sees the real client and
    /// scheme. Then, outside Development, <see cref="HttpsOnly"/> answers what is still plain http.
    /// </summary>
    public static WebApplication UsePortalForwardedHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var trust = app.Services.GetRequiredService<ProxyTrust>();
        if (!trust.IsEnabled)
        {
            app.Logger.LogInformation("Forwarded headers are ignored: no ForwardedHeaders:KnownProxies or KnownNetworks configured");
        }
        else
        {
            app.Logger.LogInformation("X-Forwarded-For and X-Forwarded-Proto are trusted from {Proxies}, {ForwardLimit} hop(s)",
                string.Join(", ", trust.Proxies.Select(p => p.ToString()).Concat(trust.Networks.Select(n => n.ToString()))), trust.ForwardLimit);
            app.UseForwardedHeaders();
        }

        // Once the scheme is known: outside Development, plain http gets a redirect or a clear 400, never a failing form.
        if (!app.Environment.IsDevelopment()) app.UseMiddleware<HttpsOnly>();
        return app;
    }

    private static List<string> AllowedHosts(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = (configuration["AllowedHosts"] ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (configured.Contains("*"))
        {
            if (environment.IsDevelopment()) return ["*"];
            throw new InvalidOperationException(
                "AllowedHosts is '*': outside Development the portal answers only its own host names, so that a forged Host is never " +
                "reflected into a redirect. Set AllowedHosts to them (e.g. \"portal.example.com\", several separated by ';'), " +
                "or leave it unset to allow the host of Portal:PublicUrl.");
        }

        var hosts = configured.Length > 0 ? configured : [PublicUrl(configuration).IdnHost];
        return [.. hosts.Concat(LoopbackHosts).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static Uri PublicUrl(IConfiguration configuration)
    {
        var value = configuration["Portal:PublicUrl"];
        if (string.IsNullOrWhiteSpace(value)) return new MailOptions().PublicUrl;
        if (Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https") return url;
        throw new InvalidOperationException($"Portal:PublicUrl '{value}' is not an absolute http(s) address such as https://portal.example.com.");
    }
}

/// <summary>The proxies whose <c>X-Forwarded-*</c> headers are believed: <c>ForwardedHeaders:KnownProxies</c>, <c>KnownNetworks</c>, <c>ForwardLimit</c>.</summary>
public sealed class ProxyTrust
{
    private ProxyTrust(IReadOnlyList<IPAddress> proxies, IReadOnlyList<IPNetwork> networks, int forwardLimit)
    {
        Proxies = proxies;
        Networks = networks;
        ForwardLimit = forwardLimit;
    }

    public IReadOnlyList<IPAddress> Proxies { get; }

    public IReadOnlyList<IPNetwork> Networks { get; }

    /// <summary>How many proxies, counted from the portal, add to <c>X-Forwarded-For</c>; entries before them are the client's own claims.</summary>
    public int ForwardLimit { get; }

    public bool IsEnabled => Proxies.Count > 0 || Networks.Count > 0;

    public static ProxyTrust Read(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var proxies = Values(section.GetSection("KnownProxies"))
            .Select(value => IPAddress.TryParse(value, out var address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any)
                ? address
                : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{value}' is not the IP address of a proxy (e.g. 10.0.0.5)."))
            .ToList();
        var networks = Values(section.GetSection("KnownNetworks"))
            .Select(value => IPNetwork.TryParse(value, out var network) && network.PrefixLength > 0
                ? network
                : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{value}' is not a CIDR range of proxies (e.g. 172.16.0.0/12); 0.0.0.0/0 would trust everyone."))
            .ToList();

        var limitText = section["ForwardLimit"];
        var limit = 1;
        if (!string.IsNullOrWhiteSpace(limitText) && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
        {
            throw new InvalidOperationException($"ForwardedHeaders:ForwardLimit '{limitText}' must be a whole number of proxies, 1 or more.");
        }

        return new ProxyTrust(proxies, networks, limit);
    }

    /// <summary>A list, either as configuration children (<c>KnownProxies:0</c>, <c>KnownProxies__0</c>) or as one value separated by commas or semicolons.</summary>
    private static IEnumerable<string> Values(IConfigurationSection list)
    {
        // A parent key may also carry an empty value of its own (hosts that flatten configuration into arguments do that).
        var values = !string.IsNullOrEmpty(list.Value) ? [list.Value] : list.GetChildren().Select(child => child.Value ?? string.Empty);
        return values.SelectMany(value => value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
