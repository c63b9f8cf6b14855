using PreviewAccess.Web.Api;
using PreviewAccess.Web.Features.ApiKeys;

namespace PreviewAccess.Web.Features.Catalog;

/// <summary>Catalog and pricing (API.md): the models and what a usage costs, in exact decimals.</summary>
public static class CatalogApi
{
    public static RouteGroupBuilder MapCatalogApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/models", async (CatalogQueries catalog, CancellationToken ct) => TypedResults.Ok(await catalog.ModelsAsync(ct)))
            .WithTags("Catalog")
            .RequireAuthorization(ApiScopePolicies.OrgRead)
            .RequireRateLimiting(ApiRateLimits.PerKey)
            .WithName("ListModels")
            .Produces<IReadOnlyList<ModelView>>();

        api.MapPost("/pricing/estimate", async (EstimatePriceInput body, CatalogQueries catalog, CancellationToken ct) =>
                ApiResults.From(await catalog.EstimateAsync(body, ct), estimate => TypedResults.Ok(estimate)))
            .WithTags("Catalog")
            .RequireAuthorization(ApiScopePolicies.OrgRead)
            .RequireRateLimiting(ApiRateLimits.PerKey)
            .WithName("EstimatePrice")
            .WithSummary("Cache writes cost 1.25 × the input rate, cache reads 0.10 ×, per 1,000,000 tokens, unless an admin changed the program's multipliers.")
            .Produces<PriceEstimateView>()
            .ProducesValidationProblem();
        return api;
    }
}
