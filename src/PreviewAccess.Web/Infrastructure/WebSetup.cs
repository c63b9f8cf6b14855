using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using PreviewAccess.Data;
using PreviewAccess.Web.Features;
using PreviewAccess.Web.Features.Access;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Enrollment;
using PreviewAccess.Web.Features.Grants;
using PreviewAccess.Web.Features.Invitations;
using PreviewAccess.Web.Features.Mail;
using PreviewAccess.Web.Features.Organizations;
using PreviewAccess.Web.Features.Review;
using PreviewAccess.Web.Features.Rollout;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Features.Support;
using Serilog;

namespace PreviewAccess.Web.Infrastructure;

public static class WebSetup
{
    /// <summary>The use cases and the services they share.</summary>
    public static IServiceCollection AddPortalFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<ProgramOptions>().Bind(configuration.GetSection(ProgramOptions.Section))
            .Validate(o => o.InvitationLifetimeDays is >= 1 and <= 90, "Program:InvitationLifetimeDays must be between 1 and 90.")
            .ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentActor, HttpCurrentActor>();
        services.AddScoped<ProgramPermissions>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<DemoData>();

        services.AddScoped<StaffDirectory>();
        services.AddScoped<OrganizationChanges>();
        services.AddScoped<OrganizationQueries>();
        services.AddScoped<NominateOrganization>();
        services.AddScoped<ChangeOrganization>();
        services.AddScoped<InvitationSender>();
        services.AddScoped<InvitationAcceptance>();
        services.AddScoped<SubmitEnrollment>();
        services.AddScoped<PartnerContacts>();
        services.AddScoped<RecordDecision>();
        services.AddScoped<GrantChanges>();
        services.AddScoped<WaveUseCases>();
        services.AddScoped<SupportCaseDesk>();

        // The access check's hot path: an in-memory snapshot kept fresh by the database's change signals.
        services.AddSingleton<AccessSnapshot>();
        services.AddSingleton<IAccessFactsSource>(sp => sp.GetRequiredService<AccessSnapshot>());
        services.AddHostedService<AccessSnapshotRefresher>();
        // Read-your-writes: a commit applies its own changes to this instance's snapshot before the request answers.
        services.AddSingleton<IAccessChangeSink, ReadYourWrites>();
        services.AddSingleton<EnablementWorker>();
        if (configuration.GetValue("Rollout:WorkerEnabled", true)) services.AddHostedService(sp => sp.GetRequiredService<EnablementWorker>());
        services.AddScoped<ExpiryNotices>();
        services.AddScoped<GrantsToRecertify>();
        services.AddSingleton<ExpiryNoticeWorker>();
        if (configuration.GetValue("Rollout:WorkerEnabled", true)) services.AddHostedService(sp => sp.GetRequiredService<ExpiryNoticeWorker>());
        return services;
    }

    /// <summary>Mail leaves through the outbox: over SMTP when <c>Smtp:Host</c> is set, else as <c>.eml</c> files in a pickup folder.</summary>
    public static IServiceCollection AddPortalMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailOptions>().Configure(options =>
        {
            options.SmtpHost = configuration["Smtp:Host"];
            options.SmtpPort = configuration.GetValue("Smtp:Port", 25);
            options.SmtpUserName = configuration["Smtp:UserName"];
            options.SmtpPassword = configuration["Smtp:Password"];
            options.SmtpUseStartTls = configuration.GetValue("Smtp:UseStartTls", false);
            options.PickupFolder = configuration["Mail:PickupFolder"] ?? options.PickupFolder;
            options.FromAddress = configuration["Mail:FromAddress"] ?? options.FromAddress;
            options.FromName = configuration["Mail:FromName"] ?? options.FromName;
            if (Uri.TryCreate(configuration["Portal:PublicUrl"], UriKind.Absolute, out var publicUrl)) options.PublicUrl = publicUrl;
        });
        services.AddScoped<MailOutbox>();
        if (string.IsNullOrWhiteSpace(configuration["Smtp:Host"])) services.AddSingleton<IMailTransport, PickupFolderMailTransport>();
        else services.AddSingleton<IMailTransport, SmtpMailTransport>();
        services.AddSingleton<OutboxDispatcher>();
        if (configuration.GetValue("Mail:DispatcherEnabled", true)) services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
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

        services.AddHealthChecks()
            .AddDbContextCheck<PortalDbContext>("database", tags: [HealthTags.Ready])
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
