using PreviewAccess.Web.Features.AuditLog;
using PreviewAccess.Web.Features.Organizations;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Api;

/// <summary>The audit log (API.md, Audit): oldest first, and a check of its hash chain.</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var audit = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(ApiScopePolicies.OrgRead).RequireRateLimiting(ApiRateLimits.PerKey);

        audit.MapGet("/", async (string? limit, string? after, AuditLogQueries log, CancellationToken ct) =>
            {
                var errors = Paging.Read(limit, after, AuditLogQueries.IsValidCursor, out var page);
                if (errors.Count > 0) return ApiResults.Invalid(errors);
                return TypedResults.Ok(await log.ListAsync(page.Limit, page.After, ct));
            })
            .WithName("ListAuditEvents")
            .Produces<Page<AuditEventView>>()
            .ProducesValidationProblem();

        audit.MapGet("/verify", async (AuditLogQueries log, CancellationToken ct) => TypedResults.Ok(await log.VerifyAsync(ct)))
            .WithName("VerifyAuditLog")
            .WithSummary("Whether each event still carries the hash of the one before it.")
            .Produces<AuditVerificationView>();
        return api;
    }
}
