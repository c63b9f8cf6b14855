namespace PreviewAccess.Web.Features.Audit;

/// <summary>The audit log: who did what (the trail every use case writes to), its reads, and its signed checkpoints.</summary>
public static class AuditRegistration
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentActor, HttpCurrentActor>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<AuditLogQueries>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditStories>();
        services.AddScoped<AuditCheckpoints>();
        services.AddSingleton<AuditCheckpointWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditCheckpointWorker>());
        return services;
    }
}
