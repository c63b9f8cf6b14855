namespace PreviewAccess.Data.Audit;

/// <summary>
/// A chain key the portal made itself because <c>Audit:ChainKey</c> is not configured: random, and stored only
/// encrypted by the data-protection system. Never in the events table.
/// </summary>
public sealed class StoredAuditChainKey
{
    public StoredAuditChainKey(string keyId, string protectedSecret, DateTimeOffset createdAt)
    {
        KeyId = keyId;
        ProtectedSecret = protectedSecret;
        CreatedAt = createdAt;
    }

    /// <summary>The key's fingerprint (<see cref="Domain.Audit.AuditChainKey.Id"/>).</summary>
    public string KeyId { get; private set; }

    /// <summary>The secret, encrypted with the data-protection keys (base64).</summary>
    public string ProtectedSecret { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
