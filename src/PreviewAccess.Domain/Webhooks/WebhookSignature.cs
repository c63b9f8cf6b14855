using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PreviewAccess.Domain.Webhooks;

/// <summary>
/// How a delivery proves it comes from the portal: <c>X-PreviewAccess-Signature: sha256=&lt;hex&gt;</c>, the
/// HMAC-SHA256 with the endpoint's secret of <c>&lt;timestamp&gt;.&lt;body&gt;</c>, where the timestamp is the
/// <c>X-PreviewAccess-Timestamp</c> header (Unix seconds). Signing the timestamp lets a receiver refuse replays.
/// </summary>
public static class WebhookSignature
{
    public const string EventIdHeader = "X-PreviewAccess-Event-Id";
    public const string EventTypeHeader = "X-PreviewAccess-Event-Type";
    public const string TimestampHeader = "X-PreviewAccess-Timestamp";
    public const string SignatureHeader = "X-PreviewAccess-Signature";
    private const string Scheme = "sha256=";

    public static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static string Compute(string secret, string timestamp, string body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(timestamp);
        ArgumentNullException.ThrowIfNull(body);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return Scheme + Convert.ToHexStringLower(mac);
    }

    /// <summary>What a receiver does: recompute and compare in constant time.</summary>
    public static bool Verify(string secret, string timestamp, string body, string? signature)
    {
        if (signature is null || !signature.StartsWith(Scheme, StringComparison.Ordinal)) return false;
        var expected = Encoding.ASCII.GetBytes(Compute(secret, timestamp, body));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
