using System.Security.Cryptography;
using System.Text;
using PreviewAccess.Domain.Invitations;

namespace PreviewAccess.Domain.Tests.Invitations;

/// <summary>A secret handed out once: at least 128 bits of entropy, kept only as a hash.</summary>
public sealed class SecretTokenTests
{
    [Fact]
    public void A_token_carries_at_least_128_bits_of_randomness()
    {
        var token = SecretToken.Issue();

        var bytes = FromBase64Url(token.Secret);

        Assert.True(bytes.Length * 8 >= 128, $"{bytes.Length * 8} bits");
        Assert.Equal(32, bytes.Length);
    }

    [Theory]
    [InlineData("pa_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH")]
    [InlineData("x")]
    [InlineData("clé-à-ünïcode-键")]
    public void Hashing_into_a_buffer_gives_the_stored_hash(string secret)
    {
        Span<char> hash = stackalloc char[SecretToken.HashLength];

        Assert.True(SecretToken.TryHash(secret, hash, maxLength: 200));
        Assert.Equal(SecretToken.Hash(secret), hash.ToString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), hash.ToString());
    }

    [Fact]
    public void A_secret_longer_than_allowed_is_not_hashed_into_a_buffer()
    {
        var hash = new char[SecretToken.HashLength];

        Assert.False(SecretToken.TryHash(new string('k', 201), hash, maxLength: 200));
        Assert.False(SecretToken.TryHash("short", new char[10], maxLength: 200));
    }

    [Fact]
    public void A_token_is_safe_to_put_in_a_link()
    {
        var secret = SecretToken.Issue().Secret;

        Assert.All(secret, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' in a link"));
    }

    [Fact]
    public void Tokens_do_not_repeat()
    {
        var secrets = Enumerable.Range(0, 1000).Select(_ => SecretToken.Issue().Secret).ToList();

        Assert.Equal(secrets.Count, secrets.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_hash_is_the_lower_case_hex_SHA256_of_the_secret()
    {
        var token = SecretToken.Issue();

        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token.Secret)));

        Assert.Equal(expected, token.Hash);
        Assert.Equal(64, token.Hash.Length);
        Assert.Equal(token.Hash, SecretToken.Hash(token.Secret));
        Assert.DoesNotContain(token.Secret, token.Hash, StringComparison.Ordinal);
    }

    [Fact]
    public void A_different_secret_has_a_different_hash()
    {
        var token = SecretToken.Issue();

        Assert.NotEqual(token.Hash, SecretToken.Hash(token.Secret + "x"));
        Assert.NotEqual(token.Hash, SecretToken.Hash(token.Secret.ToUpperInvariant()));
    }

    [Fact]
    public void A_prefix_is_kept_in_front_of_the_random_part()
    {
        var token = SecretToken.Issue("pa_");

        Assert.StartsWith("pa_", token.Secret, StringComparison.Ordinal);
        Assert.Equal(32, FromBase64Url(token.Secret["pa_".Length..]).Length);
    }

    private static byte[] FromBase64Url(string value)
    {
        var base64 = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }
}
