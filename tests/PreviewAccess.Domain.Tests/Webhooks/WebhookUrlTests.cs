using System.Net;
using PreviewAccess.Domain.Webhooks;

namespace PreviewAccess.Domain.Tests.Webhooks;

/// <summary>Where a webhook may go: http(s) only, never link-local or metadata, private networks only when allowed.</summary>
public sealed class WebhookUrlTests
{
    [Theory]
    [InlineData("https://hooks.example.com/preview")]
    [InlineData("http://hooks.example.com:8080/preview?team=a")]
    [InlineData("https://93.184.216.34/hook")]
    [InlineData("https://[2606:2800:220:1:248:1893:25c8:1946]/hook")]
    public void Public_http_and_https_urls_are_accepted(string url)
    {
        var (checkedUrl, error) = WebhookUrl.Check(url, allowPrivateNetworks: false);
        Assert.Null(error);
        Assert.Equal(new Uri(url), checkedUrl);
    }

    [Theory]
    [InlineData(null, "Enter the URL")]
    [InlineData("   ", "Enter the URL")]
    [InlineData("/relative/hook", "Enter an absolute URL")]
    [InlineData("file:///etc/passwd", "Enter an absolute URL")]
    [InlineData("ftp://hooks.example.com/", "https:// or http://")]
    [InlineData("gopher://hooks.example.com/", "https:// or http://")]
    [InlineData("javascript:alert(1)", "https:// or http://")]
    [InlineData("https://admin:secret@hooks.example.com/", "user name or password")]
    [InlineData("https://hooks.example.com/#top", "fragment")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata")]
    [InlineData("http://METADATA.GOOGLE.INTERNAL./", "cloud metadata")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "cloud metadata")]
    [InlineData("http://[fd00:ec2::254]/", "cloud metadata")]
    [InlineData("http://169.254.1.1/", "link-local")]
    [InlineData("http://[fe80::1ff:fe23:4567:890a]/", "link-local")]
    [InlineData("http://0.0.0.0/", "unspecified")]
    [InlineData("http://[::]/", "unspecified")]
    [InlineData("http://239.255.255.250/", "multicast")]
    [InlineData("http://255.255.255.255/", "multicast, broadcast")]
    [InlineData("http://[ff02::1]/", "multicast")]
    [InlineData("http://[::ffff:169.254.169.254]/", "cloud metadata")]
    public void Other_schemes_credentials_and_internal_hosts_are_refused_whatever_the_setting(string? url, string expected)
    {
        foreach (var allowPrivate in new[] { false, true })
        {
            var (checkedUrl, error) = WebhookUrl.Check(url, allowPrivate);
            Assert.Null(checkedUrl);
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/hook", "loopback")]
    [InlineData("http://[::1]/hook", "loopback")]
    [InlineData("http://10.0.0.5/hook", "private-network")]
    [InlineData("http://172.16.0.1/hook", "private-network")]
    [InlineData("http://172.31.255.255/hook", "private-network")]
    [InlineData("http://192.168.1.20/hook", "private-network")]
    [InlineData("http://100.64.0.1/hook", "private-network")]
    [InlineData("http://[fd12:3456::1]/hook", "private-network")]
    [InlineData("http://[::ffff:10.0.0.1]/hook", "private-network")]
    public void Loopback_and_private_hosts_are_refused_unless_allowed(string url, string expected)
    {
        var (refused, error) = WebhookUrl.Check(url, allowPrivateNetworks: false);
        Assert.Null(refused);
        Assert.Contains(expected, error, StringComparison.Ordinal);

        var (allowed, none) = WebhookUrl.Check(url, allowPrivateNetworks: true);
        Assert.Null(none);
        Assert.NotNull(allowed);
    }

    [Theory]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("169.253.255.255")]
    [InlineData("8.8.8.8")]
    public void Addresses_next_to_the_refused_ranges_are_public(string address)
    {
        Assert.Null(NetworkAddressRules.Refusal(IPAddress.Parse(address), allowPrivateNetworks: false));
    }

    [Fact]
    public void A_url_longer_than_the_limit_is_refused()
    {
        var (url, error) = WebhookUrl.Check("https://hooks.example.com/" + new string('a', WebhookUrl.MaxLength), allowPrivateNetworks: false);
        Assert.Null(url);
        Assert.Contains("at most", error, StringComparison.Ordinal);
    }
}
