namespace PreviewAccess.Web.Features.Catalog;

/// <summary>The catalog of models and the cost estimator.</summary>
public static class CatalogRegistration
{
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddScoped<CatalogQueries>();
        services.AddScoped<CostEstimator>();
        return services;
    }
}
