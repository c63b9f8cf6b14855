using PreviewAccess.Web.Api;
using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.Review;

public sealed record DecisionResponse(IReadOnlyList<GrantView> Grants);

/// <summary>Decisions (API.md, Decisions and grants): approve (one grant per identifier), decline, or ask for more information.</summary>
public static class DecisionsApi
{
    public static RouteGroupBuilder MapDecisionsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/organizations/{id:guid}/decisions", async (Guid id, SurfaceDecisionRequest body, RecordDecision decide, CancellationToken ct) =>
            {
                var read = body.Read(id);
                if (!read.Succeeded) return ApiResults.Failure(read);
                return ApiResults.From(await decide.HandleAsync(read.Value!, ct),
                    grants => TypedResults.Created(OrganizationsApi.Location(id), new DecisionResponse(grants)));
            })
            .WithTags("Decisions")
            .RequireAuthorization(ApiScopePolicies.OrgWrite)
            .RequireRateLimiting(ApiRateLimits.PerKey)
            .WithName("RecordDecision")
            .WithSummary("Decide one requested surface. An approval is not access: its grants are enabled later, in a wave.")
            .Produces<DecisionResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }
}
