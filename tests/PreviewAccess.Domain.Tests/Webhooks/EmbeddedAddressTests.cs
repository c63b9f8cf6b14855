using System.Net;
using PreviewAccess.Domain.Webhooks;

namespace PreviewAccess.Domain.Tests.Webhooks;

/// <summary>
/// IPv6 addresses that carry an IPv4 address inside them (transition and translation forms) are judged by the IPv4
/// address they reach: a metadata or link-local one is refused always, a loopback or private one unless private
/// networks are allowed, exactly as the IPv4 address itself would be.
/// </summary>
public sealed class EmbeddedAddressTests
{
    [Theory]
    // IPv4-mapped (already handled before: kept here so every form is listed in one place).
    [InlineData("::ffff:169.254.169.254", "cloud metadata")]
    // IPv4-compatible (deprecated ::a.b.c.d).
    [InlineData("::169.254.169.254", "cloud metadata")]
    [InlineData("::a9fe:101", "link-local")]
    // SIIT IPv4-translated ::ffff:0:a.b.c.d.
    [InlineData("::ffff:0:169.254.169.254", "cloud metadata")]
    // NAT64 well-known prefix 64:ff9b::/96.
    [InlineData("64:ff9b::169.254.169.254", "cloud metadata")]
    [InlineData("64:ff9b::a9fe:1", "link-local")]
    [InlineData("64:ff9b::100.100.100.200", "cloud metadata")]
    [InlineData("64:ff9b::224.0.0.1", "multicast")]
    [InlineData("64:ff9b::0.0.0.0", "unspecified")]
    // NAT64 local-use prefix 64:ff9b:1::/48, whatever prefix length the operator chose (RFC 6052 positions).
    [InlineData("64:ff9b:1::169.254.169.254", "cloud metadata")]
    [InlineData("64:ff9b:1:a9fe:a9:fe00::", "cloud metadata")]
    [InlineData("64:ff9b:1:ffff:ffa9:fe01:100::", "link-local")]
    // 6to4 2002:AABB:CCDD::/48.
    [InlineData("2002:a9fe:a9fe::1", "cloud metadata")]
    [InlineData("2002:a9fe:101:1::5", "link-local")]
    // Teredo 2001:0::/32: the client's address is the last 32 bits, inverted (169.254.169.254 → 5601:5601).
    [InlineData("2001:0:4136:e378:8000:63bf:5601:5601", "cloud metadata")]
    [InlineData("2001:0:4136:e378:8000:63bf:5601:fefe", "link-local")]
    // ISATAP: an interface identifier 0:5efe or 200:5efe followed by the IPv4 address, under any prefix.
    [InlineData("2001:db8:1:2:0:5efe:169.254.169.254", "cloud metadata")]
    [InlineData("2001:db8:1:2:200:5efe:169.254.1.1", "link-local")]
    public void An_IPv6_form_embedding_a_metadata_link_local_or_reserved_IPv4_address_is_refused_whatever_the_setting(string address, string expected)
    {
        foreach (var allowPrivate in new[] { false, true })
        {
            var refusal = NetworkAddressRules.Refusal(IPAddress.Parse(address), allowPrivate);
            Assert.True(refusal is not null && refusal.Contains(expected, StringComparison.Ordinal), $"{address} (private allowed: {allowPrivate}): {refusal ?? "allowed"}");
        }
    }

    [Theory]
    [InlineData("::ffff:10.0.0.1", "private-network")]
    [InlineData("::127.0.0.1", "loopback")]
    [InlineData("::10.0.0.1", "private-network")]
    [InlineData("::ffff:0:192.168.1.1", "private-network")]
    [InlineData("64:ff9b::127.0.0.1", "loopback")]
    [InlineData("64:ff9b::10.1.2.3", "private-network")]
    [InlineData("64:ff9b::172.16.0.1", "private-network")]
    [InlineData("64:ff9b::100.64.0.1", "private-network")]
    [InlineData("64:ff9b:1::10.0.0.1", "private-network")]
    [InlineData("64:ff9b:1::8.8.8.8", "private-network")]
    [InlineData("2002:7f00:1::1", "loopback")]
    [InlineData("2002:c0a8:101::1", "private-network")]
    [InlineData("2002:a00:1:1::1", "private-network")]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback")]
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe", "private-network")]
    [InlineData("2001:0:a00:1:8000:63bf:f7f7:f7f7", "private-network")]
    [InlineData("2001:db8:1:2:0:5efe:10.0.0.1", "private-network")]
    public void An_IPv6_form_embedding_a_loopback_or_private_IPv4_address_is_refused_unless_private_networks_are_allowed(string address, string expected)
    {
        var refusal = NetworkAddressRules.Refusal(IPAddress.Parse(address), allowPrivateNetworks: false);
        Assert.True(refusal is not null && refusal.Contains(expected, StringComparison.Ordinal), $"{address}: {refusal ?? "allowed"}");
        Assert.Null(NetworkAddressRules.Refusal(IPAddress.Parse(address), allowPrivateNetworks: true));
    }

    [Theory]
    [InlineData("64:ff9b::8.8.8.8")]
    [InlineData("64:ff9b::93.184.216.34")]
    [InlineData("2002:5db8:d822::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:a247:27dd")]
    [InlineData("2001:db8:1:2:0:5efe:93.184.216.34")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("2001:4860:4860::8888")]
    public void IPv6_forms_embedding_a_public_IPv4_address_and_ordinary_public_IPv6_addresses_are_allowed(string address)
    {
        Assert.Null(NetworkAddressRules.Refusal(IPAddress.Parse(address), allowPrivateNetworks: false));
    }

    [Fact]
    public void The_IPv6_loopback_is_not_read_as_an_embedded_IPv4_address()
    {
        Assert.Null(NetworkAddressRules.Refusal(IPAddress.IPv6Loopback, allowPrivateNetworks: true));
        Assert.Contains("loopback", NetworkAddressRules.Refusal(IPAddress.IPv6Loopback, allowPrivateNetworks: false), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/latest/meta-data/", "cloud metadata")]
    [InlineData("http://[2002:a9fe:a9fe::]/", "cloud metadata")]
    [InlineData("http://[::169.254.169.254]/", "cloud metadata")]
    public void A_webhook_url_whose_host_is_such_a_form_is_refused(string url, string expected)
    {
        var (checkedUrl, error) = WebhookUrl.Check(url, allowPrivateNetworks: true);
        Assert.Null(checkedUrl);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
