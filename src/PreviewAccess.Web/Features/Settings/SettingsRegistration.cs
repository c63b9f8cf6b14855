namespace PreviewAccess.Web.Features.Settings;

/// <summary>The program's settings: read by the estimator, the reviews and the public page; edited by admins.</summary>
public static class SettingsRegistration
{
    public static IServiceCollection AddProgramSettings(this IServiceCollection services)
    {
        services.AddScoped<ProgramSettingsQueries>();
        services.AddScoped<ChangeProgramSettings>();
        return services;
    }
}
