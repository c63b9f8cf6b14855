using System.Security.Cryptography;
using System.Text;
using PreviewAccess.Domain.Webhooks;

namespace PreviewAccess.Domain.Tests.Webhooks;

/// <summary>The signature a receiver checks: HMAC-SHA256 of "timestamp.body" with the endpoint's secret, as sha256=hex.</summary>
public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_0123456789abcdefghijklmnopqrstuv";
    private const string Body = """{"id":"e1","type":"grant.enabled","occurredAt":"2026-11-25T10:00:00.000Z","data":{}}""";

    [Fact]
    public void The_signature_is_the_hmac_of_timestamp_dot_body_in_lower_case_hex()
    {
        var signature = WebhookSignature.Compute(Secret, "1795600000", Body);

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes("1795600000." + Body)));
        Assert.Equal("sha256=" + expected, signature);
    }

    [Fact]
    public void A_vector_computed_outside_dotnet_matches()
    {
        // Python: hmac.new(b"whsec_test", b'1795600000.{"id":"e1"}', hashlib.sha256).hexdigest()
        Assert.Equal("sha256=adf3e4948ab8120060e0dfe09b512f5001572ff4f93cc5582a60f53da9fe1e84",
            WebhookSignature.Compute("whsec_test", "1795600000", """{"id":"e1"}"""));
    }

    [Fact]
    public void Verification_fails_for_another_secret_timestamp_body_or_scheme()
    {
        var signature = WebhookSignature.Compute(Secret, "1795600000", Body);

        Assert.True(WebhookSignature.Verify(Secret, "1795600000", Body, signature));
        Assert.False(WebhookSignature.Verify(Secret + "x", "1795600000", Body, signature));
        Assert.False(WebhookSignature.Verify(Secret, "1795600001", Body, signature));
        Assert.False(WebhookSignature.Verify(Secret, "1795600000", Body + " ", signature));
        Assert.False(WebhookSignature.Verify(Secret, "1795600000", Body, signature.Replace("sha256=", "sha1=", StringComparison.Ordinal)));
        Assert.False(WebhookSignature.Verify(Secret, "1795600000", Body, signature.ToUpperInvariant()));
        Assert.False(WebhookSignature.Verify(Secret, "1795600000", Body, null));
    }

    [Fact]
    public void The_timestamp_is_unix_seconds()
    {
        Assert.Equal("1795600000", WebhookSignature.Timestamp(DateTimeOffset.FromUnixTimeSeconds(1_795_600_000).AddMilliseconds(999)));
    }
}
