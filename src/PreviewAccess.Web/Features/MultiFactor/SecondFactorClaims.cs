using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace PreviewAccess.Web.Features.MultiFactor;

/// <summary>
/// How a session shows that it was signed in with a second factor: the <c>amr</c> claim <c>mfa</c> (RFC 8176), which
/// Identity sets after an authenticator or recovery code, and the portal sets after a passkey or on enrolment.
/// </summary>
public static class SecondFactorClaims
{
    public const string Type = "amr";
    public const string MultiFactor = "mfa";

    public static Claim[] ForSignIn => [new(Type, MultiFactor)];

    public static bool SignedInWithSecondFactor(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.HasClaim(Type, MultiFactor);
    }

    public static Task KeepOnRefreshAsync(SecurityStampRefreshingPrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var identity = context.NewPrincipal?.Identities.FirstOrDefault();
        if (identity is null || context.CurrentPrincipal is null) return Task.CompletedTask;
        foreach (var claim in context.CurrentPrincipal.FindAll(Type).ToList())
        {
            if (!identity.HasClaim(Type, claim.Value)) identity.AddClaim(new Claim(Type, claim.Value));
        }

        return Task.CompletedTask;
    }
}
