using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.Enrollment;

public sealed record SubmitEnrollmentInput(
    Guid OrganizationId,
    string LegalName,
    string Country,
    IReadOnlyList<Surface> Surfaces,
    IReadOnlyList<string> ApiOrganizationIds,
    IReadOnlyList<string> CodexWorkspaceIds,
    IReadOnlyList<string> AccountEmails,
    string IntendedUse,
    bool CustomerFacing,
    bool TermsAccepted);

public sealed class SubmitEnrollmentValidator : AbstractValidator<SubmitEnrollmentInput>
{
    public SubmitEnrollmentValidator()
    {
        RuleFor(x => x.LegalName).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter the organization's legal name.")
            .Must(n => n is null || n.Trim().Length <= EnrollmentSubmission.MaxLegalNameLength).WithMessage($"The legal name can be at most {EnrollmentSubmission.MaxLegalNameLength} characters.");
        RuleFor(x => x.Country).ValidCountry();
        RuleFor(x => x.Surfaces).Must(s => s is { Count: > 0 }).WithMessage("Choose the API, Codex or both.")
            .Must(s => s is null || s.All(Domain.Catalog.Surfaces.IsInPreview)).WithMessage("The preview covers the API and Codex only, not ChatGPT.");

        RuleFor(x => x.ApiOrganizationIds).Must(ids => ids is { Count: > 0 }).When(x => x.Surfaces?.Contains(Surface.Api) == true)
            .WithMessage("Requesting the API needs at least one API organization ID.");
        RuleFor(x => x.ApiOrganizationIds).Must(ids => ids is null or { Count: 0 }).When(x => x.Surfaces?.Contains(Surface.Api) != true)
            .WithMessage("API organization IDs are only needed when you request the API.");
        RuleFor(x => x.ApiOrganizationIds).Must(ids => ids is null || ids.Count <= EnrollmentSubmission.MaxIdentifiersPerSurface)
            .WithMessage($"At most {EnrollmentSubmission.MaxIdentifiersPerSurface} API organization IDs.");
        RuleForEach(x => x.ApiOrganizationIds).Must(id => Identifiers.IsApiOrganizationId(id?.Trim())).WithMessage("An API organization ID is 'org-' followed by 24 letters or digits.");
        RuleFor(x => x.ApiOrganizationIds).Custom((ids, context) => ReportDuplicates(ids, context, "ApiOrganizationIds", "This API organization ID is listed twice.", v => v.Trim()));

        RuleFor(x => x.CodexWorkspaceIds).Must(ids => ids is { Count: > 0 }).When(x => x.Surfaces?.Contains(Surface.Codex) == true)
            .WithMessage("Requesting Codex needs at least one Codex workspace ID.");
        RuleFor(x => x.CodexWorkspaceIds).Must(ids => ids is null or { Count: 0 }).When(x => x.Surfaces?.Contains(Surface.Codex) != true)
            .WithMessage("Codex workspace IDs are only needed when you request Codex.");
        RuleFor(x => x.CodexWorkspaceIds).Must(ids => ids is null || ids.Count <= EnrollmentSubmission.MaxIdentifiersPerSurface)
            .WithMessage($"At most {EnrollmentSubmission.MaxIdentifiersPerSurface} Codex workspace IDs.");
        RuleForEach(x => x.CodexWorkspaceIds).Must(id => Identifiers.IsCodexWorkspaceId(id?.Trim())).WithMessage("A Codex workspace ID is 3 to 64 letters, digits, '_' or '-'.");
        RuleFor(x => x.CodexWorkspaceIds).Custom((ids, context) => ReportDuplicates(ids, context, "CodexWorkspaceIds", "This Codex workspace ID is listed twice.", v => v.Trim()));

        RuleFor(x => x.AccountEmails).Must(e => e is { Count: > 0 }).WithMessage("List at least one account email to approve.")
            .Must(e => e is null || e.Count <= EnrollmentSubmission.MaxAccountEmails).WithMessage($"At most {EnrollmentSubmission.MaxAccountEmails} account emails.");
        RuleForEach(x => x.AccountEmails).Must(EmailAddress.IsValid).WithMessage("Enter a valid email address.");
        RuleFor(x => x.AccountEmails).Custom((emails, context) => ReportDuplicates(emails, context, "AccountEmails", "This email is listed twice.", EmailAddress.Normalize));

        RuleFor(x => x.IntendedUse).Must(u => !string.IsNullOrWhiteSpace(u)).WithMessage("Describe the intended use.")
            .Must(u => u is null || u.Trim().Length <= EnrollmentSubmission.MaxIntendedUseLength).WithMessage($"The intended use can be at most {EnrollmentSubmission.MaxIntendedUseLength} characters.");
        RuleFor(x => x.TermsAccepted).Equal(true).WithMessage("Accept the preview terms to submit the enrollment.");
    }

    /// <summary>A duplicate is reported on its second appearance, on that row's own field.</summary>
    private static void ReportDuplicates(IReadOnlyList<string>? values, ValidationContext<SubmitEnrollmentInput> context, string field, string message, Func<string, string> normalize)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < (values?.Count ?? 0); index++)
        {
            if (values![index] is { } value && !seen.Add(normalize(value))) context.AddFailure($"{field}[{index}]", message);
        }
    }
}

/// <summary>
/// The partner (or staff on their behalf) submits the enrollment. It is reviewed per surface;
/// nothing is approved or enabled by submitting it.
/// </summary>
public sealed class SubmitEnrollment(PortalDbContext db, OrganizationChanges changes)
{
    private readonly SubmitEnrollmentValidator _validator = new();

    public async Task<Outcome<Guid>> HandleAsync(SubmitEnrollmentInput input, Guid submittedBy, bool submittedByStaff, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validation = await _validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<Guid>.Invalid(validation);

        var taken = await IdentifiersOfOtherOrganizationsAsync(input, cancellationToken);
        if (taken.Count > 0) return Outcome<Guid>.Invalid(taken);

        var request = new EnrollmentRequest(input.LegalName, input.Country, input.Surfaces, input.ApiOrganizationIds ?? [], input.CodexWorkspaceIds ?? [],
            input.AccountEmails, input.IntendedUse, input.CustomerFacing, input.TermsAccepted);
        return await changes.RunAsync(input.OrganizationId, null, ProgramAction.SubmitEnrollment, "enrollment.submitted", (organization, now) =>
        {
            organization.SubmitEnrollment(EnrollmentSubmission.Create(request, submittedBy, submittedByStaff, now));
            return organization.Id;
        }, cancellationToken);
    }

    /// <summary>An API organization or Codex workspace belongs to one organization: field errors for those another one already named.</summary>
    private async Task<Dictionary<string, string[]>> IdentifiersOfOtherOrganizationsAsync(SubmitEnrollmentInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, values) in new[] { ("apiOrganizationIds", input.ApiOrganizationIds ?? []), ("codexWorkspaceIds", input.CodexWorkspaceIds ?? []) })
        {
            var trimmed = values.Select(v => v.Trim()).ToList();
            var taken = await db.Organizations.AsNoTracking()
                .Where(o => o.Id != input.OrganizationId && o.Enrollment != null)
                .SelectMany(o => o.Enrollment!.Identifiers)
                .Where(i => trimmed.Contains(i.Value))
                .Select(i => i.Value)
                .ToListAsync(cancellationToken);
            for (var index = 0; index < trimmed.Count; index++)
            {
                if (taken.Contains(trimmed[index]))
                {
                    errors[$"{field}[{index}]"] = ["This identifier is already registered in the preview by another organization. Contact your account representative."];
                }
            }
        }

        return errors;
    }
}
