using System.Net;
using System.Net.Sockets;

namespace PreviewAccess.Domain.Webhooks;

/// <summary>
/// Which addresses a webhook may be sent to. Never: cloud metadata services, link-local, unspecified, multicast,
/// broadcast or reserved addresses. Loopback and private networks only when the operator allows them
/// (<c>Webhooks:AllowPrivateNetworks</c>): otherwise a webhook could reach the portal's own network.
/// </summary>
public static class NetworkAddressRules
{
    /// <summary>Host names that name a metadata service whatever they resolve to.</summary>
    private static readonly string[] MetadataHosts = ["metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal"];

    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), IPAddress.Parse("169.254.170.2"), IPAddress.Parse("100.100.100.200"),
        IPAddress.Parse("fd00:ec2::254"),
    ];

    public static bool IsMetadataHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.TrimEnd('.');
        return MetadataHosts.Contains(name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Why the address is refused, in words for the person ("a link-local address"), or null when it is allowed.</summary>
    public static string? Refusal(IPAddress address, bool allowPrivateNetworks)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (MetadataAddresses.Any(m => m.Equals(address))) return "a cloud metadata address";

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            if (b[0] == 169 && b[1] == 254) return "a link-local address";
            if (b[0] == 0) return "an unspecified address";
            if (b[0] >= 224) return "a multicast, broadcast or reserved address";
            if (b[0] == 127) return allowPrivateNetworks ? null : "a loopback address";
            var isPrivate = b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 100 && b[1] is >= 64 and <= 127) || (b[0] == 198 && b[1] is 18 or 19);
            return isPrivate && !allowPrivateNetworks ? "a private-network address" : null;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv6LinkLocal) return "a link-local address";
            if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any)) return "an unspecified address";
            if (address.IsIPv6Multicast) return "a multicast, broadcast or reserved address";
            if (address.Equals(IPAddress.IPv6Loopback)) return allowPrivateNetworks ? null : "a loopback address";
            var b = address.GetAddressBytes();
            // fc00::/7 unique local, fec0::/10 the old site-local.
            var isPrivate = (b[0] & 0xFE) == 0xFC || address.IsIPv6SiteLocal;
            return isPrivate && !allowPrivateNetworks ? "a private-network address" : null;
        }

        return "not an internet address";
    }
}
