using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Common;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Mail;

namespace PreviewAccess.Web.Features.Accounts;

public sealed record ChoosePasswordInput(Guid UserId, string Token, string Password);

/// <summary>
/// Mailed links to choose a password: "forgot your password?" (Identity's reset token, short-lived) and a new staff
/// user's first password (a token of its own, longer-lived, usable only while the account has no password). Both are
/// tied to the security stamp, which choosing a password changes: a link works once. A new password ends every
/// session of the account and lifts a lockout.
/// </summary>
public sealed class PasswordLinks(
    UserManager<PortalUser> users,
    AccountSessions sessions,
    UnitOfWork unitOfWork,
    MailOutbox outbox,
    SignInThrottle throttle,
    IOptions<MailOptions> mail,
    IOptions<SignInDefenseOptions> options,
    ILogger<PasswordLinks> logger)
{
    public const string ResetTokenProvider = "PasswordReset";
    public const string FirstPasswordTokenProvider = "FirstPassword";
    public const string FirstPasswordPurpose = "ChooseFirstPassword";
    public const string LinkPath = "/Account/ResetPassword";
    public const string DeadLink = "This link has expired or was already used. Ask for a new one below.";

    /// <summary>Mails a reset link if an active account has this email; does nothing, silently, otherwise.</summary>
    public async Task MailResetLinkAsync(string email, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(EmailAddress.Normalize(email));
        if (user is null || user.IsDisabled || string.IsNullOrEmpty(user.Email)) return;
        if (!throttle.TryMailPasswordReset(user.Email))
        {
            logger.LogWarning("Password reset for user {UserId} not mailed: {Count} already this hour", user.Id, SignInThrottle.ResetMailsPerAccountPerHour);
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        await unitOfWork.RunAsync(_ =>
        {
            outbox.Queue(AccountMail.PasswordReset(user.Email, PasswordSignIn.DisplayName(user), Link(user.Id, token), options.Value.PasswordResetLinkLifetime));
            return Task.CompletedTask;
        }, cancellationToken);
        logger.LogInformation("Password reset link mailed to user {UserId}", user.Id);
    }

    /// <summary>Queues the first-password mail in the caller's unit of work, for an account created without a password.</summary>
    public async Task QueueFirstPasswordMailAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var token = await users.GenerateUserTokenAsync(user, FirstPasswordTokenProvider, FirstPasswordPurpose);
        outbox.Queue(AccountMail.FirstPassword(user.Email!, PasswordSignIn.DisplayName(user), Link(user.Id, token), options.Value.FirstPasswordLinkLifetime, mail.Value.PublicUrl));
    }

    /// <returns>The account's email when the link can still be used; null otherwise (unknown, spent, expired).</returns>
    public async Task<string?> UsableForAsync(Guid userId, string? encodedToken)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        return user is not null && await KindOfAsync(user, Decode(encodedToken)) is not null ? user.Email : null;
    }

    public async Task<Outcome<string>> ChooseAsync(ChoosePasswordInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = await users.FindByIdAsync(input.UserId.ToString());
        var token = Decode(input.Token);
        var kind = user is null ? null : await KindOfAsync(user, token);
        if (user is null || kind is null) return Outcome<string>.Conflict(DeadLink);

        var result = kind == ResetTokenProvider
            ? await users.ResetPasswordAsync(user, token!, input.Password)
            : await users.AddPasswordAsync(user, input.Password);
        if (!result.Succeeded)
        {
            // A password the validators refuse leaves the link usable; anything else means it went stale meanwhile.
            var passwordErrors = result.Errors.Where(e => e.Code.StartsWith("Password", StringComparison.Ordinal)).Select(e => e.Description).ToArray();
            return passwordErrors.Length > 0 ? Outcome<string>.Invalid("password", string.Join(" ", passwordErrors)) : Outcome<string>.Conflict(DeadLink);
        }

        // Whoever knew the old password is signed out everywhere; the owner, who proved they read the mail, is unlocked.
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        await sessions.EndAllButAsync(user.Id, null, cancellationToken);
        logger.LogInformation("User {UserId} chose a new password from a mailed link", user.Id);
        return Outcome<string>.Success(user.Email ?? string.Empty);
    }

    /// <summary>Which provider issued this token for this account, if it is still good.</summary>
    private async Task<string?> KindOfAsync(PortalUser user, string? token)
    {
        if (string.IsNullOrEmpty(token) || user.IsDisabled) return null;
        if (await users.VerifyUserTokenAsync(user, ResetTokenProvider, UserManager<PortalUser>.ResetPasswordTokenPurpose, token)) return ResetTokenProvider;
        if (user.PasswordHash is null && await users.VerifyUserTokenAsync(user, FirstPasswordTokenProvider, FirstPasswordPurpose, token)) return FirstPasswordTokenProvider;
        return null;
    }

    private Uri Link(Guid userId, string token) =>
        new(mail.Value.PublicUrl, $"{LinkPath}?user={userId:N}&token={WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token))}");

    private static string? Decode(string? encoded)
    {
        if (string.IsNullOrWhiteSpace(encoded) || encoded.Length > 2000) return null;
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(encoded));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>
/// Forgot-password requests wait here and are handled in the background: the page answers at once, the same way and
/// in the same time whether or not an account has the email. Bounded: a flood is dropped, not queued without end.
/// A request still waiting when the instance stops is lost; asking again works.
/// </summary>
public sealed class PasswordResetRequests
{
    private readonly Channel<string> _requests = Channel.CreateBounded<string>(new BoundedChannelOptions(1000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Add(string email) => _requests.Writer.TryWrite(email);

    public ChannelReader<string> Reader => _requests.Reader;
}

public sealed class PasswordResetMailer(PasswordResetRequests requests, IServiceScopeFactory scopes, ILogger<PasswordResetMailer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var email in requests.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<PasswordLinks>().MailResetLinkAsync(email, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "A password reset request could not be handled");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}

/// <summary>The forgot-password token: Identity's data-protection token, with a life of its own (<c>SignIn:PasswordResetLinkLifetime</c>).</summary>
public sealed class PasswordResetTokenProvider(IDataProtectionProvider dataProtection, IOptions<PasswordResetTokenProviderOptions> options, ILogger<DataProtectorTokenProvider<PortalUser>> logger)
    : DataProtectorTokenProvider<PortalUser>(dataProtection, options, logger);

public sealed class PasswordResetTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public PasswordResetTokenProviderOptions() => Name = PasswordLinks.ResetTokenProvider;
}

/// <summary>The first-password token of a staff user created without one (<c>SignIn:FirstPasswordLinkLifetime</c>).</summary>
public sealed class FirstPasswordTokenProvider(IDataProtectionProvider dataProtection, IOptions<FirstPasswordTokenProviderOptions> options, ILogger<DataProtectorTokenProvider<PortalUser>> logger)
    : DataProtectorTokenProvider<PortalUser>(dataProtection, options, logger);

public sealed class FirstPasswordTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public FirstPasswordTokenProviderOptions() => Name = PasswordLinks.FirstPasswordTokenProvider;
}
