using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;

namespace PreviewAccess.Web.Features.ApiKeys;

/// <summary>
/// What a verified API key stands for: the key, its scopes, and its owner as the actor. The authentication ticket is
/// made once per verification and shared by the requests it serves (as an API key handler that caches principals
/// does): nothing in the portal changes a principal or its properties after authentication.
/// </summary>
public sealed class VerifiedApiKey
{
    private readonly DateTimeOffset? _lastUsedAt;
    private int _usageClaimed;

    public VerifiedApiKey(Guid keyId, IReadOnlyList<string> scopes, Guid ownerId, string email, IReadOnlyList<string> roles, DateTimeOffset? lastUsedAt)
    {
        (KeyId, Scopes, OwnerId, Email, Roles, _lastUsedAt) = (keyId, scopes, ownerId, email, roles, lastUsedAt);
        var identity = new ClaimsIdentity(ApiKeyDefaults.Scheme, ClaimTypes.Email, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, ownerId.ToString()));
        identity.AddClaim(new Claim(ClaimTypes.Email, email));
        identity.AddClaim(new Claim(ApiKeyDefaults.KeyIdClaim, keyId.ToString()));
        foreach (var role in roles) identity.AddClaim(new Claim(ClaimTypes.Role, role));
        foreach (var scope in scopes) identity.AddClaim(new Claim(ApiKeyDefaults.ScopeClaim, scope));
        Ticket = new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyDefaults.Scheme);
    }

    public Guid KeyId { get; }

    public IReadOnlyList<string> Scopes { get; }

    public Guid OwnerId { get; }

    public string Email { get; }

    public IReadOnlyList<string> Roles { get; }

    /// <summary>The owner (id, email, roles) and one <c>scope</c> claim per scope.</summary>
    public AuthenticationTicket Ticket { get; }

    /// <summary>
    /// True for the one request, of those this verification serves, that should record the key's use: only if the
    /// recorded use is older than <paramref name="resolution"/>. The next verification reads the new value.
    /// </summary>
    public bool ClaimUsageRecord(DateTimeOffset now, TimeSpan resolution) =>
        (_lastUsedAt is not { } last || now - last >= resolution) && Interlocked.Exchange(ref _usageClaimed, 1) == 0;
}

/// <summary>
/// API keys verified against the database in the last <see cref="Freshness"/>, by hash: a gateway's requests are
/// answered without a database round trip per request. A key revoked, or an owner disabled or given other roles,
/// anywhere — another instance, the command line — is refused on every instance within <see cref="Freshness"/>;
/// through this instance's use cases (<see cref="ForgetAll"/>), at once. Concurrent requests for a key share one
/// lookup. Unknown keys are never held, so guessing cannot fill the cache.
/// </summary>
public sealed class VerifiedApiKeys
{
    /// <summary>How long a verification is trusted, counted from when its database read began.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);

    /// <summary>Distinct keys held at most: keys are few, and past this the cache simply starts over.</summary>
    private const int Capacity = 10_000;

    private static readonly long FreshnessTicks = (long)(Freshness.TotalSeconds * Stopwatch.Frequency);

    private readonly IServiceScopeFactory _scopes;
    private readonly ConcurrentDictionary<string, Verification> _verifications;
    private readonly ConcurrentDictionary<string, Verification>.AlternateLookup<ReadOnlySpan<char>> _held;
    private long _generation;

    public VerifiedApiKeys(IServiceScopeFactory scopes)
    {
        _scopes = scopes;
        _verifications = new(StringComparer.Ordinal);
        _held = _verifications.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The active key of an active staff user with this hash, or null. A hit allocates nothing.</summary>
    public Task<VerifiedApiKey?> FindAsync(ReadOnlySpan<char> keyHash)
    {
        var now = Stopwatch.GetTimestamp();
        var generation = Interlocked.Read(ref _generation);
        if (_held.TryGetValue(keyHash, out var held) && held.IsFresh(now, generation)) return held.Result;

        var hash = keyHash.ToString();
        if (held is null && _verifications.Count >= Capacity) _verifications.Clear();
        var started = new Verification(now, generation);
        var current = _verifications.AddOrUpdate(hash, started, (_, existing) => existing.IsFresh(now, generation) ? existing : started);
        if (current == started) _ = VerifyAsync(hash, started);
        return current.Result;
    }

    /// <summary>Every verification held is stale from now: called after a key, a user or a role changed here.</summary>
    public void ForgetAll() => Interlocked.Increment(ref _generation);

    private async Task VerifyAsync(string keyHash, Verification verification)
    {
        try
        {
            // Its own scope and no request's token: the lookup is shared by every request waiting for this key.
            await using var scope = _scopes.CreateAsyncScope();
            var key = await ReadAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), keyHash);
            if (key is null) _verifications.TryRemove(KeyValuePair.Create(keyHash, verification));
            verification.Complete(key);
        }
        catch (Exception e)
        {
            _verifications.TryRemove(KeyValuePair.Create(keyHash, verification));
            verification.Fail(e);
        }
    }

    private static async Task<VerifiedApiKey?> ReadAsync(PortalDbContext db, string keyHash)
    {
        var key = await (
                from k in db.ApiKeys.AsNoTracking()
                join u in db.Users.AsNoTracking() on k.OwnerId equals u.Id
                where k.KeyHash == keyHash && k.RevokedAt == null && !u.IsDisabled && u.OrganizationId == null
                select new
                {
                    k.Id,
                    k.Scopes,
                    k.LastUsedAt,
                    OwnerId = u.Id,
                    u.Email,
                    Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToList(),
                })
            .SingleOrDefaultAsync();
        if (key is null) return null;
        // A key does no more than its owner may today: scopes the owner's roles no longer allow are not in effect.
        var roles = key.Roles.OfType<string>().ToList();
        var allowed = Roles.ApiScopesFor(roles);
        return new VerifiedApiKey(key.Id, [.. key.Scopes.Where(allowed.Contains)], key.OwnerId, key.Email ?? string.Empty, roles, key.LastUsedAt);
    }

    /// <summary>One lookup of one key, begun at <see cref="_startedAt"/>, valid within its generation.</summary>
    private sealed class Verification(long startedAt, long generation)
    {
        private readonly long _startedAt = startedAt;
        private readonly TaskCompletionSource<VerifiedApiKey?> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<VerifiedApiKey?> Result => _result.Task;

        public bool IsFresh(long now, long currentGeneration) => generation == currentGeneration && now - _startedAt < FreshnessTicks;

        public void Complete(VerifiedApiKey? key) => _result.TrySetResult(key);

        public void Fail(Exception e) => _result.TrySetException(e);
    }
}
