using System.Buffers.Text;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.MultiFactor;

public sealed record PasskeyView(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>
/// Passkeys (WebAuthn) through ASP.NET Core Identity: the signed-in person adds, lists and removes their own, and anyone
/// with one signs in with it alone. A passkey proves the device and the person (user verification is required), so a
/// passkey sign-in counts as a sign-in with a second factor.
/// </summary>
public sealed class OwnPasskeys(
    UserManager<PortalUser> users, SignInManager<PortalUser> signIn, UnitOfWork unitOfWork, AuditTrail audit, OwnSecondFactor secondFactor,
    ILogger<OwnPasskeys> logger)
{
    public const int MaxPasskeys = 10;
    public const string NotCompleted = "The passkey could not be checked. Try again, and follow your browser's prompts to the end.";

    public async Task<IReadOnlyList<PasskeyView>> ListAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return (await users.GetPasskeysAsync(user))
            .OrderBy(p => p.CreatedAt)
            .Select(p => new PasskeyView(Base64Url.EncodeToString(p.CredentialId), string.IsNullOrWhiteSpace(p.Name) ? "Passkey" : p.Name, p.CreatedAt))
            .ToList();
    }

    /// <summary>
    /// Why this session may not add a passkey, or null. A passkey signs in on its own, so adding one needs a session as
    /// strong as the account requires: otherwise a stolen password would buy a way past the authenticator app.
    /// </summary>
    public async Task<string?> WhyNotAddAsync(PortalUser user, ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(user);
        var enabled = await users.GetTwoFactorEnabledAsync(user);
        if (!enabled && secondFactor.IsRequiredFor(principal)) return "Set up your authenticator app first; then you can add a passkey.";
        if (enabled && !SecondFactorClaims.SignedInWithSecondFactor(principal)) return "Sign out, then sign in again with your authenticator app, to add a passkey.";
        if ((await users.GetPasskeysAsync(user)).Count >= MaxPasskeys) return $"You have {MaxPasskeys} passkeys, the most an account may have. Remove one first.";
        return null;
    }

    /// <summary>The options for <c>navigator.credentials.create</c>; the challenge is kept in a short-lived cookie until <see cref="AddAsync"/>.</summary>
    public async Task<Outcome<string>> CreationOptionsAsync(PortalUser user, ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await WhyNotAddAsync(user, principal) is { } why) return Outcome<string>.Conflict(why);
        var entity = new PasskeyUserEntity
        {
            Id = await users.GetUserIdAsync(user),
            Name = user.Email ?? user.UserName ?? string.Empty,
            DisplayName = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? string.Empty : user.DisplayName,
        };
        return Outcome<string>.Success(await signIn.MakePasskeyCreationOptionsAsync(entity));
    }

    public async Task<Outcome<PasskeyView>> AddAsync(PortalUser user, ClaimsPrincipal principal, string? credentialJson, string? name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await WhyNotAddAsync(user, principal) is { } why) return Outcome<PasskeyView>.Conflict(why);
        var label = (name ?? string.Empty).Trim();
        if (label.Length > 60) return Outcome<PasskeyView>.Invalid("name", "The name can be at most 60 characters.");
        if (string.IsNullOrWhiteSpace(credentialJson)) return Outcome<PasskeyView>.Invalid("credentialJson", NotCompleted);

        PasskeyAttestationResult attestation;
        try
        {
            attestation = await signIn.PerformPasskeyAttestationAsync(credentialJson);
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException or FormatException)
        {
            // No ceremony under way (its cookie expired or was never set) or a body that is not a credential.
            logger.LogInformation("Passkey registration refused for user {UserId}: {Reason}", user.Id, e.GetType().Name);
            return Outcome<PasskeyView>.Invalid("credentialJson", NotCompleted);
        }

        if (!attestation.Succeeded || attestation.UserEntity.Id != await users.GetUserIdAsync(user))
        {
            logger.LogInformation("Passkey registration refused for user {UserId}: {Reason}", user.Id, attestation.Failure?.Message);
            return Outcome<PasskeyView>.Invalid("credentialJson", NotCompleted);
        }

        var passkey = attestation.Passkey;
        passkey.Name = label.Length > 0 ? label : $"Passkey added {passkey.CreatedAt:d MMM yyyy}";
        await unitOfWork.RunAsync(async _ =>
        {
            Check(await users.AddOrUpdatePasskeyAsync(user, passkey));
            audit.Record(AuditAction.AccountPasskeyAdded, "User", user.Id, null, new { Passkey = passkey.Name }, user.OrganizationId);
        }, cancellationToken);
        return Outcome<PasskeyView>.Success(new PasskeyView(Base64Url.EncodeToString(passkey.CredentialId), passkey.Name, passkey.CreatedAt));
    }

    public async Task<Outcome<string>> RemoveAsync(PortalUser user, string? id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        byte[] credentialId;
        try
        {
            credentialId = Base64Url.DecodeFromChars(id ?? string.Empty);
        }
        catch (FormatException)
        {
            return Outcome<string>.NotFound("No such passkey.");
        }

        if (await users.GetPasskeyAsync(user, credentialId) is not { } passkey) return Outcome<string>.NotFound("No such passkey.");
        await unitOfWork.RunAsync(async _ =>
        {
            Check(await users.RemovePasskeyAsync(user, credentialId));
            audit.Record(AuditAction.AccountPasskeyRemoved, "User", user.Id, new { Passkey = passkey.Name }, null, user.OrganizationId);
        }, cancellationToken);
        return Outcome<string>.Success(passkey.Name ?? "Passkey");
    }

    /// <summary>The options for <c>navigator.credentials.get</c>, for anyone: the browser offers the passkeys it holds for this site.</summary>
    public Task<string> RequestOptionsAsync() => signIn.MakePasskeyRequestOptionsAsync(null);

    /// <summary>
    /// Signs in with a passkey. Identity's <c>PasskeySignInAsync</c> does the same steps but leaves no mark of the second
    /// factor on the session; here the session records it, so staff reach their areas.
    /// </summary>
    public async Task<SignInResult> SignInAsync(string? credentialJson)
    {
        if (string.IsNullOrWhiteSpace(credentialJson)) return SignInResult.Failed;
        PasskeyAssertionResult<PortalUser> assertion;
        try
        {
            assertion = await signIn.PerformPasskeyAssertionAsync(credentialJson);
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException or FormatException)
        {
            logger.LogInformation("Passkey sign-in refused: {Reason}", e.GetType().Name);
            return SignInResult.Failed;
        }

        if (!assertion.Succeeded)
        {
            logger.LogInformation("Passkey sign-in refused: {Reason}", assertion.Failure?.Message);
            return SignInResult.Failed;
        }

        var user = assertion.User;
        if (await users.IsLockedOutAsync(user)) return SignInResult.LockedOut;
        if (!await signIn.CanSignInAsync(user)) return SignInResult.NotAllowed;
        // The new signature count and flags are kept: a cloned authenticator shows up as a count that goes backwards.
        Check(await users.AddOrUpdatePasskeyAsync(user, assertion.Passkey));
        await users.ResetAccessFailedCountAsync(user);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, SecondFactorClaims.ForSignIn);
        logger.LogInformation("User {UserId} signed in with a passkey", user.Id);
        return SignInResult.Success;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
