namespace PreviewAccess.Web.Features.Audit;

/// <summary>The audit log's own services: its reads, its checkpoints and the worker that writes them on a schedule.</summary>
public static class AuditLogRegistration
{
    public static IServiceCollection AddAuditLog(this IServiceCollection services)
    {
        services.AddScoped<AuditLogQueries>();
        services.AddScoped<AuditCheckpoints>();
        services.AddSingleton<AuditCheckpointWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditCheckpointWorker>());
        return services;
    }
}
