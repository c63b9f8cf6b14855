using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PreviewAccess.Web.Tests.Hosting;

/// <summary>
/// A reverse proxy in front of a portal on Kestrel, as deployed: it terminates TLS (a throwaway self-signed certificate),
/// keeps the <c>Host</c> the client asked for, appends the client's address to whatever <c>X-Forwarded-For</c> the client
/// sent (as nginx's <c>$proxy_add_x_forwarded_for</c> does: the least careful of the usual proxies), replaces
/// <c>X-Forwarded-Proto</c> with its own scheme, and connects to the portal from 127.0.0.1.
/// <see cref="Client"/> and <see cref="DirectClient"/> make clients that connect from a loopback address of the test's
/// choosing (127.0.0.2, 127.0.0.3, …), so that the portal and the proxy see distinct client addresses.
/// </summary>
public sealed class TlsTerminatingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
    };

    private readonly WebApplication _proxy;
    private readonly HttpClient _upstream;
    private readonly X509Certificate2 _certificate;

    private TlsTerminatingProxy(WebApplication proxy, HttpClient upstream, X509Certificate2 certificate)
    {
        _proxy = proxy;
        _upstream = upstream;
        _certificate = certificate;
    }

    /// <summary>Where the proxy listens (https, on 127.0.0.1).</summary>
    public IPEndPoint Endpoint { get; private set; } = null!;

    public static async Task<TlsTerminatingProxy> StartAsync(Uri portal)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var certificate = SelfSignedCertificate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Proxy", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None });
        var proxy = new TlsTerminatingProxy(app, upstream, certificate);
        app.Run(context => proxy.ForwardAsync(context, portal));
        await app.StartAsync();
        var address = new Uri(app.Urls.Single());
        proxy.Endpoint = new IPEndPoint(IPAddress.Loopback, address.Port);
        return proxy;
    }

    /// <summary>A browser-like client of the proxy, connecting from <paramref name="from"/>, that asks for <c>https://{host}</c>.</summary>
    public HttpClient Client(IPAddress from, string host) =>
        NewClient(from, Endpoint, new Uri($"https://{host}:{Endpoint.Port}"), _certificate);

    /// <summary>A client that goes around the proxy: straight to the portal over plain http, from <paramref name="from"/>.</summary>
    public static HttpClient DirectClient(IPAddress from, Uri portal, string host)
    {
        ArgumentNullException.ThrowIfNull(portal);
        return NewClient(from, new IPEndPoint(IPAddress.Loopback, portal.Port), new Uri($"http://{host}:{portal.Port}"), trusted: null);
    }

    private static HttpClient NewClient(IPAddress from, IPEndPoint to, Uri baseAddress, X509Certificate2? trusted)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = new CookieContainer(),
            // Whatever host the URL names, the connection goes to the given endpoint, from the given local address.
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(to, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        // The proxy's own throwaway certificate, pinned: whatever name the test asks for, this is the one to trust.
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            trusted is not null && certificate is not null && certificate.GetCertHashString() == trusted.GetCertHashString();
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }

    private async Task ForwardAsync(HttpContext context, Uri portal)
    {
        var incoming = context.Request;
        using var outgoing = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(portal, incoming.Path + incoming.QueryString));
        if (incoming.ContentLength > 0 || incoming.Headers.TransferEncoding.Count > 0) outgoing.Content = new StreamContent(incoming.Body);
        foreach (var (name, values) in incoming.Headers)
        {
            if (HopByHop.Contains(name)) continue;
            if (!outgoing.Headers.TryAddWithoutValidation(name, values.ToArray())) outgoing.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }

        outgoing.Headers.Host = incoming.Host.Value;
        var claimed = incoming.Headers["X-Forwarded-For"].ToString();
        var client = context.Connection.RemoteIpAddress!.ToString();
        outgoing.Headers.TryAddWithoutValidation("X-Forwarded-For", string.IsNullOrEmpty(claimed) ? client : claimed + ", " + client);
        outgoing.Headers.TryAddWithoutValidation("X-Forwarded-Proto", incoming.Scheme);

        using var answer = await _upstream.SendAsync(outgoing, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (HopByHop.Contains(name)) continue;
            context.Response.Headers[name] = values.ToArray();
        }

        await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=portal.test", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        _upstream.Dispose();
        _certificate.Dispose();
    }
}
