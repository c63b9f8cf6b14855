using PreviewAccess.Web.Features.Access;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Api;

/// <summary>The gateways' access check (API.md, Access check): the hot path.</summary>
public static class AccessApi
{
    public static RouteGroupBuilder MapAccessApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var access = api.MapGroup("/access").WithTags("Access").RequireAuthorization(ApiScopePolicies.AccessCheck).RequireRateLimiting(ApiRateLimits.AccessCheck);

        access.MapGet("/check", async (string? surface, string? identifier, string? email, string? model, string? country, CheckAccess check, CancellationToken ct) =>
                ApiResults.From(await check.HandleAsync(new CheckAccessInput(surface, identifier, email, model, country), ct), answer => TypedResults.Ok(answer)))
            .WithName("CheckAccess")
            .WithSummary("May this identifier and email use this model on this surface now?")
            .Produces<AccessAnswer>()
            .ProducesValidationProblem()
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                foreach (var parameter in operation.Parameters?.OfType<Microsoft.OpenApi.OpenApiParameter>() ?? [])
                {
                    parameter.Required = parameter.Name != "country";
                    parameter.Description = parameter.Name switch
                    {
                        "surface" => "Api, Codex or ChatGPT, spelled exactly.",
                        "identifier" => "For Api an API organization ID ('org-' and 24 letters or digits); for Codex a workspace ID (3-64 of A-Z a-z 0-9 _ -).",
                        "email" => "The account email; compared trimmed and case-insensitively.",
                        "model" => "A model id of the catalog, e.g. gpt-5.6-sol.",
                        _ => "Optional: the ISO 3166-1 alpha-2 country the request comes from.",
                    };
                }

                return Task.CompletedTask;
            });
        return api;
    }
}
