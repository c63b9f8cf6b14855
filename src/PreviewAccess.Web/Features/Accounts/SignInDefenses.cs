using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.ApiKeys;

namespace PreviewAccess.Web.Features.Accounts;

/// <summary>
/// Sign-in that neither leaks nor locks out, sessions kept on the server, and password self-service
/// (<c>SignIn:*</c>, see <see cref="SignInDefenseOptions"/>).
/// </summary>
public static class SignInDefenses
{
    public static IServiceCollection AddSignInDefenses(this IServiceCollection services)
    {
        services.AddOptions<SignInDefenseOptions>().BindConfiguration(SignInDefenseOptions.Section)
            .Validate(o => o.IsValid, "SignIn:* values must be positive; link lifetimes at most 1 day (reset) and 14 days (first password).")
            .ValidateOnStart();

        // The lockout is the last line against guessing spread over many addresses: high, and only fed by a few
        // failures per address (PasswordSignIn), so that no single stranger can lock an account.
        services.AddOptions<IdentityOptions>().Configure<IOptions<SignInDefenseOptions>>((identity, signIn) =>
        {
            identity.Lockout.MaxFailedAccessAttempts = signIn.Value.LockoutThreshold;
            identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(signIn.Value.LockoutMinutes);
            identity.Tokens.PasswordResetTokenProvider = PasswordLinks.ResetTokenProvider;
        });
        new IdentityBuilder(typeof(PortalUser), typeof(PortalRole), services)
            .AddTokenProvider<PasswordResetTokenProvider>(PasswordLinks.ResetTokenProvider)
            .AddTokenProvider<FirstPasswordTokenProvider>(PasswordLinks.FirstPasswordTokenProvider);
        services.AddOptions<PasswordResetTokenProviderOptions>().Configure<IOptions<SignInDefenseOptions>>((tokens, signIn) => tokens.TokenLifespan = signIn.Value.PasswordResetLinkLifetime);
        services.AddOptions<FirstPasswordTokenProviderOptions>().Configure<IOptions<SignInDefenseOptions>>((tokens, signIn) => tokens.TokenLifespan = signIn.Value.FirstPasswordLinkLifetime);

        // Sessions live in the database: signing out ends the session itself, not only the browser's copy of it.
        services.AddSingleton<DatabaseTicketStore>();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<DatabaseTicketStore>((cookie, store) => cookie.SessionStore = store);
        // The security-stamp check replaces the principal with a fresh one; the session it belongs to must stay known.
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            var before = options.OnRefreshingPrincipal;
            options.OnRefreshingPrincipal = async context =>
            {
                if (before is not null) await before(context);
                DatabaseTicketStore.KeepSessionClaim(context.CurrentPrincipal, context.NewPrincipal);
            };
        });

        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<StandInPasswordHash>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<AccountSessions>();
        services.AddScoped<OwnApiKeys>();
        services.AddScoped<ChangeOwnPassword>();
        services.AddScoped<PasswordLinks>();
        services.AddSingleton<PasswordResetRequests>();
        services.AddHostedService<PasswordResetMailer>();
        return services;
    }
}
