namespace PreviewAccess.Web.Features.Grants;

/// <summary>
/// Grants after the decision: suspending, revoking, extending, recertifying, and the expiry notices with their worker
/// (<c>Rollout:WorkerEnabled</c>, default true, runs it on this instance).
/// </summary>
public static class GrantsRegistration
{
    public static IServiceCollection AddGrants(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<GrantChanges>();
        services.AddScoped<GrantDetails>();
        services.AddScoped<GrantsToRecertify>();
        services.AddScoped<ExpiryNotices>();
        services.AddSingleton<ExpiryNoticeWorker>();
        if (configuration.GetValue("Rollout:WorkerEnabled", true)) services.AddHostedService(sp => sp.GetRequiredService<ExpiryNoticeWorker>());
        return services;
    }
}
