using System.Security.Claims;
using PreviewAccess.Web.Api;
using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.Audit;

/// <summary>The audit log (API.md, Audit): oldest first, and a check of its keyed hash chain against its signed checkpoints.</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var audit = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(ApiScopePolicies.OrgRead).RequireRateLimiting(ApiRateLimits.PerKey);

        // The key's owner reads what their role may see (AuditReader): webhook URLs and secret hints for admins only.
        audit.MapGet("/", async (string? limit, string? after, ClaimsPrincipal user, AuditLogQueries log, CancellationToken ct) =>
            {
                var errors = Paging.Read(limit, after, AuditLogQueries.IsValidCursor, out var page);
                if (errors.Count > 0) return ApiResults.Invalid(errors);
                return TypedResults.Ok(await log.ListAsync(page.Limit, page.After, AuditReader.For(user), ct));
            })
            .WithName("ListAuditEvents")
            .Produces<Page<AuditEventView>>()
            .ProducesValidationProblem();

        audit.MapGet("/verify", async (AuditLogQueries log, CancellationToken ct) => TypedResults.Ok(await log.VerifyAsync(ct)))
            .WithName("VerifyAuditLog")
            .WithSummary("Whether each event still carries its keyed hash and the hash of the one before it, and the log still holds every event its checkpoints sealed.")
            .Produces<AuditVerificationView>();
        return api;
    }
}
