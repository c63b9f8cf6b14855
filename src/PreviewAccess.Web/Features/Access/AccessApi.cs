using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using PreviewAccess.Web.Api;
using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Features.Access;

/// <summary>The gateways' access check (API.md, Access check): the hot path.</summary>
public static class AccessApi
{
    /// <summary>The check's query parameters as the OpenAPI document describes them, in the order of API.md.</summary>
    private static readonly (string Name, bool Required, string Description)[] Parameters =
    [
        ("surface", true, "Api, Codex or ChatGPT, spelled exactly."),
        ("identifier", true, "For Api an API organization ID ('org-' and 24 letters or digits); for Codex a workspace ID (3-64 of A-Z a-z 0-9 _ -)."),
        ("email", true, "The account email; compared trimmed and case-insensitively."),
        ("model", true, "A model id of the catalog, e.g. gpt-5.6-sol."),
        ("country", false, "Optional: the ISO 3166-1 alpha-2 country the request comes from."),
    ];

    public static RouteGroupBuilder MapAccessApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var access = api.MapGroup("/access").WithTags("Access").RequireAuthorization(ApiScopePolicies.AccessCheck).RequireRateLimiting(ApiRateLimits.AccessCheck);

        access.MapGet("/check", CheckAsync)
            .WithName("CheckAccess")
            .WithSummary("May this identifier and email use this model on this surface now?")
            .Produces<AccessAnswer>()
            .ProducesValidationProblem()
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Parameters ??= [];
                foreach (var (name, required, description) in Parameters)
                {
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = name,
                        In = ParameterLocation.Query,
                        Required = required,
                        Description = description,
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    });
                }

                return Task.CompletedTask;
            });
        return api;
    }

    /// <summary>A value task throughout: answered from the snapshot, the check completes synchronously and allocates no task.</summary>
    private static async ValueTask<IResult> CheckAsync(HttpRequest request, CheckAccess check, PortalMetrics metrics, CancellationToken ct)
    {
        var input = ReadQuery(request.QueryString);
        var outcome = await check.HandleAsync(input, ct);
        metrics.AccessChecked(input.Surface, outcome);
        return ApiResults.From(outcome, answer => TypedResults.Ok(answer));
    }

    /// <summary>
    /// The question, read from the query string with the parser the framework's own query collection uses, without
    /// building that collection: a gateway's check then allocates its five values and nothing for the names. As model
    /// binding does, a parameter given twice is read as its values joined by commas, and names match in any case.
    /// </summary>
    internal static CheckAccessInput ReadQuery(QueryString query)
    {
        string? surface = null, identifier = null, email = null, model = null, country = null;
        foreach (var pair in new QueryStringEnumerable(query.Value))
        {
            var name = pair.DecodeName().Span;
            if (name.Equals("surface", StringComparison.OrdinalIgnoreCase)) surface = Add(surface, pair);
            else if (name.Equals("identifier", StringComparison.OrdinalIgnoreCase)) identifier = Add(identifier, pair);
            else if (name.Equals("email", StringComparison.OrdinalIgnoreCase)) email = Add(email, pair);
            else if (name.Equals("model", StringComparison.OrdinalIgnoreCase)) model = Add(model, pair);
            else if (name.Equals("country", StringComparison.OrdinalIgnoreCase)) country = Add(country, pair);
        }

        return new CheckAccessInput(surface, identifier, email, model, country);

        static string Add(string? earlier, QueryStringEnumerable.EncodedNameValuePair pair) =>
            earlier is null ? pair.DecodeValue().ToString() : string.Concat(earlier, ",", pair.DecodeValue().Span);
    }
}
