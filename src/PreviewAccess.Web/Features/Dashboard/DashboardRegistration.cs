namespace PreviewAccess.Web.Features.Dashboard;

/// <summary>The staff's program dashboard.</summary>
public static class DashboardRegistration
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddScoped<ProgramDashboard>();
        return services;
    }
}
