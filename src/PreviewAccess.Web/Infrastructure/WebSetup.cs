using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using PreviewAccess.Data;
using PreviewAccess.Web.Features;
using PreviewAccess.Web.Features.Access;
using PreviewAccess.Web.Features.Amendments;
using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Catalog;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Dashboard;
using PreviewAccess.Web.Features.Enrollment;
using PreviewAccess.Web.Features.Government;
using PreviewAccess.Web.Features.Grants;
using PreviewAccess.Web.Features.Invitations;
using PreviewAccess.Web.Features.Mail;
using PreviewAccess.Web.Features.Members;
using PreviewAccess.Web.Features.Organizations;
using PreviewAccess.Web.Features.Review;
using PreviewAccess.Web.Features.ReviewThreads;
using PreviewAccess.Web.Features.Rollout;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Features.Staff;
using PreviewAccess.Web.Features.Settings;
using PreviewAccess.Web.Features.Status;
using PreviewAccess.Web.Features.Support;
using PreviewAccess.Web.Features.Webhooks;
using Serilog;

namespace PreviewAccess.Web.Infrastructure;

public static class WebSetup
{
    /// <summary>The program's capabilities (each folder under Features registers its own) and what they share.</summary>
    public static IServiceCollection AddPortalFeatures(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SecretFormSubmissions>();
        services.AddOptions<ProgramOptions>().Bind(configuration.GetSection(ProgramOptions.Section))
            .Validate(o => o.InvitationLifetimeDays is >= 1 and <= 90, "Program:InvitationLifetimeDays must be between 1 and 90.")
            // Second approval is a program setting in the database now; a deployment that still sets the key would
            // otherwise believe a control is on that nothing reads.
            .Validate(_ => configuration["Program:RequireSecondApproval"] is null,
                "Program:RequireSecondApproval is no longer read: remove it, and switch second approval on or off under Admin → Program settings.")
            .ValidateOnStart();
        services
            .AddProgramAuthorization()
            .AddAudit()
            .AddPortalMail(configuration)
            .AddOrganizations()
            .AddInvitations()
            .AddMembers()
            .AddEnrollment()
            .AddReview()
            .AddAmendments()
            .AddReviewThreads()
            .AddGrants(configuration)
            .AddRollout(configuration)
            .AddAccessChecks()
            .AddPartnerStatus()
            .AddSupport()
            .AddCatalog()
            .AddProgramSettings()
            .AddDashboard()
            .AddGovernmentCoordination()
            .AddStaffAdministration()
            .AddApiKeys()
            .AddPortalWebhooks(configuration, environment)
            .AddDemoData();
        return services;
    }

    /// <summary>Pages, problem details, health checks, and data-protection keys shared through the database.</summary>
    public static IServiceCollection AddPortalWeb(this IServiceCollection services, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        services.AddRazorPages(options =>
        {
            // Each area is closed to everyone but its roles; a page cannot be forgotten.
            options.Conventions.AuthorizeAreaFolder("Admin", "/", Policies.ProgramStaff);
            options.Conventions.AuthorizeAreaFolder("Support", "/", Policies.SupportDesk);
            options.Conventions.AuthorizeAreaFolder("Partner", "/", Policies.Partner);
        }).AddMvcOptions(options => options.NormalizeTextInput());
        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(options =>
        {
            options.Cookie.Name = "PreviewAccess.TempData";
            options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        services.AddProblemDetails();

        // Several instances must read each other's cookies and antiforgery tokens.
        services.AddDataProtection()
            .SetApplicationName("PreviewAccess")
            .PersistKeysToDbContext<PortalDbContext>();

        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.AddHealthChecks()
            .AddCheck<DatabaseReadinessCheck>("database", tags: [HealthTags.Ready])
            .AddCheck<AccessSnapshotHealthCheck>("access-snapshot", tags: [HealthTags.Ready]);
        return services;
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Before anything reads the scheme or the client's address: HSTS, Secure cookies, antiforgery, rate limits, logs.
        app.UsePortalForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        // Sent on https only, which behind the proxy is the forwarded scheme.
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseStaticFiles();
        // Around the error handling below, so that each request's line carries the status the client got: a body the
        // API cannot read is the client's 400 (ApiBadRequestHandler), not the exception's 500 on its way out.
        app.UseSerilogRequestLogging(options =>
        {
            // The path only: query strings can carry tokens, and they are never logged.
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            options.GetLevel = LoggingSetup.RequestLevel;
        });
        // The API answers errors with RFC 9457 problem details; people get friendly pages.
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(context => !IsApi(context), pages =>
        {
            pages.UseExceptionHandler("/Error");
            pages.UseStatusCodePagesWithReExecute("/StatusCode/{0}");
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    public static WebApplication MapPortalEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapRazorPages();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready) });
        return app;
    }
}

public static class HealthTags
{
    public const string Ready = "ready";
}
