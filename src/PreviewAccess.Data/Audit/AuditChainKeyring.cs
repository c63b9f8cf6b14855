using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using PreviewAccess.Domain.Audit;

namespace PreviewAccess.Data.Audit;

/// <summary>
/// The keys of the audit chain. The current one is <c>Audit:ChainKey</c> when configured (held outside the database:
/// the default production should use); otherwise a random key the portal makes once and keeps in the database encrypted
/// by the data-protection system. Keys of earlier stretches of the chain stay known so that they still verify:
/// <c>Audit:PreviousChainKeys</c> and every stored key the data-protection keys can still decrypt.
/// </summary>
public sealed class AuditChainKeyring
{
    public const string Section = "Audit";
    private const string Purpose = "PreviewAccess.Audit.ChainKey.v1";

    private readonly AuditChainKey? _configured;
    private readonly IReadOnlyList<AuditChainKey> _previous;
    private readonly IDataProtector? _protector;
    private readonly TimeProvider _clock;

    /// <summary>Decrypted stored keys, by key id: decryption is not free, and a key never changes.</summary>
    private readonly ConcurrentDictionary<string, AuditChainKey> _decrypted = new(StringComparer.Ordinal);

    /// <summary>Per database: the stored key in use, and the key the chain is known to be anchored to.</summary>
    private readonly ConcurrentDictionary<string, AuditChainKey> _storedInUse = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _anchored = new(StringComparer.Ordinal);

    private AuditChainKeyring(AuditChainKey? configured, IReadOnlyList<AuditChainKey> previous, IDataProtectionProvider? dataProtection, TimeProvider clock)
    {
        _configured = configured;
        _previous = previous;
        _protector = dataProtection?.CreateProtector(Purpose);
        _clock = clock;
    }

    /// <summary>
    /// Reads <c>Audit:ChainKey</c> and <c>Audit:PreviousChainKeys</c> at once, so that a configured key too short to be
    /// safe stops the start; the keyring itself is made when the data-protection system is at hand.
    /// </summary>
    public static Func<IDataProtectionProvider, TimeProvider, AuditChainKeyring> FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var configured = Read(section["ChainKey"], "Audit:ChainKey");
        var previous = section.GetSection("PreviousChainKeys").GetChildren().Select(c => Read(c.Value, c.Path)).OfType<AuditChainKey>().ToList();
        return (dataProtection, clock) => new AuditChainKeyring(configured, previous, dataProtection, clock);
    }

    /// <summary>A keyring with one configured key and no data-protection fallback (tools and tests that build contexts by hand).</summary>
    public static AuditChainKeyring WithKey(string secret) => new(AuditChainKey.FromText(secret), [], null, TimeProvider.System);

    /// <summary>Whether the key comes from configuration (outside the database) rather than from the data-protection system.</summary>
    public bool IsConfigured => _configured is not null;

    private static AuditChainKey? Read(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        try
        {
            return AuditChainKey.FromText(value);
        }
        catch (ArgumentException)
        {
            throw new InvalidOperationException($"{name} must be at least {AuditChainKey.MinimumLength} characters: use a long random secret.");
        }
    }

    /// <summary>The key new events are chained with, if it is known without reading the database.</summary>
    internal AuditChainKey? CurrentWithoutDatabase(string database) =>
        _configured ?? (_storedInUse.TryGetValue(database, out var stored) ? stored : null);

    internal void UseStored(string database, AuditChainKey key) => _storedInUse[database] = key;

    internal bool IsAnchoredTo(string database, AuditChainKey key) => _anchored.TryGetValue(database, out var id) && id == key.Id;

    internal void RememberAnchor(string database, AuditChainKey key) => _anchored[database] = key.Id;

    /// <summary>A new random key, and its secret encrypted for storage.</summary>
    internal (AuditChainKey Key, StoredAuditChainKey Stored) NewStoredKey()
    {
        var protector = _protector ?? throw new InvalidOperationException("Set Audit:ChainKey, or register the data-protection system, so that the audit chain has a key.");
        var secret = RandomNumberGenerator.GetBytes(32);
        var key = AuditChainKey.FromSecret(secret);
        _decrypted[key.Id] = key;
        return (key, new StoredAuditChainKey(key.Id, Convert.ToBase64String(protector.Protect(secret)), _clock.GetUtcNow()));
    }

    /// <summary>The stored key decrypted, or null when the data-protection keys can no longer decrypt it.</summary>
    internal AuditChainKey? Decrypt(StoredAuditChainKey stored)
    {
        if (_decrypted.TryGetValue(stored.KeyId, out var known)) return known;
        if (_protector is null) return null;
        try
        {
            var key = AuditChainKey.FromSecret(_protector.Unprotect(Convert.FromBase64String(stored.ProtectedSecret)));
            if (key.Id != stored.KeyId) return null;
            return _decrypted[key.Id] = key;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Every key that can verify a stretch of the chain, by id: the unkeyed one, configured ones, and <paramref name="stored"/> ones still readable.</summary>
    public IReadOnlyDictionary<string, AuditChainKey> Known(IEnumerable<StoredAuditChainKey> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var keys = new Dictionary<string, AuditChainKey>(StringComparer.Ordinal) { [AuditChainKey.UnkeyedId] = AuditChainKey.Unkeyed };
        foreach (var key in stored.Select(Decrypt).OfType<AuditChainKey>()) keys[key.Id] = key;
        foreach (var key in _previous) keys[key.Id] = key;
        if (_configured is not null) keys[_configured.Id] = _configured;
        return keys;
    }
}
