using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using PreviewAccess.Domain.Webhooks;

namespace PreviewAccess.Web.Features.Webhooks;

/// <summary>A connection the guard refused: the host resolved only to addresses webhooks are never sent to.</summary>
public sealed class WebhookAddressRefusedException(string message) : Exception(message);

/// <summary>
/// Resolves a webhook's host and keeps only the addresses <see cref="NetworkAddressRules"/> allows. It runs when an
/// admin registers a URL (to say at once what is wrong) and again as the connection callback of every delivery, so
/// that the address checked is the address connected to: a host re-pointed to a metadata or internal address after
/// registration (DNS rebinding) is refused there.
/// </summary>
public sealed class WebhookAddressGuard(IOptions<WebhookOptions> options)
{
    private bool AllowPrivate => options.Value.AllowPrivateNetworks;

    /// <summary>The URL checked as text and its host resolved; null when fine, else the sentence for the person.</summary>
    public async Task<string?> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        try
        {
            await ResolveAllowedAsync(url.IdnHost, cancellationToken);
            return null;
        }
        catch (WebhookAddressRefusedException e)
        {
            return e.Message;
        }
    }

    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>: connects only to an allowed address of the host.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var addresses = await ResolveAllowedAsync(context.DnsEndPoint.Host, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<IPAddress[]> ResolveAllowedAsync(string host, CancellationToken cancellationToken)
    {
        var name = host.Trim('[', ']');
        if (NetworkAddressRules.IsMetadataHost(name)) throw new WebhookAddressRefusedException("The URL points to a cloud metadata service; webhooks are never sent there.");
        IPAddress[] resolved;
        if (IPAddress.TryParse(name, out var literal))
        {
            resolved = [literal];
        }
        else
        {
            try
            {
                resolved = await Dns.GetHostAddressesAsync(name, cancellationToken);
            }
            catch (SocketException)
            {
                throw new WebhookAddressRefusedException($"The host {name} could not be resolved.");
            }
        }

        var refusals = resolved.Select(a => (Address: a, Refusal: NetworkAddressRules.Refusal(a, AllowPrivate))).ToList();
        var allowed = refusals.Where(r => r.Refusal is null).Select(r => r.Address).ToArray();
        if (allowed.Length > 0) return allowed;
        var reason = refusals.FirstOrDefault().Refusal ?? "no address";
        throw new WebhookAddressRefusedException(refusals.Count == 0
            ? $"The host {name} has no address."
            : $"The host {name} resolves to {reason} ({refusals[0].Address}): webhooks are not sent there.");
    }
}
