namespace PreviewAccess.Web.Features.Government;

/// <summary>The government coordination register.</summary>
public static class GovernmentRegistration
{
    public static IServiceCollection AddGovernmentCoordination(this IServiceCollection services)
    {
        services.AddScoped<GovernmentRegister>();
        return services;
    }
}
