using System.Net;
using System.Text.Encodings.Web;
using PreviewAccess.Web.Api;
using PreviewAccess.Web.Features.Mail;

namespace PreviewAccess.Web.Infrastructure;

/// <summary>
/// Outside Development the portal is served over https only: its cookies are Secure and its forms need them. A request
/// that is still plain http once the trusted proxy's word is taken into account gets a clear answer instead of a
/// failing form:
/// <list type="bullet">
/// <item><c>/health/*</c> and <c>/metrics</c> answer as usual (probes and scrapers on the machine, in the container or on
/// the metrics network speak plain http; <c>/metrics</c> keeps its own network-or-staff rule).</item>
/// <item>A page asked for with GET or HEAD is redirected permanently (308) to the same path and query on https, at the
/// request's host (one of <c>AllowedHosts</c>, checked before this) with the port of <c>Portal:PublicUrl</c> when it is
/// that host.</item>
/// <item>Anything else — a form posted over http, a request that came through a proxy the portal does not trust (it
/// carries <c>X-Forwarded-Proto</c>: redirecting would send the browser round in circles), a page on a loopback name —
/// gets a 400 page that says so, with a link to the https address.</item>
/// <item>The API answers a 400 problem with the https address in its detail, except for a loopback host
/// (<c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>): a gateway or probe on the machine itself calls it as before.</item>
/// </list>
/// </summary>
public sealed class HttpsOnly(RequestDelegate next, IConfiguration configuration)
{
    public const string ServedOverHttps = "This portal is served over https only.";

    private readonly Uri _publicUrl = PublicUrl(configuration);

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (request.IsHttps || request.Path.StartsWithSegments("/health") || request.Path.StartsWithSegments(TelemetrySetup.MetricsPath))
        {
            await next(context);
            return;
        }

        var loopback = IsLoopback(request.Host.Host);
        var target = HttpsAddress(request);
        // The API, and the load harness's reference endpoints beside it (mapped only when Bench:Enabled), answer as the API does.
        if (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments(BenchEndpoints.Path))
        {
            if (loopback)
            {
                await next(context);
                return;
            }

            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "https required",
                detail: $"{ServedOverHttps} Call {target} instead; nothing sent over plain http was read.").ExecuteAsync(context);
            return;
        }

        var throughUntrustedProxy = request.Headers.ContainsKey("X-Forwarded-Proto");
        if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && !loopback && !throughUntrustedProxy)
        {
            context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
            context.Response.Headers.Location = target;
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(Page(target, throughUntrustedProxy), context.RequestAborted);
    }

    /// <summary>The same path and query on https; the host is the request's (already one of <c>AllowedHosts</c>).</summary>
    private string HttpsAddress(HttpRequest request)
    {
        var host = request.Host.Host;
        var port = string.Equals(host, _publicUrl.IdnHost, StringComparison.OrdinalIgnoreCase) && _publicUrl.Scheme == Uri.UriSchemeHttps && !_publicUrl.IsDefaultPort
            ? ":" + _publicUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : string.Empty;
        return "https://" + new HostString(host).ToUriComponent() + port + request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
    }

    private static string Page(string target, bool throughUntrustedProxy)
    {
        var link = HtmlEncoder.Default.Encode(target);
        var origin = HtmlEncoder.Default.Encode(new Uri(target).GetLeftPart(UriPartial.Authority));
        var operators = throughUntrustedProxy
            ? "<p class=\"small text-body-secondary\">If you run this portal: it saw plain http from a proxy it does not trust. Name the proxy in <code>ForwardedHeaders:KnownProxies</code> or <code>ForwardedHeaders:KnownNetworks</code>.</p>"
            : string.Empty;
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>https required - PreviewAccess</title>
                <link rel="stylesheet" href="{origin}/lib/bootstrap/css/bootstrap.min.css" />
            </head>
            <body>
                <main id="main" class="container py-4">
                    <h1 class="h3">https required</h1>
                    <p>{ServedOverHttps} Nothing you sent over plain http was read.</p>
                    <p><a href="{link}">Continue at {link}</a></p>
                    {operators}
                </main>
            </body>
            </html>
            """;
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    private static Uri PublicUrl(IConfiguration configuration) =>
        Uri.TryCreate(configuration["Portal:PublicUrl"], UriKind.Absolute, out var url) ? url : new MailOptions().PublicUrl;
}
