using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Api;
using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.Enrollment;

public sealed record SubmitEnrollmentRequest(
    string? LegalName,
    string? Country,
    IReadOnlyList<Surface>? Surfaces,
    IReadOnlyList<string>? ApiOrganizationIds,
    IReadOnlyList<string>? CodexWorkspaceIds,
    IReadOnlyList<string>? AccountEmails,
    string? IntendedUse,
    bool? CustomerFacing,
    bool? TermsAccepted);

/// <summary>Enrollment (API.md, Enrollment). An API key is always a staff user's: it submits on the organization's behalf, and is recorded so.</summary>
public static class EnrollmentApi
{
    public static RouteGroupBuilder MapEnrollmentApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/organizations/{id:guid}/enrollment", async (Guid id, SubmitEnrollmentRequest body, SubmitEnrollment submit, ICurrentActor actor, OrganizationQueries queries, CancellationToken ct) =>
            {
                var input = new SubmitEnrollmentInput(id, body.LegalName ?? string.Empty, body.Country ?? string.Empty, body.Surfaces ?? [],
                    body.ApiOrganizationIds ?? [], body.CodexWorkspaceIds ?? [], body.AccountEmails ?? [], body.IntendedUse ?? string.Empty,
                    body.CustomerFacing ?? false, body.TermsAccepted ?? false);
                return await ApiResults.FromAsync(await submit.HandleAsync(input, actor.UserId ?? Guid.Empty, submittedByStaff: true, ct),
                    async _ => await queries.GetAsync(id, ct) is { } organization
                        ? TypedResults.Created(OrganizationsApi.Location(id), organization)
                        : ApiResults.NotFound("No such organization."));
            })
            .WithTags("Enrollment")
            .RequireAuthorization(ApiScopePolicies.OrgWrite)
            .RequireRateLimiting(ApiRateLimits.PerKey)
            .WithName("SubmitEnrollment")
            .WithSummary("Submit the enrollment on the organization's behalf. It goes under review; nothing is approved or enabled.")
            .Produces<OrganizationView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }
}
