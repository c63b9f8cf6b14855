using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Tests.TestData;

namespace PreviewAccess.Domain.Tests.ApiKeys;

/// <summary>API keys: scopes from a fixed list, only the hash kept, the secret shown once, revocable.</summary>
public sealed class ApiKeyTests
{
    private static (ApiKey Key, string Secret) Create(params string[] scopes) =>
        ApiKey.Create(Defaults.AccountRep, "Gateway EU", scopes, Defaults.Start);

    [Fact]
    public void The_scopes_are_the_contract_s()
    {
        Assert.Equal(["access:check", "org:read", "org:write"], ApiScopes.All);
    }

    [Fact]
    public void A_key_carries_the_scopes_it_was_given_trimmed_and_once_each()
    {
        var (key, _) = Create(" access:check ", "org:read", "access:check");

        Assert.Equal([ApiScopes.AccessCheck, ApiScopes.OrgRead], key.Scopes);
        Assert.True(key.Allows(ApiScopes.AccessCheck));
        Assert.False(key.Allows(ApiScopes.OrgWrite));
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("ACCESS:CHECK")]
    [InlineData("org:*")]
    public void An_unknown_scope_is_refused(string scope)
    {
        var refusal = Assert.Throws<DomainException>(() => Create(ApiScopes.OrgRead, scope));

        Assert.Contains(scope, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_needs_at_least_one_scope()
    {
        Assert.Throws<DomainException>(() => Create());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_key_needs_a_name(string name)
    {
        Assert.Throws<DomainException>(() => ApiKey.Create(Defaults.AccountRep, name, [ApiScopes.OrgRead], Defaults.Start));
    }

    [Fact]
    public void Only_the_hash_of_the_key_is_kept()
    {
        var (key, secret) = Create(ApiScopes.AccessCheck);

        Assert.Equal(SecretToken.Hash(secret), key.KeyHash);
        var stored = typeof(ApiKey).GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => (string?)p.GetValue(key));
        Assert.DoesNotContain(stored, value => value is not null && value.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public void The_key_is_prefixed_and_shows_only_a_short_prefix_to_tell_keys_apart()
    {
        var (key, secret) = Create(ApiScopes.AccessCheck);

        Assert.StartsWith("pa_", secret, StringComparison.Ordinal);
        Assert.StartsWith(key.DisplayPrefix, secret, StringComparison.Ordinal);
        Assert.Equal("pa_".Length + 6, key.DisplayPrefix.Length);
        Assert.True(secret.Length - "pa_".Length >= 22, "at least 128 bits after the prefix");
    }

    [Fact]
    public void Every_key_is_different()
    {
        var first = Create(ApiScopes.AccessCheck);
        var second = Create(ApiScopes.AccessCheck);

        Assert.NotEqual(first.Secret, second.Secret);
        Assert.NotEqual(first.Key.KeyHash, second.Key.KeyHash);
        Assert.NotEqual(first.Key.Id, second.Key.Id);
    }

    [Fact]
    public void A_revoked_key_allows_nothing()
    {
        var (key, _) = Create(ApiScopes.AccessCheck, ApiScopes.OrgRead, ApiScopes.OrgWrite);

        key.Revoke(Defaults.Start.AddDays(1));

        Assert.False(key.IsActive);
        Assert.Equal(Defaults.Start.AddDays(1), key.RevokedAt);
        Assert.All(ApiScopes.All, s => Assert.False(key.Allows(s)));
    }

    [Fact]
    public void A_key_is_revoked_once()
    {
        var (key, _) = Create(ApiScopes.AccessCheck);
        key.Revoke(Defaults.Start.AddDays(1));

        Assert.Throws<DomainException>(() => key.Revoke(Defaults.Start.AddDays(2)));
        Assert.Equal(Defaults.Start.AddDays(1), key.RevokedAt);
    }

    [Fact]
    public void Using_a_key_records_when()
    {
        var (key, _) = Create(ApiScopes.AccessCheck);

        key.MarkUsed(Defaults.Start.AddMinutes(5));

        Assert.Equal(Defaults.Start.AddMinutes(5), key.LastUsedAt);
        Assert.Equal(Defaults.AccountRep, key.OwnerId);
    }
}
