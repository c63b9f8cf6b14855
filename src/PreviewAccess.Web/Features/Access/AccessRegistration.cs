using PreviewAccess.Data;

namespace PreviewAccess.Web.Features.Access;

/// <summary>
/// The access check: its facts come from one source, an in-memory snapshot kept fresh by the database's change signals
/// (<see cref="AccessSnapshotRefresher"/>), which answers from the database itself until its first load completes.
/// </summary>
public static class AccessRegistration
{
    public static IServiceCollection AddAccessChecks(this IServiceCollection services)
    {
        services.AddSingleton<AccessSnapshot>();
        services.AddSingleton<IAccessFactsSource>(sp => sp.GetRequiredService<AccessSnapshot>());
        services.AddHostedService<AccessSnapshotRefresher>();
        // Read-your-writes: a commit applies its own changes to this instance's snapshot before the request answers.
        services.AddSingleton<IAccessChangeSink, ReadYourWrites>();
        services.AddScoped<CheckAccess>();
        return services;
    }
}
