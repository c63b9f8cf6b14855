using Microsoft.Extensions.Options;
using PreviewAccess.Web.Features.Webhooks;

namespace PreviewAccess.Web.Tests.Webhooks;

/// <summary>
/// The guard that runs at registration and as every delivery's connection callback refuses the IPv6 forms that
/// reach an IPv4 address inside them, as it refuses that IPv4 address itself.
/// </summary>
public sealed class WebhookAddressGuardTests
{
    private static WebhookAddressGuard Guard(bool allowPrivateNetworks) =>
        new(Options.Create(new WebhookOptions { AllowPrivateNetworks = allowPrivateNetworks }));

    [Theory]
    [InlineData("http://[::169.254.169.254]/", "cloud metadata")]
    [InlineData("http://[::ffff:0:a9fe:a9fe]/", "cloud metadata")]
    [InlineData("http://[64:ff9b::169.254.169.254]/", "cloud metadata")]
    [InlineData("http://[64:ff9b:1::a9fe:101]/", "link-local")]
    [InlineData("http://[2002:a9fe:a9fe::1]/", "cloud metadata")]
    [InlineData("http://[2001:0:4136:e378:8000:63bf:5601:5601]/", "cloud metadata")]
    [InlineData("http://[2001:db8::5efe:a9fe:a9fe]/", "cloud metadata")]
    public async Task Forms_embedding_a_metadata_or_link_local_address_are_refused_even_where_private_networks_are_allowed(string url, string expected)
    {
        foreach (var allowPrivate in new[] { false, true })
        {
            var refusal = await Guard(allowPrivate).CheckAsync(new Uri(url), CancellationToken.None);
            Assert.True(refusal is not null && refusal.Contains(expected, StringComparison.Ordinal), $"{url} (private allowed: {allowPrivate}): {refusal ?? "allowed"}");
        }
    }

    [Theory]
    [InlineData("http://[::127.0.0.1]/", "loopback")]
    [InlineData("http://[64:ff9b::10.0.0.1]/", "private-network")]
    [InlineData("http://[64:ff9b:1::8.8.8.8]/", "private-network")]
    [InlineData("http://[2002:c0a8:101::1]/", "private-network")]
    [InlineData("http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/", "private-network")]
    public async Task Forms_embedding_a_loopback_or_private_address_are_refused_unless_private_networks_are_allowed(string url, string expected)
    {
        var refusal = await Guard(allowPrivateNetworks: false).CheckAsync(new Uri(url), CancellationToken.None);
        Assert.True(refusal is not null && refusal.Contains(expected, StringComparison.Ordinal), $"{url}: {refusal ?? "allowed"}");
        Assert.Null(await Guard(allowPrivateNetworks: true).CheckAsync(new Uri(url), CancellationToken.None));
    }

    [Fact]
    public async Task The_NAT64_form_of_a_public_address_is_allowed()
    {
        Assert.Null(await Guard(allowPrivateNetworks: false).CheckAsync(new Uri("http://[64:ff9b::93.184.216.34]/"), CancellationToken.None));
    }
}
