using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace PreviewAccess.Web.Features.Webhooks;

/// <summary>
/// Endpoint secrets are needed in clear to sign, so they are kept encrypted with the portal's data-protection keys
/// (which live in the database and are shared by every instance), never as plain text, never in a log.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider dataProtection)
{
    private const string Prefix = "whsec_";
    private readonly IDataProtector _protector = dataProtection.CreateProtector("PreviewAccess.Webhooks.EndpointSecret.v1");

    /// <summary>A new secret: 256 random bits.</summary>
    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The last characters, enough to tell secrets apart and nothing more.</summary>
    public static string Hint(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return "…" + secret[^Math.Min(4, secret.Length)..];
    }

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
