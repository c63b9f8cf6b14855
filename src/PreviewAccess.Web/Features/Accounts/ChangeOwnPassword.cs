using System.Globalization;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Features.Accounts;

public sealed record ChangeOwnPasswordInput(string CurrentPassword, string NewPassword);

/// <summary>
/// A signed-in person changes their password, giving the current one. Wrong current passwords count as failed
/// sign-ins (a borrowed session is no place to guess). The new password ends every other session; this one goes on.
/// </summary>
public sealed class ChangeOwnPassword(SignInManager<PortalUser> signInManager, AccountSessions sessions, SignInThrottle throttle, ILogger<ChangeOwnPassword> logger)
{
    public const string WrongCurrentPassword = "This is not your current password.";

    public async Task<Outcome<Guid>> ChangeAsync(ClaimsPrincipal principal, IPAddress? client, ChangeOwnPasswordInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var users = signInManager.UserManager;
        var user = await users.GetUserAsync(principal);
        if (user?.Email is null) return Outcome<Guid>.NotFound("No such account.");
        if (!throttle.TryBegin(client, user.Email, out var attempt, out var retryAfter))
        {
            var minutes = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes)).ToString(CultureInfo.InvariantCulture);
            return Outcome<Guid>.Conflict($"Too many wrong passwords from your network. Try again in {minutes} minute(s).");
        }

        var result = await users.ChangePasswordAsync(user, input.CurrentPassword, input.NewPassword);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                attempt.Failed();
                return Outcome<Guid>.Invalid("currentPassword", WrongCurrentPassword);
            }

            attempt.Succeeded();
            var errors = result.Errors.Where(e => e.Code.StartsWith("Password", StringComparison.Ordinal)).Select(e => e.Description).ToArray();
            return errors.Length > 0
                ? Outcome<Guid>.Invalid("newPassword", string.Join(" ", errors))
                : Outcome<Guid>.Conflict(Outcome.ChangedMeanwhile);
        }

        attempt.Succeeded();
        // The other sessions end now, and the stamp changed with the password; this session gets a fresh cookie.
        await sessions.EndAllButAsync(user.Id, principal.FindFirstValue(PortalClaims.SessionId), cancellationToken);
        await signInManager.RefreshSignInAsync(user);
        logger.LogInformation("User {UserId} changed their password", user.Id);
        return Outcome<Guid>.Success(user.Id);
    }
}
