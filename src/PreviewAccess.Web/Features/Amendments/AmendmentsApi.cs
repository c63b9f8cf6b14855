using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Api;
using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Features.Organizations;
using PreviewAccess.Web.Features.Review;

namespace PreviewAccess.Web.Features.Amendments;

/// <summary>The body of API.md, every field named; a list left out counts as empty, as in the enrollment.</summary>
public sealed record RequestAmendmentRequest(
    IReadOnlyList<Surface>? Surfaces,
    IReadOnlyList<string>? ApiOrganizationIds,
    IReadOnlyList<string>? CodexWorkspaceIds,
    IReadOnlyList<string>? AccountEmails,
    IReadOnlyList<string>? Models,
    IReadOnlyList<Guid>? RenewGrantIds,
    string? Note);

/// <summary>
/// Amendments (API.md, Amendments after the first review). An API key is always a staff user's: it asks on the
/// organization's behalf, and is recorded so. Deciding takes the body of a decision and answers like one.
/// </summary>
public static class AmendmentsApi
{
    public static RouteGroupBuilder MapAmendmentsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var amendments = api.MapGroup(string.Empty).WithTags("Amendments").RequireRateLimiting(ApiRateLimits.PerKey);

        amendments.MapPost("/organizations/{id:guid}/amendments", async (Guid id, RequestAmendmentRequest body, RequestAmendment request, CancellationToken ct) =>
            {
                var input = new RequestAmendmentInput(id, body.Surfaces ?? [], body.ApiOrganizationIds ?? [], body.CodexWorkspaceIds ?? [], body.AccountEmails ?? [],
                    body.Models ?? [], body.RenewGrantIds ?? [], body.Note);
                return ApiResults.From(await request.HandleAsync(input, ct), amendment => TypedResults.Created(Location(amendment.Id), amendment));
            })
            .RequireAuthorization(ApiScopePolicies.OrgWrite)
            .WithName("RequestAmendment")
            .WithSummary("Ask to add to a reviewed organization's scope, or renew its ended grants. It is reviewed per surface as a delta; nothing changes until it is decided.")
            .Produces<AmendmentView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        amendments.MapGet("/organizations/{id:guid}/amendments", async (Guid id, string? limit, string? after, AmendmentQueries queries, CancellationToken ct) =>
            {
                var errors = Paging.Read(limit, after, AmendmentQueries.Cursor.IsValid, out var page);
                if (errors.Count > 0) return ApiResults.Invalid(errors);
                return await queries.ListAsync(id, page.Limit, page.After, ct) is { } found ? TypedResults.Ok(found) : ApiResults.NotFound("No such organization.");
            })
            .RequireAuthorization(ApiScopePolicies.OrgRead)
            .WithName("ListAmendments")
            .WithSummary("The organization's amendments, newest first, each with its delta against the current scope.")
            .Produces<Page<AmendmentView>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        amendments.MapGet("/amendments/{id:guid}", async (Guid id, AmendmentQueries queries, CancellationToken ct) =>
                await queries.GetAsync(id, ct) is { } amendment ? TypedResults.Ok(amendment) : ApiResults.NotFound("No such amendment."))
            .RequireAuthorization(ApiScopePolicies.OrgRead)
            .WithName("GetAmendment")
            .Produces<AmendmentView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        amendments.MapPost("/amendments/{id:guid}/decisions", async (Guid id, SurfaceDecisionRequest body, DecideAmendment decide, CancellationToken ct) =>
            {
                var read = body.Read(id);
                if (!read.Succeeded) return ApiResults.Failure(read);
                return ApiResults.From(await decide.HandleAsync(read.Value!, ct), grants => TypedResults.Created(Location(id), new DecisionResponse(grants)));
            })
            .RequireAuthorization(ApiScopePolicies.OrgWrite)
            .WithName("DecideAmendment")
            .WithSummary("Decide one surface of an amendment, applied as a delta: new grants, live grants widened, ended grants renewed. New and renewed grants are enabled later, in a wave.")
            .Produces<DecisionResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static string Location(Guid amendmentId) => $"/api/v1/amendments/{amendmentId}";
}
