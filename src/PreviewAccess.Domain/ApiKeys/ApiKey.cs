using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Invitations;

namespace PreviewAccess.Domain.ApiKeys;

/// <summary>The scopes an API key can carry. The spellings are the contract's.</summary>
public static class ApiScopes
{
    public const string AccessCheck = "access:check";
    public const string OrgRead = "org:read";
    public const string OrgWrite = "org:write";

    public static IReadOnlyList<string> All { get; } = [AccessCheck, OrgRead, OrgWrite];
}

/// <summary>A key for machines, owned by a staff user. Only the hash of the key is kept; it is shown once.</summary>
public sealed class ApiKey
{
    public const int MaxNameLength = 100;
    private const string KeyPrefix = "pa_";

    private ApiKey() { Name = KeyHash = DisplayPrefix = string.Empty; }

    public Guid Id { get; private init; }

    public Guid OwnerId { get; private init; }

    public string Name { get; private init; }

    public string KeyHash { get; private init; }

    /// <summary>The first characters of the key, so that a person can tell keys apart without the secret.</summary>
    public string DisplayPrefix { get; private init; }

    public List<string> Scopes { get; private init; } = [];

    public DateTimeOffset CreatedAt { get; private init; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    /// <summary>Creates a key; the returned secret is the only copy there will ever be.</summary>
    public static (ApiKey Key, string Secret) Create(Guid ownerId, string name, IEnumerable<string> scopes, DateTimeOffset now)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0) throw new DomainException("An API key needs a name.");
        if (trimmed.Length > MaxNameLength) throw new DomainException($"The name can be at most {MaxNameLength} characters.");
        var scopeList = (scopes ?? []).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (scopeList.Count == 0) throw new DomainException("An API key needs at least one scope.");
        foreach (var scope in scopeList.Where(s => !ApiScopes.All.Contains(s)))
        {
            throw new DomainException($"'{scope}' is not a scope; use {string.Join(", ", ApiScopes.All)}.");
        }

        var token = SecretToken.Issue(KeyPrefix);
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            OwnerId = ownerId,
            Name = trimmed,
            KeyHash = token.Hash,
            DisplayPrefix = token.Secret[..(KeyPrefix.Length + 6)],
            Scopes = scopeList,
            CreatedAt = now,
        };
        return (key, token.Secret);
    }

    public bool Allows(string scope) => IsActive && Scopes.Contains(scope);

    public void MarkUsed(DateTimeOffset now) => LastUsedAt = now;

    public void Revoke(DateTimeOffset now)
    {
        if (!IsActive) throw new DomainException("The key is already revoked.");
        RevokedAt = now;
    }
}
