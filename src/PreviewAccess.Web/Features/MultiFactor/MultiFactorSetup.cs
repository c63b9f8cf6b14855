using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using PreviewAccess.Data.Identity;

namespace PreviewAccess.Web.Features.MultiFactor;

/// <summary><c>Security:*</c> settings of the sign-in's second factor.</summary>
public sealed class MultiFactorOptions
{
    public const string Section = "Security";

    /// <summary>Admins, account representatives and support staff must sign in with a second factor before they reach their areas.</summary>
    public bool RequireStaffMultiFactor { get; set; } = true;

    /// <summary>Requests for passkey sign-in options one client address may make per minute; past it, 429.</summary>
    public int PasskeyRequestsPerAddressPerMinute { get; set; } = 30;

    /// <summary>Failed passkey sign-ins one client address may make per minute; past it, 429 before the credential is looked at.</summary>
    public int PasskeyFailuresPerAddressPerMinute { get; set; } = 10;
}

/// <summary>
/// The second factor of the sign-in: an authenticator app (TOTP, with recovery codes) and passkeys. One rule guards the
/// staff areas: a staff session that was not signed in with a second factor is sent to set one up (or to sign in with it)
/// before any page of <c>/Admin</c> or <c>/Support</c>.
/// </summary>
public static class MultiFactorSetup
{
    public const string StaffSecondFactorPolicy = "StaffSecondFactor";

    /// <summary>Where a staff member without a second factor is sent; it is also where everyone manages theirs.</summary>
    public const string TwoFactorPage = "/Account/Manage/TwoFactor";

    public static IServiceCollection AddPortalMultiFactor(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MultiFactorOptions>().Bind(configuration.GetSection(MultiFactorOptions.Section))
            .Validate(o => o.PasskeyRequestsPerAddressPerMinute > 0 && o.PasskeyFailuresPerAddressPerMinute > 0, "Security:Passkey*PerAddressPerMinute values must be positive.")
            .ValidateOnStart();
        services.AddSingleton<PasskeySignInThrottle>();
        services.Configure<IdentityPasskeyOptions>(options =>
        {
            // A passkey signs in on its own, so it must prove the person too (PIN or biometrics), not only the device.
            options.UserVerificationRequirement = "required";
            options.ResidentKeyRequirement = "required";
            // Identity's default compares the credential's origin with the request's Origin header, which the portal's
            // Referrer-Policy (no-referrer) makes "null" on form posts. The credential must come from this very site.
            options.ValidateOrigin = context =>
            {
                var request = context.HttpContext.Request;
                var ownOrigin = $"{request.Scheme}://{request.Host}";
                return ValueTask.FromResult(!context.CrossOrigin && string.Equals(context.Origin, ownOrigin, StringComparison.OrdinalIgnoreCase));
            };
        });
        // Identity re-creates the session's principal when it re-checks the security stamp, and drops how the person
        // signed in; the second factor they gave must stay on the session, or staff would be sent back to enrol a minute later.
        // Chained: sign-in defenses keep the session's id the same way.
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            var before = options.OnRefreshingPrincipal;
            options.OnRefreshingPrincipal = async context =>
            {
                if (before is not null) await before(context);
                await SecondFactorClaims.KeepOnRefreshAsync(context);
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(StaffSecondFactorPolicy, policy => policy.AddRequirements(new StaffSecondFactorRequirement()));
        services.AddSingleton<IAuthorizationHandler, StaffSecondFactorHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, SendStaffToTheirSecondFactor>();
        // After AddRazorPages' own setup, which starts the conventions afresh: whatever order Program.cs calls things in.
        services.PostConfigure<RazorPagesOptions>(options =>
        {
            options.Conventions.AuthorizeAreaFolder("Admin", "/", StaffSecondFactorPolicy);
            options.Conventions.AuthorizeAreaFolder("Support", "/", StaffSecondFactorPolicy);
        });

        // Every check of an authenticator code (the sign-in's second step, setting up the app) goes through the provider
        // registered under Identity's authenticator name: this one makes each code good once. After AddDefaultTokenProviders
        // whatever order Program.cs calls things in.
        services.AddScoped<OneTimeAuthenticatorCodes>();
        services.PostConfigure<IdentityOptions>(options =>
        {
            options.Tokens.ProviderMap[TokenOptions.DefaultAuthenticatorProvider] = new TokenProviderDescriptor(typeof(OneTimeAuthenticatorCodes));
            options.Tokens.AuthenticatorTokenProvider = TokenOptions.DefaultAuthenticatorProvider;
        });

        services.AddScoped<OwnSecondFactor>();
        services.AddScoped<OwnPasskeys>();
        return services;
    }

    public static bool IsStaff(ClaimsPrincipal user) => Roles.StaffRoles.Any(user.IsInRole);
}

/// <summary>Staff (when <see cref="MultiFactorOptions.RequireStaffMultiFactor"/>) need a session signed in with a second factor.</summary>
public sealed class StaffSecondFactorRequirement : IAuthorizationRequirement;

public sealed class StaffSecondFactorHandler(IOptionsMonitor<MultiFactorOptions> options) : AuthorizationHandler<StaffSecondFactorRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, StaffSecondFactorRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!options.CurrentValue.RequireStaffMultiFactor || !MultiFactorSetup.IsStaff(context.User) || SecondFactorClaims.SignedInWithSecondFactor(context.User))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// A staff member refused only for want of a second factor goes to the page that sets it up, and comes back afterwards;
/// every other refusal (a role they lack, no sign-in) is answered as usual.
/// </summary>
public sealed class SendStaffToTheirSecondFactor : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _usual = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        var failed = authorizeResult.AuthorizationFailure?.FailedRequirements.ToList();
        if (authorizeResult.Forbidden && failed is { Count: > 0 } && failed.All(r => r is StaffSecondFactorRequirement))
        {
            var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
            context.Response.Redirect(MultiFactorSetup.TwoFactorPage + QueryString.Create("ReturnUrl", returnUrl));
            return Task.CompletedTask;
        }

        return _usual.HandleAsync(next, context, policy, authorizeResult);
    }
}
