using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Web.Api;
using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.Review;

/// <summary>
/// <c>expiresOn</c> is optional in API.md; its default keeps it out of the schema's <c>required</c>. So is
/// <c>partnerMessage</c>, this portal's addition: what a declined partner is told instead of the justification.
/// </summary>
public sealed record RecordDecisionRequest(
    Surface? Surface,
    DecisionOutcome? Decision,
    IReadOnlyList<string>? Identifiers,
    IReadOnlyList<string>? Models,
    IReadOnlyList<string>? AccountEmails,
    string? Justification,
    DateOnly? ExpiresOn = null,
    string? PartnerMessage = null);

public sealed record DecisionResponse(IReadOnlyList<GrantView> Grants);

/// <summary>Decisions (API.md, Decisions and grants): approve (one grant per identifier), decline, or ask for more information.</summary>
public static class DecisionsApi
{
    public static RouteGroupBuilder MapDecisionsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/organizations/{id:guid}/decisions", async (Guid id, RecordDecisionRequest body, RecordDecision decide, CancellationToken ct) =>
            {
                var missing = new Dictionary<string, string[]>();
                if (body.Surface is null) missing["surface"] = ["Choose the surface: Api or Codex."];
                if (body.Decision is null) missing["decision"] = ["Choose the decision: Approve, Decline or NeedsInfo."];
                if (missing.Count > 0) return ApiResults.Invalid(missing);

                var input = new RecordDecisionInput(id, body.Surface!.Value, body.Decision!.Value, body.Identifiers ?? [], body.Models ?? [],
                    body.AccountEmails ?? [], body.Justification ?? string.Empty, body.ExpiresOn, PartnerMessage: body.PartnerMessage);
                return ApiResults.From(await decide.HandleAsync(input, ct),
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
