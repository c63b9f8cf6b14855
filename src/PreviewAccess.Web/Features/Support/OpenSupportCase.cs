using System.ComponentModel;
using FluentValidation;
using PreviewAccess.Data;
using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Features.Access;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Support;

/// <summary>
/// What the notice asks a partner to give for an access problem. <see cref="Model"/> is optional: without it the
/// diagnosis asks about every model of the catalog and reports the most favourable answer. <see cref="RequestId"/> and
/// <see cref="OccurredAt"/> are optional in API.md, required by the validator only when the surfaces include Api: their
/// defaults (hence their place after <see cref="Category"/>) keep them out of the OpenAPI schema's <c>required</c>.
/// </summary>
public sealed record OpenSupportCaseInput(
    string? Identifier,
    string? Email,
    AffectedSurfaces? Surfaces,
    string? ErrorMessage,
    SupportCaseCategory? Category,
    [property: Description("Required when surfaces is Api or Both.")] string? RequestId = null,
    [property: Description("Required when surfaces is Api or Both.")] DateTimeOffset? OccurredAt = null,
    string? Model = null);

/// <summary>The access decision for one surface of a case.</summary>
public sealed record SurfaceDiagnosis(Surface Surface, bool Allowed, AccessReason Reason, string Message, string NextStep);

public sealed record OpenedSupportCase(Guid Id, Guid? OrganizationId, IReadOnlyList<SurfaceDiagnosis> Diagnosis);

public sealed class OpenSupportCaseValidator : AbstractValidator<OpenSupportCaseInput>
{
    public OpenSupportCaseValidator()
    {
        RuleFor(x => x.Identifier).Must(i => Identifiers.IsWellFormed(i?.Trim())).WithMessage("Give the API organization ID or Codex workspace ID.");
        RuleFor(x => x.Email).Must(EmailAddress.IsValid).WithMessage("Give the affected account email as a valid email address.");
        RuleFor(x => x.Surfaces).NotNull().WithMessage("Say whether it happens in Api, Codex or Both.");
        RuleFor(x => x.Category).NotNull().WithMessage("Choose a category: AccessProblem, TechnicalIssue or SlowOrEmptyResponse.");
        RuleFor(x => x.ErrorMessage).Must(m => !string.IsNullOrWhiteSpace(m)).WithMessage("Give the exact error message.")
            .Must(m => m is null || m.Trim().Length <= SupportCase.MaxErrorMessageLength).WithMessage($"The error message can be at most {SupportCase.MaxErrorMessageLength} characters.");
        RuleFor(x => x.RequestId).Must(r => r is null || r.Trim().Length <= SupportCase.MaxRequestIdLength)
            .WithMessage($"The request ID can be at most {SupportCase.MaxRequestIdLength} characters.");
        RuleFor(x => x.RequestId).Must(r => !string.IsNullOrWhiteSpace(r)).When(IncludesApi).WithMessage("For API issues, give the request ID.");
        RuleFor(x => x.OccurredAt).NotNull().When(IncludesApi).WithMessage("For API issues, give the timestamp of the failed request.");
        RuleFor(x => x.Model).Must(m => m!.Trim().Length is > 0 and <= PreviewModel.MaxIdLength).When(x => x.Model is not null)
            .WithMessage("Give the id of a model of the preview, or leave it out.");
    }

    private static bool IncludesApi(OpenSupportCaseInput input) => input.Surfaces is AffectedSurfaces.Api or AffectedSurfaces.Both;
}

/// <summary>
/// Opens a support case for an access problem and diagnoses it: the access decision runs on the case's own inputs,
/// for each surface the case names, and its reasons are returned with the case.
/// </summary>
public sealed class OpenSupportCase(PortalDbContext db, UnitOfWork unitOfWork, AuditTrail audit, IAccessFactsSource facts, ICurrentActor actor, TimeProvider clock)
{
    private readonly OpenSupportCaseValidator _validator = new();

    public async Task<Outcome<OpenedSupportCase>> HandleAsync(OpenSupportCaseInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validation = await _validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<OpenedSupportCase>.Invalid(validation);

        var identifier = input.Identifier!.Trim();
        var email = EmailAddress.Normalize(input.Email!);
        var loaded = await facts.LoadAsync(identifier, email, cancellationToken);
        var model = input.Model?.Trim();
        if (model is not null && !loaded.ModelIds.Contains(model)) return Outcome<OpenedSupportCase>.Invalid("model", "This is not a model of the preview.");

        var now = clock.GetUtcNow();
        try
        {
            // The case knows which surfaces it concerns; the organization it belongs to is the one the diagnosis finds.
            var unlinked = Open(input, identifier, email, null, now);
            var diagnosis = unlinked.SurfacesToDiagnose
                .Select(surface => (Surface: surface, Decision: CaseDiagnosis.Decide(surface, identifier, email, model, loaded, now)))
                .ToList();
            var organizationId = diagnosis.Select(d => d.Decision.OrganizationId).FirstOrDefault(id => id is not null);
            var supportCase = Open(input, identifier, email, organizationId, now);

            await unitOfWork.RunAsync(_ =>
            {
                db.SupportCases.Add(supportCase);
                audit.Record(AuditAction.SupportCaseOpened, "SupportCase", supportCase.Id, null,
                    new { supportCase.Identifier, supportCase.Email, supportCase.Surfaces, supportCase.Category, Diagnosis = diagnosis.Select(d => d.Decision.Reason).ToList() },
                    organizationId);
                return Task.CompletedTask;
            }, cancellationToken);

            return Outcome<OpenedSupportCase>.Success(new OpenedSupportCase(supportCase.Id, organizationId,
                [.. diagnosis.Select(d => new SurfaceDiagnosis(d.Surface, d.Decision.Allowed, d.Decision.Reason, d.Decision.Message, d.Decision.NextStep))]));
        }
        catch (DomainException e)
        {
            // The validator mirrors the case's own rules; should they ever drift apart, the domain's sentence is the answer.
            return Outcome<OpenedSupportCase>.Invalid("supportCase", e.Message);
        }
    }

    private SupportCase Open(OpenSupportCaseInput input, string identifier, string email, Guid? organizationId, DateTimeOffset now) =>
        SupportCase.Open(organizationId, identifier, email, input.Surfaces!.Value, input.ErrorMessage!, input.RequestId,
            input.OccurredAt, input.Category!.Value, actor.UserId ?? Guid.Empty, now);
}
