using PreviewAccess.Web.Api;
using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.Support;

/// <summary>Support (API.md, Support): look an organization up, and open a case that carries its own diagnosis.</summary>
public static class SupportApi
{
    private const int MaxQueryLength = 254;

    public static RouteGroupBuilder MapSupportApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/lookup", async (string? q, string? limit, string? after, SupportLookup lookup, CancellationToken ct) =>
            {
                var errors = Paging.Read(limit, after, OrganizationQueries.Cursor.IsValid, out var page);
                var query = QueryText.Read(q, "q", MaxQueryLength, errors);
                if (string.IsNullOrEmpty(query) && !errors.ContainsKey("q")) errors["q"] = ["Give an API organization ID, Codex workspace ID, account email or name."];
                if (errors.Count > 0) return ApiResults.Invalid(errors);
                return TypedResults.Ok(await lookup.FindAsync(query!, page.Limit, page.After, ct));
            })
            .WithTags("Support")
            .RequireAuthorization(ApiScopePolicies.OrgRead)
            .RequireRateLimiting(ApiRateLimits.PerKey)
            .WithName("Lookup")
            .WithSummary("Organizations matching an API organization ID, Codex workspace ID, account email or name, each with its grants.")
            .Produces<Page<LookupResult>>()
            .ProducesValidationProblem();

        api.MapPost("/support-cases", async (OpenSupportCaseInput body, OpenSupportCase open, CancellationToken ct) =>
                ApiResults.From(await open.HandleAsync(body, ct), opened => TypedResults.Created((string?)null, opened)))
            .WithTags("Support")
            .RequireAuthorization(ApiScopePolicies.OrgRead)
            .RequireRateLimiting(ApiRateLimits.PerKey)
            .WithName("OpenSupportCase")
            .WithSummary("Open a support case; the access decision runs on its inputs for each surface it names.")
            .Produces<OpenedSupportCase>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        return api;
    }
}
