using System.Security.Cryptography;
using System.Text;

namespace PreviewAccess.Domain.Audit;

/// <summary>
/// The secret the audit chain is keyed with. Event hashes and checkpoint signatures are HMAC-SHA256 under it, so someone
/// who can rewrite the database but does not hold the key cannot re-hash the chain or sign a checkpoint. It is never
/// stored with the events: its <see cref="Id"/> (a fingerprint that reveals nothing of it) is.
/// </summary>
public sealed class AuditChainKey
{
    /// <summary>Shortest secret accepted: 256 bits.</summary>
    public const int MinimumLength = 32;

    public const string UnkeyedId = "unkeyed";

    private readonly byte[]? _secret;

    private AuditChainKey(byte[]? secret)
    {
        _secret = secret;
        Id = secret is null
            ? UnkeyedId
            : "k-" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, "PreviewAccess audit chain key id"u8))[..24];
    }

    /// <summary>The chain as it was first written: plain SHA-256, verifiable (and forgeable) by anyone.</summary>
    public static AuditChainKey Unkeyed { get; } = new(null);

    public string Id { get; }

    public bool IsKeyed => _secret is not null;

    public static AuditChainKey FromSecret(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < MinimumLength) throw new ArgumentException($"An audit chain key has at least {MinimumLength} bytes.", nameof(secret));
        return new AuditChainKey(secret.ToArray());
    }

    /// <summary>A configured key: its text, UTF-8 encoded, at least <see cref="MinimumLength"/> characters.</summary>
    public static AuditChainKey FromText(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Trim().Length < MinimumLength) throw new ArgumentException($"An audit chain key has at least {MinimumLength} characters.", nameof(secret));
        return new AuditChainKey(Encoding.UTF8.GetBytes(secret.Trim()));
    }

    /// <summary>Lower-case hex: HMAC-SHA256 under the key, or SHA-256 for the unkeyed chain.</summary>
    public string Hash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        return Convert.ToHexStringLower(_secret is null ? SHA256.HashData(bytes) : HMACSHA256.HashData(_secret, bytes));
    }

    /// <summary>A signature only a holder of the key can make; the unkeyed chain signs nothing.</summary>
    public string Sign(string text) =>
        IsKeyed ? Hash(text) : throw new InvalidOperationException("Only a keyed chain signs checkpoints.");

    public bool Verifies(string text, string signature) => IsKeyed && SameText(Hash(text), signature ?? string.Empty);

    /// <summary>Length-prefixed fields: no two different lists serialize to the same text.</summary>
    public static string Fields(params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var text = new StringBuilder();
        foreach (var field in fields) text.Append(field.Length).Append(':').Append(field).Append('|');
        return text.ToString();
    }

    /// <summary>Compares hashes in constant time.</summary>
    public static bool SameText(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a ?? string.Empty), Encoding.ASCII.GetBytes(b ?? string.Empty));

    public override string ToString() => Id;
}
