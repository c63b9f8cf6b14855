using System.Security.Cryptography;
using System.Text;

namespace PreviewAccess.Domain.Invitations;

/// <summary>
/// A secret handed to a person once (in a link) and stored only as its SHA-256 hash.
/// 32 random bytes: 256 bits of entropy, well over the 128 the program requires.
/// </summary>
public sealed record IssuedToken(string Secret, string Hash);

public static class SecretToken
{
    private const int EntropyBytes = 32;

    public static IssuedToken Issue(string prefix = "")
    {
        var secret = prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(EntropyBytes));
        return new IssuedToken(secret, Hash(secret));
    }

    /// <summary>Lower-case hex SHA-256 of the secret as UTF-8.</summary>
    public static string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
