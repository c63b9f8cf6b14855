using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.Accounts;

namespace PreviewAccess.Web.Infrastructure;

public static class IdentitySetup
{
    /// <summary>OWASP's floor for PBKDF2-HMAC-SHA512, which Identity's v3 hash format uses.</summary>
    public const int PasswordHashIterations = 210_000;

    /// <param name="environment">
    /// Cookies are Secure everywhere but Development, where <c>dotnet run</c> serves plain http on localhost
    /// and a Secure-only antiforgery cookie would break every form.
    /// </param>
    public static IServiceCollection AddPortalIdentity(this IServiceCollection services, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var secure = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        services.Configure<PasswordHasherOptions>(options =>
        {
            options.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
            options.IterationCount = PasswordHashIterations;
        });

        services.AddIdentity<PortalUser, PortalRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // User names are email addresses, and any address the portal accepts must make an account (o'brien@…).
                options.User.AllowedUserNameCharacters = string.Empty;
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireDigit = false;
                options.Password.RequiredUniqueChars = 4;
                // The threshold and duration come from SignIn:* (SignInDefenses): high, and never reachable from one address.
                options.Lockout.AllowedForNewUsers = true;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddErrorDescriber<PortalIdentityErrors>()
            .AddSignInManager<PortalSignInManager>()
            .AddDefaultTokenProviders();
        services.AddSignInDefenses();

        // A disabled user's session ends at the next check: disabling changes the security stamp.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "PreviewAccess.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = secure;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            // The JSON API answers 401/403 itself; only pages redirect to the sign-in page.
            options.Events = new CookieAuthenticationEvents
            {
                // Replacing the events drops Identity's own security-stamp check; without it a disabled user's
                // session would live on. Put it back.
                OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync,
                OnRedirectToLogin = context => RedirectUnlessApi(context, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = context => RedirectUnlessApi(context, StatusCodes.Status403Forbidden),
            };
        });

        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "PreviewAccess.Antiforgery";
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = secure;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.ProgramStaff, policy => policy.RequireRole(Roles.Admin, Roles.AccountRep))
            .AddPolicy(Policies.SupportDesk, policy => policy.RequireRole(Roles.Admin, Roles.Support))
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Partner, policy => policy.RequireRole(Roles.Partner).RequireClaim(PortalClaims.OrganizationId));

        services.AddScoped<IUserClaimsPrincipalFactory<PortalUser>, PortalClaimsPrincipalFactory>();
        return services;
    }

    private static Task RedirectUnlessApi(RedirectContext<CookieAuthenticationOptions> context, int statusCode)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = statusCode;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

public static class Policies
{
    public const string ProgramStaff = nameof(ProgramStaff);
    public const string SupportDesk = nameof(SupportDesk);
    public const string Admin = nameof(Admin);
    public const string Partner = nameof(Partner);
}

public static class PortalClaims
{
    /// <summary>A partner's organization, taken from their account at sign-in — never from a URL.</summary>
    public const string OrganizationId = "preview:organization";
    public const string DisplayName = "preview:display-name";

    /// <summary>The server-side session this request belongs to; added when the session is read, never stored.</summary>
    public const string SessionId = "preview:session";
}

/// <summary>Adds the partner's organization and the display name to the sign-in cookie.</summary>
public sealed class PortalClaimsPrincipalFactory(
    UserManager<PortalUser> userManager, RoleManager<PortalRole> roleManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, PortalRole>(userManager, roleManager, options)
{
    protected override async Task<System.Security.Claims.ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new(PortalClaims.DisplayName, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? string.Empty : user.DisplayName));
        if (user.OrganizationId is { } organizationId) identity.AddClaim(new(PortalClaims.OrganizationId, organizationId.ToString()));
        return identity;
    }
}

/// <summary>A disabled user cannot sign in, and their cookie stops validating.</summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PortalUser>> logger,
    Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return !user.IsDisabled && await base.CanSignInAsync(user);
    }

    public override async Task<PortalUser?> ValidateSecurityStampAsync(System.Security.Claims.ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsDisabled: false } ? user : null;
    }
}

/// <summary>The password rules above, worded as the portal's forms word things: what to do, not what went wrong.</summary>
public sealed class PortalIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = $"Choose a password of at least {length} characters." };

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"Use at least {uniqueChars} different characters in the password." };
}
