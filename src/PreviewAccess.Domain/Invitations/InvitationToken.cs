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

    /// <summary>The length of <see cref="Hash(string)"/>: 64 hex digits.</summary>
    public const int HashLength = SHA256.HashSizeInBytes * 2;

    /// <summary>Lower-case hex SHA-256 of the secret as UTF-8.</summary>
    public static string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    /// <summary>
    /// <see cref="Hash(string)"/> into <paramref name="destination"/> (<see cref="HashLength"/> characters), allocating
    /// nothing: the API key of every gateway request is hashed. False for a secret longer than <paramref name="maxLength"/>.
    /// </summary>
    public static bool TryHash(ReadOnlySpan<char> secret, Span<char> destination, int maxLength)
    {
        // The UTF-8 copy lives on the stack (at most three bytes a character): keep it small.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLength, 1024);
        if (secret.Length > maxLength || destination.Length < HashLength) return false;
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetByteCount(secret)];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(secret, utf8)], hash);
        return Convert.TryToHexStringLower(hash, destination, out _);
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
