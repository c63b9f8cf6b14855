using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Api;
using PreviewAccess.Web.Features.Access;
using PreviewAccess.Web.Features.ApiKeys;

namespace PreviewAccess.Web.Features.Organizations;

/// <summary>The two flags are optional in API.md (false when absent); their defaults keep them out of the schema's <c>required</c>.</summary>
public sealed record CreateOrganizationRequest(string? Name, string? Country, string? AccountRepEmail, bool? TrustedAccessForCyber = null, bool? PreviousAlphaParticipant = null);

public sealed record GovernmentCoordinationRequest(DateOnly? SharedOn, string? Reference);

public sealed record ReasonRequest(string? Reason);

/// <summary>Organizations (API.md, Organizations): nominate, read, list, government coordination, suspend, reinstate.</summary>
public static class OrganizationsApi
{
    private const int MaxQueryLength = 254;

    public static RouteGroupBuilder MapOrganizationsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var organizations = api.MapGroup("/organizations").WithTags("Organizations").RequireRateLimiting(ApiRateLimits.PerKey);

        organizations.MapPost("/", async (CreateOrganizationRequest body, NominateOrganization nominate, OrganizationQueries queries, CancellationToken ct) =>
                await ApiResults.FromAsync(await nominate.HandleAsync(new NominateOrganizationInput(body.Name ?? string.Empty, body.Country ?? string.Empty,
                    body.AccountRepEmail ?? string.Empty, body.TrustedAccessForCyber ?? false, body.PreviousAlphaParticipant ?? false), ct),
                    async id => TypedResults.Created(Location(id), await queries.GetAsync(id, ct))))
            .RequireAuthorization(ApiScopePolicies.OrgWrite)
            .WithName("CreateOrganization")
            .WithSummary("Nominate an organization; it enters the program only through an invitation.")
            .Produces<OrganizationView>(StatusCodes.Status201Created)
            .ProducesValidationProblem();

        organizations.MapGet("/{id:guid}", async (Guid id, OrganizationQueries queries, CancellationToken ct) =>
                await queries.GetAsync(id, ct) is { } organization ? TypedResults.Ok(organization) : ApiResults.NotFound("No such organization."))
            .RequireAuthorization(ApiScopePolicies.OrgRead)
            .WithName("GetOrganization")
            .Produces<OrganizationView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        organizations.MapGet("/", async (string? q, string? status, string? limit, string? after, OrganizationQueries queries, CancellationToken ct) =>
            {
                var errors = Paging.Read(limit, after, OrganizationQueries.Cursor.IsValid, out var page);
                var query = QueryText.Read(q, "q", MaxQueryLength, errors);
                OrganizationStatus? wanted = null;
                if (!string.IsNullOrEmpty(status))
                {
                    if (ExactNames.TryParse<OrganizationStatus>(status, out var parsed)) wanted = parsed;
                    else errors["status"] = [$"Use one of: {string.Join(", ", Enum.GetNames<OrganizationStatus>())}."];
                }

                if (errors.Count > 0) return ApiResults.Invalid(errors);
                return TypedResults.Ok(await queries.ListAsync(new OrganizationFilter(Query: query, Status: wanted), page.Limit, page.After, ct));
            })
            .RequireAuthorization(ApiScopePolicies.OrgRead)
            .WithName("ListOrganizations")
            .WithSummary("Organizations by name; q matches the name, an API organization ID, a Codex workspace ID or an account email.")
            .Produces<Page<OrganizationListItem>>()
            .ProducesValidationProblem();

        organizations.MapPost("/{id:guid}/government-coordination", async (Guid id, GovernmentCoordinationRequest body, ChangeOrganization change, OrganizationQueries queries, CancellationToken ct) =>
                await ApiResults.FromAsync(await change.RecordGovernmentCoordinationAsync(new RecordGovernmentCoordinationInput(id, body.SharedOn ?? default, body.Reference ?? string.Empty), ct),
                    async _ => await OkAsync(id, queries, ct)))
            .ChangesTheOrganization("RecordGovernmentCoordination")
            .WithSummary("Record that the organization's participation was shared with the government: the gate on enablement.");

        organizations.MapPost("/{id:guid}/suspend", async (Guid id, ReasonRequest body, ChangeOrganization change, OrganizationQueries queries, CancellationToken ct) =>
                await ApiResults.FromAsync(await change.SuspendAsync(new OrganizationReasonInput(id, body.Reason ?? string.Empty), ct), async _ => await OkAsync(id, queries, ct)))
            .ChangesTheOrganization("SuspendOrganization");

        organizations.MapPost("/{id:guid}/reinstate", async (Guid id, ReasonRequest body, ChangeOrganization change, OrganizationQueries queries, CancellationToken ct) =>
                await ApiResults.FromAsync(await change.ReinstateAsync(new OrganizationReasonInput(id, body.Reason ?? string.Empty), ct), async _ => await OkAsync(id, queries, ct)))
            .ChangesTheOrganization("ReinstateOrganization");

        return api;
    }

    public static string Location(Guid organizationId) => $"/api/v1/organizations/{organizationId}";

    /// <summary>A write on one organization: the write scope, and the organization as it is now, a field error, 404 or 409.</summary>
    private static RouteHandlerBuilder ChangesTheOrganization(this RouteHandlerBuilder endpoint, string name) => endpoint
        .RequireAuthorization(ApiScopePolicies.OrgWrite)
        .WithName(name)
        .Produces<OrganizationView>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>200 with the organization as it is now.</summary>
    public static async Task<IResult> OkAsync(Guid organizationId, OrganizationQueries queries, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(queries);
        return await queries.GetAsync(organizationId, ct) is { } organization ? TypedResults.Ok(organization) : ApiResults.NotFound("No such organization.");
    }
}
