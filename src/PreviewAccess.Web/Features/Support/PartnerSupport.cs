using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Status;

namespace PreviewAccess.Web.Features.Support;

/// <summary>
/// A partner's technical support case, with what the notice asks for. <see cref="OccurredAtUtc"/> is the moment of
/// the failing request in UTC, as a person types it (no offset).
/// </summary>
public sealed record PartnerSupportCaseInput(
    SupportCaseCategory? Category,
    AffectedSurfaces? Surfaces,
    string? Identifier,
    string? Email,
    string? ErrorMessage,
    string? RequestId,
    DateTime? OccurredAtUtc)
{
    public bool IncludesApi => Surfaces is AffectedSurfaces.Api or AffectedSurfaces.Both;
}

public sealed class PartnerSupportCaseValidator : AbstractValidator<PartnerSupportCaseInput>
{
    public PartnerSupportCaseValidator(DateTimeOffset now)
    {
        RuleFor(x => x.Category).Must(c => c is { } category && Enum.IsDefined(category)).WithMessage("Choose what kind of problem it is.");
        RuleFor(x => x.Surfaces).Must(s => s is { } surfaces && Enum.IsDefined(surfaces)).WithMessage("Choose where it happens: the API, Codex or both.");
        RuleFor(x => x.Identifier).Must(i => !string.IsNullOrWhiteSpace(i)).WithMessage("Enter your API organization ID or Codex workspace ID.")
            .DependentRules(() => RuleFor(x => x.Identifier).Must((input, id) => IsWellFormedFor(input.Surfaces, id!.Trim()))
                .WithMessage(input => input.Surfaces switch
                {
                    AffectedSurfaces.Api => "For the API, give the API organization ID: 'org-' followed by 24 letters or digits.",
                    AffectedSurfaces.Codex => "For Codex, give the Codex workspace ID: 3 to 64 letters, digits, '_' or '-'.",
                    _ => "Give an API organization ID ('org-' followed by 24 letters or digits) or a Codex workspace ID (3 to 64 letters, digits, '_' or '-').",
                }));
        RuleFor(x => x.Email).Must(EmailAddress.IsValid).WithMessage("Enter the affected account email.")
            .Must(e => PlainText.IsClean(e)).WithMessage(PlainText.Refused);
        RuleFor(x => x.ErrorMessage).Must(m => PlainText.IsClean(m, multiline: true)).WithMessage(PlainText.Refused);
        RuleFor(x => x.ErrorMessage).Must(m => !string.IsNullOrWhiteSpace(m)).WithMessage("Paste the exact error message, or describe what you saw if nothing came back.")
            .Must(m => m is null || m.Trim().Length <= SupportCase.MaxErrorMessageLength).WithMessage($"The error message can be at most {SupportCase.MaxErrorMessageLength} characters.");
        RuleFor(x => x.RequestId).Must(r => !string.IsNullOrWhiteSpace(r)).When(x => x.IncludesApi)
            .WithMessage("For API issues, give the request ID.");
        RuleFor(x => x.RequestId).Must(r => r is null || r.Trim().Length <= SupportCase.MaxRequestIdLength)
            .WithMessage($"The request ID can be at most {SupportCase.MaxRequestIdLength} characters.")
            .Must(r => PlainText.IsClean(r)).WithMessage(PlainText.Refused);
        RuleFor(x => x.OccurredAtUtc).NotNull().When(x => x.IncludesApi).WithMessage("For API issues, give the timestamp of the request (UTC).");
        RuleFor(x => x.OccurredAtUtc).Must(at => at is null || AsUtc(at.Value) <= now.AddMinutes(5)).WithMessage("The timestamp cannot be in the future.")
            .Must(at => at is null || at.Value.Year >= 2020).WithMessage("Enter the date and time the request was made.");
    }

    public static DateTimeOffset AsUtc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private static bool IsWellFormedFor(AffectedSurfaces? surfaces, string identifier) => surfaces switch
    {
        AffectedSurfaces.Api => Identifiers.IsApiOrganizationId(identifier),
        AffectedSurfaces.Codex => Identifiers.IsCodexWorkspaceId(identifier),
        _ => Identifiers.IsWellFormed(identifier),
    };
}

public sealed record PartnerCaseSummary(Guid Id, DateTimeOffset OpenedAt, SupportCaseCategory Category, AffectedSurfaces Surfaces, string Identifier, SupportCaseStatus Status);

public sealed record PartnerCaseDiagnosis(Surface Surface, AccessReason Reason, string Message, string NextStep)
{
    public bool Allowed => Reason == AccessReason.Allowed;
}

