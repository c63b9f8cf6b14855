namespace PreviewAccess.Web.Features.Rollout;

/// <summary>Rollout waves: placing approved grants into waves, the board, and the worker that enables them (<c>Rollout:WorkerEnabled</c>, default true).</summary>
public static class RolloutRegistration
{
    public static IServiceCollection AddRollout(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<WaveUseCases>();
        services.AddScoped<WaveBoard>();
        services.AddSingleton<EnablementWorker>();
        if (configuration.GetValue("Rollout:WorkerEnabled", true)) services.AddHostedService(sp => sp.GetRequiredService<EnablementWorker>());
        return services;
    }
}
