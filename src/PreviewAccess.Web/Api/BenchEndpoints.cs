using PreviewAccess.Domain.Access;
using PreviewAccess.Web.Features.Access;
using PreviewAccess.Web.Features.ApiKeys;

namespace PreviewAccess.Web.Api;

/// <summary>
/// The load harness's reference points (bench/), mapped only when <c>Bench:Enabled</c> is true: never in a normal
/// deployment. <c>/bench/baseline</c> walks the access check's own pipeline (API key, scope, rate limit) and answers a
/// constant body of the same shape, so the harness's ratio measures what the decision itself costs.
/// <c>/bench/baseline/anonymous</c> is the bare floor: routing and a constant body, nothing else.
/// </summary>
public static class BenchEndpoints
{
    public const string EnabledSetting = "Bench:Enabled";

    public const string Path = "/bench";

    private static readonly AccessAnswer Constant = new(false, AccessReason.UnknownIdentifier,
        "No organization of the preview uses this identifier or email.", "Check that you use the approved API organization or Codex workspace.", null);

    public static WebApplication MapBenchEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue(EnabledSetting, false)) return app;

        var bench = app.MapGroup(Path).ExcludeFromDescription();
        bench.MapGet("/baseline", () => TypedResults.Ok(Constant))
            .RequireAuthorization(ApiScopePolicies.AccessCheck).RequireRateLimiting(ApiRateLimits.AccessCheck);
        bench.MapGet("/baseline/anonymous", () => TypedResults.Ok(Constant)).AllowAnonymous();
        return app;
    }
}
