using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PreviewAccess.Data;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Domain.Invitations;

namespace PreviewAccess.Web.Features.ApiKeys;

public static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";

    /// <summary>One claim per scope the key carries (<see cref="ApiScopes"/>).</summary>
    public const string ScopeClaim = "scope";

    /// <summary>The key's own id: what the rate limiter counts by.</summary>
    public const string KeyIdClaim = "preview:api-key";

    /// <summary>The longest key worth hashing; a real one is about 46 characters.</summary>
    public const int MaxKeyLength = 200;

    /// <summary><c>LastUsedAt</c> is written at most this often per key: the hot path must not write on every request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);
}

/// <summary>
/// <c>Authorization: Bearer &lt;api key&gt;</c>. The key is looked up by its hash (<see cref="VerifiedApiKeys"/>: held for
/// a second, so a gateway's requests do not each cost a database round trip); it must be active and belong to an
/// active staff user. The principal is the owner (id, email, roles) plus one <c>scope</c> claim per scope, so the use
/// cases see the owner as the actor. Failures answer with problem details, never a redirect.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    VerifiedApiKeys keys,
    TimeProvider clock,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";
    private static readonly Task<VerifiedApiKey?> NoKey = Task.FromResult<VerifiedApiKey?>(null);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var key = await FindKeyAsync(header);
        if (key is null) return AuthenticateResult.Fail("The API key is not valid.");
        await RecordUseAsync(key);
        return AuthenticateResult.Success(key.Ticket);
    }

    /// <summary>The key of <c>Bearer &lt;key&gt;</c>, hashed on the stack: a hit costs no allocation and no database.</summary>
    private Task<VerifiedApiKey?> FindKeyAsync(string header)
    {
        var secret = header.AsSpan(BearerPrefix.Length).Trim();
        Span<char> hash = stackalloc char[SecretToken.HashLength];
        if (secret.Length == 0 || !SecretToken.TryHash(secret, hash, ApiKeyDefaults.MaxKeyLength)) return NoKey;
        return keys.FindAsync(hash).WaitAsync(Context.RequestAborted);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized",
            "Send a valid API key as 'Authorization: Bearer <key>'.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var needed = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(data => ApiScopePolicies.ScopeOf(data.Policy))
            .OfType<string>()
            .ToList() ?? [];
        await WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", needed.Count > 0
            ? $"This API key does not carry the scope this endpoint needs: {string.Join(", ", needed)}."
            : "This API key may not use this endpoint.");
    }

    /// <summary>Once a minute at most, by one request: the hot path reads, it does not write.</summary>
    private async Task RecordUseAsync(VerifiedApiKey key)
    {
        var now = clock.GetUtcNow();
        if (!key.ClaimUsageRecord(now, ApiKeyDefaults.LastUsedResolution)) return;
        var db = Context.RequestServices.GetRequiredService<PortalDbContext>();
        await db.ApiKeys.Where(k => k.Id == key.KeyId).ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
    }

    private Task WriteProblemAsync(int status, string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
}

/// <summary>One authorization policy per scope; each authenticates with the API key scheme only, never a cookie.</summary>
public static class ApiScopePolicies
{
    /// <summary>Any valid key: the floor of the whole <c>/api</c> group.</summary>
    public const string AnyKey = "api";

    public const string AccessCheck = Prefix + ApiScopes.AccessCheck;
    public const string OrgRead = Prefix + ApiScopes.OrgRead;
    public const string OrgWrite = Prefix + ApiScopes.OrgWrite;

    private const string Prefix = "api:";

    public static string For(string scope) => Prefix + scope;

    /// <summary>The scope a policy name stands for, or null for a policy that is not a scope policy.</summary>
    public static string? ScopeOf(string? policy) =>
        policy is not null && policy.StartsWith(Prefix, StringComparison.Ordinal) && ApiScopes.All.Contains(policy[Prefix.Length..]) ? policy[Prefix.Length..] : null;

    public static AuthorizationBuilder AddApiScopePolicies(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddPolicy(AnyKey, policy => policy.AddAuthenticationSchemes(ApiKeyDefaults.Scheme).RequireAuthenticatedUser());
        foreach (var scope in ApiScopes.All)
        {
            builder.AddPolicy(For(scope), policy => policy.AddAuthenticationSchemes(ApiKeyDefaults.Scheme).RequireAuthenticatedUser()
                .RequireClaim(ApiKeyDefaults.ScopeClaim, scope));
        }

        return builder;
    }
}
