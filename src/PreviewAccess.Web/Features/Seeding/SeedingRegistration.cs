namespace PreviewAccess.Web.Features.Seeding;

/// <summary>The demo data <c>dotnet run</c> starts with.</summary>
public static class SeedingRegistration
{
    public static IServiceCollection AddDemoData(this IServiceCollection services)
    {
        services.AddScoped<DemoData>();
        return services;
    }
}
