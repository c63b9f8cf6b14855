using System.Net;
using System.Net.Sockets;

namespace PreviewAccess.Domain.Webhooks;

/// <summary>
/// Which addresses a webhook may be sent to. Never: cloud metadata services, link-local, unspecified, multicast,
/// broadcast or reserved addresses. Loopback and private networks only when the operator allows them
/// (<c>Webhooks:AllowPrivateNetworks</c>): otherwise a webhook could reach the portal's own network.
/// An IPv6 address that carries an IPv4 address (IPv4-mapped and -compatible, SIIT, NAT64, 6to4, Teredo, ISATAP)
/// is judged by that IPv4 address too: a translator or tunnel on the way would deliver to it.
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

    /// <summary>Where RFC 6052 puts the IPv4 address after a /32, /40, /48, /56, /64 and /96 prefix (byte 8 is always skipped).</summary>
    private static readonly int[][] Rfc6052Positions = [[4, 5, 6, 7], [5, 6, 7, 9], [6, 7, 9, 10], [7, 9, 10, 11], [9, 10, 11, 12], [12, 13, 14, 15]];

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
            if (EmbeddedRefusal(b, allowPrivateNetworks) is { } embedded) return embedded;
            // fc00::/7 unique local, fec0::/10 the old site-local.
            var isPrivate = (b[0] & 0xFE) == 0xFC || address.IsIPv6SiteLocal || IsLocalTranslationPrefix(b);
            return isPrivate && !allowPrivateNetworks ? "a private-network address" : null;
        }

        return "not an internet address";
    }

    /// <summary>
    /// The refusal of an IPv4 address carried inside an IPv6 address, in words that name both; null when there is
    /// none or it is allowed. Inside 64:ff9b::/32 outside the well-known /96 (the local-use 64:ff9b:1::/48 and the
    /// reserved rest) the operator chooses where the IPv4 address sits (RFC 6052: after a /32, /40, /48, /56, /64 or
    /// /96 prefix): every position is tried, and a metadata or link-local address at any of them refuses; the
    /// prefix itself is a private network (<see cref="IsLocalTranslationPrefix"/>).
    /// </summary>
    private static string? EmbeddedRefusal(byte[] b, bool allowPrivateNetworks)
    {
        foreach (var (form, ipv4) in EmbeddedIPv4(b))
        {
            if (Refusal(ipv4, allowPrivateNetworks) is { } refusal) return $"{form} that reaches {refusal} ({ipv4})";
        }

        if (!IsLocalTranslationPrefix(b)) return null;
        foreach (var offsets in Rfc6052Positions)
        {
            var ipv4 = new IPAddress(offsets.Select(i => b[i]).ToArray());
            var isMetadataOrLinkLocal = MetadataAddresses.Contains(ipv4) || ipv4.GetAddressBytes() is [169, 254, _, _];
            if (isMetadataOrLinkLocal) return $"a NAT64 address that reaches {Refusal(ipv4, allowPrivateNetworks: true)} ({ipv4})";
        }

        return null;
    }

    /// <summary>64:ff9b::/32 other than the well-known prefix 64:ff9b::/96: translation inside someone's own network.</summary>
    private static bool IsLocalTranslationPrefix(byte[] b) => IsWellKnownNat64Space(b) && !IsWellKnownNat64(b);

    private static bool IsWellKnownNat64Space(byte[] b) => b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B;

    private static bool IsWellKnownNat64(byte[] b) => IsWellKnownNat64Space(b) && AllZero(b, 4, 8);

    /// <summary>Each IPv4 address an IPv6 address carries where its form puts it, with the form's name.</summary>
    private static IEnumerable<(string Form, IPAddress IPv4)> EmbeddedIPv4(byte[] b)
    {
        // ::a.b.c.d, IPv4-compatible (deprecated, but a stack may still route it to a.b.c.d); :: and ::1 are handled before.
        if (AllZero(b, 0, 12)) yield return ("an IPv4-compatible address", Last32(b));
        // ::ffff:0:a.b.c.d, SIIT's IPv4-translated form.
        if (AllZero(b, 0, 8) && b[8] == 0xFF && b[9] == 0xFF && b[10] == 0 && b[11] == 0) yield return ("an IPv4-translated address", Last32(b));
        // 64:ff9b::a.b.c.d, the NAT64 well-known prefix.
        if (IsWellKnownNat64(b)) yield return ("a NAT64 address", Last32(b));
        // 2002:AABB:CCDD::/48, 6to4.
        if (b[0] == 0x20 && b[1] == 0x02) yield return ("a 6to4 address", new IPAddress(b[2..6]));
        // 2001:0:SSSS:SSSS:flags:port:CCCC:CCCC, Teredo: the server's address, and the client's inverted.
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
        {
            yield return ("a Teredo address", new IPAddress(b[4..8]));
            yield return ("a Teredo address", new IPAddress(b[12..16].Select(x => (byte)~x).ToArray()));
        }

        // An ISATAP interface identifier (0:5efe or 200:5efe, the universal/local bit either way) under any prefix.
        if ((b[8] & 0xFD) == 0 && b[9] == 0 && b[10] == 0x5E && b[11] == 0xFE) yield return ("an ISATAP address", Last32(b));
    }

    private static IPAddress Last32(byte[] b) => new(b[12..16]);

    private static bool AllZero(byte[] b, int start, int length) => b.AsSpan(start, length).IndexOfAnyExcept((byte)0) < 0;
}
