using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Common;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Mail;

namespace PreviewAccess.Web.Features.Accounts;

public enum SignInVerdict
{
    SignedIn,

    /// <summary>The password was right; the second factor is asked next.</summary>
    RequiresTwoFactor,

    /// <summary>Wrong password, unknown email, disabled or locked account: one answer for all.</summary>
    Refused,

    /// <summary>Too many failures from this client address (for this account, or for all): try later.</summary>
    Throttled,
}

public sealed record SignInAnswer(SignInVerdict Verdict, TimeSpan RetryAfter);

/// <summary>
/// A password sign-in that tells a stranger nothing and cannot be turned against the account's owner:
/// <list type="bullet">
/// <item>every refused attempt checks the password against a hash of full strength once — the account's own, or a
/// stand-in for an unknown email, a disabled, locked or password-less account — so all take about as long;</item>
/// <item>failures are limited per client address and per (address, account) by <see cref="SignInThrottle"/>, before
/// the password is looked at;</item>
/// <item>only the first few failures per address and account count toward Identity's lockout, whose threshold is
/// high: locking takes many addresses, and then the owner is mailed.</item>
/// </list>
/// </summary>
public sealed class PasswordSignIn(
    SignInManager<PortalUser> signInManager,
    IPasswordHasher<PortalUser> hasher,
    StandInPasswordHash standIn,
    SignInThrottle throttle,
    UnitOfWork unitOfWork,
    MailOutbox outbox,
    AuditTrail audit,
    IOptions<MailOptions> mail,
    TimeProvider clock,
    ILogger<PasswordSignIn> logger)
{
    public async Task<SignInAnswer> SignInAsync(string email, string password, IPAddress? client, bool isPersistent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(password);
        var normalized = EmailAddress.Normalize(email);
        if (!throttle.TryBegin(client, normalized, out var attempt, out var retryAfter))
        {
            logger.LogWarning("Sign-in for {Email} throttled: too many failures from {ClientAddress}", normalized, SignInThrottle.ClientKey(client));
            return new(SignInVerdict.Throttled, retryAfter);
        }

        var users = signInManager.UserManager;
        var user = await users.FindByEmailAsync(normalized);
        var result = SignInResult.Failed;
        if (user is not null) result = await signInManager.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure: false);
        // Identity answers these without looking at the password: do the same work it would have done.
        if (user?.PasswordHash is null || result.IsLockedOut || result.IsNotAllowed) standIn.Check(hasher, password);

        if (result.Succeeded || result.RequiresTwoFactor)
        {
            attempt.Succeeded();
            logger.LogInformation("User {Email} {Outcome}", normalized, result.Succeeded ? "signed in" : "gave the right password; a second factor is asked");
            return new(result.Succeeded ? SignInVerdict.SignedIn : SignInVerdict.RequiresTwoFactor, TimeSpan.Zero);
        }

        attempt.Failed();
        logger.LogInformation("Sign-in refused for {Email}", normalized);
        if (user is { PasswordHash: not null } && !result.IsLockedOut && !result.IsNotAllowed && throttle.CountsTowardLockout(client, normalized))
        {
            await CountFailureAsync(user, cancellationToken);
        }

        return new(SignInVerdict.Refused, TimeSpan.Zero);
    }

    /// <summary>One failure toward the lockout; the failure that locks the account also mails its owner.</summary>
    private async Task CountFailureAsync(PortalUser user, CancellationToken cancellationToken)
    {
        var users = signInManager.UserManager;
        // A concurrent failure may have counted first (the concurrency stamp refuses the second): then this one is dropped.
        if (!(await users.AccessFailedAsync(user)).Succeeded || !await users.IsLockedOutAsync(user)) return;

        var until = user.LockoutEnd ?? clock.GetUtcNow();
        var failures = users.Options.Lockout.MaxFailedAccessAttempts;
        logger.LogWarning("User {UserId} locked until {Until} after {Failures} failed sign-ins", user.Id, until, failures);
        await unitOfWork.RunAsync(_ =>
        {
            audit.RecordAs(HttpCurrentActor.System, AuditAction.UserLockedOut, "User", user.Id, null, new { LockedUntil = until, Failures = failures }, null);
            outbox.Queue(AccountMail.LockedOut(user.Email!, DisplayName(user), failures, until, new Uri(mail.Value.PublicUrl, "/Account/ForgotPassword")));
            return Task.CompletedTask;
        }, cancellationToken);
    }

    public static string DisplayName(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? string.Empty : user.DisplayName;
    }
}

/// <summary>
/// A hash of a random password, made once with the portal's own hasher settings (the same PBKDF2 iterations as every
/// account's): checking a password against it costs what checking a real account's does, and never succeeds.
/// </summary>
public sealed class StandInPasswordHash(IOptions<PasswordHasherOptions> options)
{
    private readonly Lazy<string> _hash = new(() =>
        new PasswordHasher<PortalUser>(options).HashPassword(new PortalUser(), RandomNumberGenerator.GetHexString(32)));

    public void Check(IPasswordHasher<PortalUser> hasher, string password)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        hasher.VerifyHashedPassword(new PortalUser(), _hash.Value, password);
    }
}