public sealed record PartnerCaseDetail(
    Guid Id,
    DateTimeOffset OpenedAt,
    SupportCaseCategory Category,
    AffectedSurfaces Surfaces,
    string Identifier,
    string Email,
    string ErrorMessage,
    string? RequestId,
    DateTimeOffset? OccurredAt,
    SupportCaseStatus Status,
    IReadOnlyList<PartnerCaseDiagnosis> Diagnosis);

/// <summary>
/// A partner opens a support case for their own organization, and sees their organization's cases. The portal runs
/// the access decision on the case's inputs and shows the answer beside it.
/// </summary>
public sealed class PartnerSupportCases(PortalDbContext db, UnitOfWork unitOfWork, AuditTrail audit, DiagnosePartnerAccess diagnose, TimeProvider clock)
{
    /// <summary>A partner organization has a handful of cases; past this many, the oldest are left off the list.</summary>
    public const int ListLimit = 200;

    public async Task<Outcome<Guid>> OpenAsync(Guid organizationId, Guid openedBy, PartnerSupportCaseInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = clock.GetUtcNow();
        var validation = await new PartnerSupportCaseValidator(now).ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<Guid>.Invalid(validation);

        SupportCase supportCase;
        try
        {
            supportCase = SupportCase.Open(organizationId, input.Identifier!, input.Email!, input.Surfaces!.Value, input.ErrorMessage!,
                input.RequestId, input.OccurredAtUtc is { } at ? PartnerSupportCaseValidator.AsUtc(at) : null, input.Category!.Value, openedBy, now);
        }
        catch (DomainException refusal)
        {
            return Outcome<Guid>.Refused(refusal);
        }

        await unitOfWork.RunAsync(_ =>
        {
            db.SupportCases.Add(supportCase);
            audit.Record("support-case.opened", "SupportCase", supportCase.Id, null,
                new { supportCase.Category, supportCase.Surfaces, supportCase.Identifier, supportCase.Email, supportCase.RequestId, supportCase.OccurredAt, OpenedBy = "partner" },
                organizationId);
            return Task.CompletedTask;
        }, cancellationToken);
        return Outcome<Guid>.Success(supportCase.Id);
    }

    /// <summary>The organization's cases, newest first.</summary>
    public async Task<IReadOnlyList<PartnerCaseSummary>> ListAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var cases = await db.SupportCases.AsNoTracking().Where(c => c.OrganizationId == organizationId)
            .OrderByDescending(c => c.OpenedAt).Take(ListLimit)
            .Select(c => new PartnerCaseSummary(c.Id, c.OpenedAt, c.Category, c.Surfaces, c.Identifier, c.Status))
            .ToListAsync(cancellationToken);
        return cases;
    }

    /// <summary>One case of the organization's own; another organization's case is not found.</summary>
    public async Task<PartnerCaseDetail?> GetAsync(Guid organizationId, Guid caseId, CancellationToken cancellationToken)
    {
        var supportCase = await db.SupportCases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId && c.OrganizationId == organizationId, cancellationToken);
        if (supportCase is null) return null;
        var diagnosis = await diagnose.DiagnoseAsync(organizationId, supportCase.SurfacesToDiagnose, supportCase.Identifier, supportCase.Email, cancellationToken);
        return new PartnerCaseDetail(supportCase.Id, supportCase.OpenedAt, supportCase.Category, supportCase.Surfaces, supportCase.Identifier, supportCase.Email,
            supportCase.ErrorMessage, supportCase.RequestId, supportCase.OccurredAt, supportCase.Status,
            diagnosis.Select(d => new PartnerCaseDiagnosis(d.Surface, d.Decision.Reason, d.Decision.Message, d.Decision.NextStep)).ToList());
    }
}

/// <summary>Support cases in a partner's words.</summary>
public static class SupportWords
{
    public static string Describe(SupportCaseStatus status) => status switch
    {
        SupportCaseStatus.Open => "Open — waiting for support",
        SupportCaseStatus.InProgress => "In progress — support is working on it",
        SupportCaseStatus.WaitingOnPartner => "Waiting for information from you",
        SupportCaseStatus.Resolved => "Resolved",
        _ => status.ToString(),
    };

    public static string Describe(SupportCaseCategory category) => category switch
    {
        SupportCaseCategory.AccessProblem => "Cannot use GPT-5.6 with an approved API organization or Codex workspace",
        SupportCaseCategory.TechnicalIssue => "Technical error with confirmed access",
        SupportCaseCategory.SlowOrEmptyResponse => "Requests take longer or return no content",
        _ => category.ToString(),
    };

    public static string Describe(AffectedSurfaces surfaces) => surfaces switch
    {
        AffectedSurfaces.Api => "API",
        AffectedSurfaces.Codex => "Codex",
        AffectedSurfaces.Both => "API and Codex",
        _ => surfaces.ToString(),
    };
}
