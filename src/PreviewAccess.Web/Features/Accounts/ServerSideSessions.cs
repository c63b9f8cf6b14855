using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Features.Accounts;

/// <summary>
/// The sign-in cookie's ticket store: the cookie carries only a session id, and the session lives in the database
/// (<see cref="UserSession"/>, its ticket protected with the shared data-protection keys). Signing out deletes the row,
/// so a copy of the cookie is worth nothing afterwards; every instance sees the same sessions.
/// </summary>
public sealed class DatabaseTicketStore(IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, TimeProvider clock, ILogger<DatabaseTicketStore> logger)
    : ITicketStore
{
    private static readonly TimeSpan LastSeenPrecision = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromMinutes(10);
    private readonly IDataProtector _protector = dataProtection.CreateProtector("PreviewAccess.UserSessions");
    private long _nextCleanupTicks;

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) => StoreAsync(ticket, null!, cancellationToken);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var userId = Guid.Parse(ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("A session needs a signed-in user."));
        var now = clock.GetUtcNow();
        var session = new UserSession(userId, Protect(ticket), now, ticket.Properties.ExpiresUtc ?? now.AddHours(8),
            httpContext?.Request.Headers.UserAgent.ToString(), httpContext?.Connection.RemoteIpAddress?.ToString());
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        await RemoveExpiredIfDueAsync(db, now, cancellationToken);
        return session.Id.ToString("N");
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) => RenewAsync(key, ticket, null!, cancellationToken);

    /// <summary>A session that was ended meanwhile stays ended: only an existing row is updated.</summary>
    public async Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (!Guid.TryParseExact(key, "N", out var id)) return;
        var now = clock.GetUtcNow();
        var protectedTicket = Protect(ticket);
        var expiresAt = ticket.Properties.ExpiresUtc ?? now.AddHours(8);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().UserSessions.Where(s => s.Id == id)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Ticket, protectedTicket).SetProperty(s => s.ExpiresAt, expiresAt).SetProperty(s => s.LastSeenAt, now), cancellationToken);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken) => RetrieveAsync(key, null!, cancellationToken);

    /// <summary>The session's ticket, carrying the session's id as a claim for "your sessions"; null once it has ended.</summary>
    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(key, "N", out var id)) return null;
        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var session = await db.UserSessions.AsNoTracking().Where(s => s.Id == id && s.ExpiresAt > now)
            .Select(s => new { s.Ticket, s.LastSeenAt }).SingleOrDefaultAsync(cancellationToken);
        if (session is null) return null;

        AuthenticationTicket? ticket;
        try
        {
            ticket = TicketSerializer.Default.Deserialize(_protector.Unprotect(session.Ticket));
        }
        catch (CryptographicException e)
        {
            logger.LogWarning(e, "Session {SessionId} could not be read; it is treated as ended", id);
            return null;
        }

        if (ticket?.Principal.Identity is not ClaimsIdentity identity) return null;
        identity.AddClaim(new Claim(PortalClaims.SessionId, key));
        if (session.LastSeenAt < now - LastSeenPrecision)
        {
            await db.UserSessions.Where(s => s.Id == id).ExecuteUpdateAsync(set => set.SetProperty(s => s.LastSeenAt, now), cancellationToken);
        }

        return ticket;
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => RemoveAsync(key, null!, cancellationToken);

    public async Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(key, "N", out var id)) return;
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().UserSessions.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Carries the session id claim over to a principal made afresh (the security-stamp check makes one).</summary>
    public static void KeepSessionClaim(ClaimsPrincipal? current, ClaimsPrincipal? replacement)
    {
        var session = current?.FindFirst(PortalClaims.SessionId);
        if (session is null || replacement?.Identity is not ClaimsIdentity identity || identity.HasClaim(c => c.Type == PortalClaims.SessionId)) return;
        identity.AddClaim(new Claim(PortalClaims.SessionId, session.Value));
    }

    /// <summary>The session id claim is added on every read; it is not stored with the ticket.</summary>
    private byte[] Protect(AuthenticationTicket ticket)
    {
        if (ticket.Principal.Identity is ClaimsIdentity identity)
        {
            foreach (var claim in identity.FindAll(PortalClaims.SessionId).ToList()) identity.RemoveClaim(claim);
        }

        return _protector.Protect(TicketSerializer.Default.Serialize(ticket));
    }

    private async Task RemoveExpiredIfDueAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextCleanupTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextCleanupTicks, (now + CleanupInterval).UtcTicks, due) != due) return;
        var removed = await db.UserSessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        if (removed > 0) logger.LogInformation("{Count} expired sessions removed", removed);
    }
}

/// <summary>A session as its owner sees it.</summary>
public sealed record SessionView(Guid Id, string Browser, string? ClientAddress, DateTimeOffset SignedInAt, DateTimeOffset LastSeenAt, bool IsCurrent);

/// <summary>A person's own sessions: list them, end one, end all but the current one, end all.</summary>
public sealed class AccountSessions(PortalDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<SessionView>> ListAsync(Guid userId, string? currentSessionKey, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var current = CurrentId(currentSessionKey);
        var sessions = await db.UserSessions.AsNoTracking().Where(s => s.UserId == userId && s.ExpiresAt > now)
            .Select(s => new { s.Id, s.UserAgent, s.ClientAddress, s.CreatedAt, s.LastSeenAt })
            .ToListAsync(cancellationToken);
        return sessions
            .Select(s => new SessionView(s.Id, BrowserNames.Describe(s.UserAgent), s.ClientAddress, s.CreatedAt, s.LastSeenAt, s.Id == current))
            .OrderByDescending(s => s.IsCurrent).ThenByDescending(s => s.LastSeenAt)
            .ToList();
    }

    /// <returns>Whether a session of this user was ended (someone else's id ends nothing).</returns>
    public async Task<bool> EndAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken) =>
        await db.UserSessions.Where(s => s.UserId == userId && s.Id == sessionId).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <returns>How many sessions were ended.</returns>
    public Task<int> EndAllButAsync(Guid userId, string? currentSessionKey, CancellationToken cancellationToken)
    {
        var current = CurrentId(currentSessionKey);
        return db.UserSessions.Where(s => s.UserId == userId && s.Id != current).ExecuteDeleteAsync(cancellationToken);
    }

    public static Guid CurrentId(string? sessionKey) => Guid.TryParseExact(sessionKey, "N", out var id) ? id : Guid.Empty;
}

/// <summary>"Firefox on Windows" from a User-Agent header: enough for a person to recognise their own devices.</summary>
public static class BrowserNames
{
    public static string Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent)) return "Unknown browser";
        var browser = Has("Edg/") ? "Edge" : Has("OPR/") ? "Opera" : Has("Firefox/") ? "Firefox" : Has("Chrome/") || Has("Chromium/") ? "Chrome"
            : Has("Safari/") ? "Safari" : null;
        var system = Has("Windows") ? "Windows" : Has("iPhone") || Has("iPad") ? "iOS" : Has("Android") ? "Android" : Has("Mac OS X") ? "macOS"
            : Has("CrOS") ? "ChromeOS" : Has("Linux") ? "Linux" : null;
        return (browser, system) switch
        {
            (not null, not null) => $"{browser} on {system}",
            (not null, null) => browser,
            (null, not null) => $"A browser on {system}",
            _ => userAgent.Length > 60 ? userAgent[..60] + "…" : userAgent,
        };

        bool Has(string part) => userAgent.Contains(part, StringComparison.Ordinal);
    }
}
