using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Common;
using QRCoder;

namespace PreviewAccess.Web.Features.MultiFactor;

public sealed record SecondFactorStatus(bool Enabled, int RecoveryCodesLeft, bool Required, bool SessionHasSecondFactor, int Passkeys);

/// <summary>What the setup page shows: the key to type in (grouped for reading) and the same key as a QR code (a PNG data URI).</summary>
public sealed record AuthenticatorSetup(string SharedKey, string QrCodeDataUri);

/// <summary>
/// The signed-in person's own authenticator app: set it up with a code it shows, get ten recovery codes (shown once),
/// make new ones, and turn it off where the role allows. Each change is in the audit log.
/// </summary>
public sealed class OwnSecondFactor(
    UserManager<PortalUser> users, SignInManager<PortalUser> signIn, UnitOfWork unitOfWork, AuditTrail audit, IOptionsMonitor<MultiFactorOptions> options)
{
    public const int RecoveryCodeCount = 10;
    public const string Issuer = "PreviewAccess";
    public const string CodeShape = "Enter the six-digit code from your app.";
    public const string WrongCode = "That code is not right. Enter the six digits your app shows now.";

    /// <summary>Whether the person's role needs a second factor (staff, unless the requirement is turned off).</summary>
    public bool IsRequiredFor(ClaimsPrincipal principal) => options.CurrentValue.RequireStaffMultiFactor && MultiFactorSetup.IsStaff(principal);

    public async Task<SecondFactorStatus> StatusAsync(PortalUser user, ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(user);
        var enabled = await users.GetTwoFactorEnabledAsync(user);
        return new SecondFactorStatus(enabled, enabled ? await users.CountRecoveryCodesAsync(user) : 0, IsRequiredFor(principal),
            SecondFactorClaims.SignedInWithSecondFactor(principal), (await users.GetPasskeysAsync(user)).Count);
    }

    /// <summary>The key to put in the app: the one already made for this person, or a new one.</summary>
    public async Task<AuthenticatorSetup> SetupAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            Check(await users.ResetAuthenticatorKeyAsync(user));
            key = (await users.GetAuthenticatorKeyAsync(user))!;
            // A new key changes the security stamp; without a fresh cookie this very session would end at its next check.
            await signIn.RefreshSignInAsync(user);
        }

        var label = Uri.EscapeDataString($"{Issuer}:{user.Email}");
        var uri = $"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        return new AuthenticatorSetup(Grouped(key), QrCodePng(uri));
    }

    /// <summary>Turns the authenticator on once the person proves their app has the key; returns the recovery codes to show once.</summary>
    public async Task<Outcome<IReadOnlyList<string>>> EnableAsync(PortalUser user, string? code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (NormalizeCode(code) is not { } digits) return Outcome<IReadOnlyList<string>>.Invalid("code", CodeShape);
        if (await users.GetTwoFactorEnabledAsync(user)) return Outcome<IReadOnlyList<string>>.Conflict("Two-factor authentication is already on.");
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            return Outcome<IReadOnlyList<string>>.Invalid("code", WrongCode);
        }

        var codes = await unitOfWork.RunAsync(async _ =>
        {
            Check(await users.SetTwoFactorEnabledAsync(user, true));
            var recovery = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
            audit.Record(AuditAction.AccountTwoFactorEnabled, "User", user.Id, new { TwoFactorEnabled = false }, new { TwoFactorEnabled = true }, user.OrganizationId);
            return (IReadOnlyList<string>)recovery;
        }, cancellationToken);
        // Turning it on changed the security stamp; the session is re-issued, and it now holds the factor just proved.
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, SecondFactorClaims.ForSignIn);
        return Outcome<IReadOnlyList<string>>.Success(codes);
    }

    public async Task<Outcome<IReadOnlyList<string>>> RegenerateRecoveryCodesAsync(PortalUser user, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await users.GetTwoFactorEnabledAsync(user)) return Outcome<IReadOnlyList<string>>.Conflict("Turn on two-factor authentication first.");
        if (!SecondFactorClaims.SignedInWithSecondFactor(principal)) return Outcome<IReadOnlyList<string>>.Conflict(SignInWithItFirst);
        var codes = await unitOfWork.RunAsync(async _ =>
        {
            var recovery = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
            audit.Record(AuditAction.AccountRecoveryCodesRegenerated, "User", user.Id, null, new { RecoveryCodes = recovery.Count }, user.OrganizationId);
            return (IReadOnlyList<string>)recovery;
        }, cancellationToken);
        return Outcome<IReadOnlyList<string>>.Success(codes);
    }

    public async Task<Outcome<bool>> DisableAsync(PortalUser user, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (IsRequiredFor(principal)) return Outcome<bool>.Conflict("Your role needs two-factor authentication, so it stays on. If you lost your app, ask an admin to reset it.");
        if (!await users.GetTwoFactorEnabledAsync(user)) return Outcome<bool>.Conflict("Two-factor authentication is already off.");
        if (!SecondFactorClaims.SignedInWithSecondFactor(principal)) return Outcome<bool>.Conflict(SignInWithItFirst);
        await unitOfWork.RunAsync(async _ =>
        {
            Check(await users.SetTwoFactorEnabledAsync(user, false));
            // The old app's codes must never work again, should it be turned back on.
            Check(await users.ResetAuthenticatorKeyAsync(user));
            await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
            audit.Record(AuditAction.AccountTwoFactorDisabled, "User", user.Id, new { TwoFactorEnabled = true }, new { TwoFactorEnabled = false }, user.OrganizationId);
        }, cancellationToken);
        await signIn.RefreshSignInAsync(user);
        return Outcome<bool>.Success(true);
    }

    private const string SignInWithItFirst = "Sign out, then sign in again with your authenticator app, to change it.";

    /// <summary>Six digits, allowing the spaces and hyphens some apps show; null for anything else.</summary>
    public static string? NormalizeCode(string? code)
    {
        var digits = (code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        return digits.Length == 6 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    private static string Grouped(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0) text.Append(' ');
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }

        return text.ToString().ToLowerInvariant();
    }

    /// <summary>Drawn here, on the server: no script and no outside service ever sees the key.</summary>
    private static string QrCodePng(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
