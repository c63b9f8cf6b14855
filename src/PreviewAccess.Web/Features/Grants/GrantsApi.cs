using PreviewAccess.Web.Api;
using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.Grants;

/// <summary>Grants (API.md, Decisions and grants): read, second approval, suspend, reinstate, revoke.</summary>
public static class GrantsApi
{
    public static RouteGroupBuilder MapGrantsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var grants = api.MapGroup("/grants").WithTags("Grants").RequireRateLimiting(ApiRateLimits.PerKey);

        grants.MapGet("/{id:guid}", async (Guid id, GrantChanges changes, CancellationToken ct) =>
                await changes.GetAsync(id, ct) is { } grant ? TypedResults.Ok(grant) : ApiResults.NotFound("No such grant."))
            .RequireAuthorization(ApiScopePolicies.OrgRead)
            .WithName("GetGrant")
            .Produces<GrantView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        grants.MapPost("/{id:guid}/approvals", async (Guid id, GrantChanges changes, CancellationToken ct) =>
                ApiResults.From(await changes.ConfirmSecondApprovalAsync(id, ct), grant => TypedResults.Ok(grant)))
            .RequireAuthorization(ApiScopePolicies.OrgWrite)
            .WithName("ApproveGrantSecond")
            .WithSummary("The second approval, by a staff user other than the first approver.")
            .Produces<GrantView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        MapReasonChange(grants, "suspend", "SuspendGrant", (changes, input, ct) => changes.SuspendAsync(input, ct));
        MapReasonChange(grants, "reinstate", "ReinstateGrant", (changes, input, ct) => changes.ReinstateAsync(input, ct));
        MapReasonChange(grants, "revoke", "RevokeGrant", (changes, input, ct) => changes.RevokeAsync(input, ct));
        return api;
    }

    private static void MapReasonChange(RouteGroupBuilder grants, string action, string name,
        Func<GrantChanges, GrantReasonInput, CancellationToken, Task<Features.Common.Outcome<GrantView>>> change)
    {
        grants.MapPost($"/{{id:guid}}/{action}", async (Guid id, ReasonRequest body, GrantChanges changes, CancellationToken ct) =>
                ApiResults.From(await change(changes, new GrantReasonInput(id, body.Reason ?? string.Empty), ct), grant => TypedResults.Ok(grant)))
            .RequireAuthorization(ApiScopePolicies.OrgWrite)
            .WithName(name)
            .Produces<GrantView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
