using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Web.Features.Audit;
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

/// <summary>
/// The partner (or staff on their behalf) submits the enrollment. It is reviewed per surface;
/// nothing is approved or enabled by submitting it.
/// </summary>
public sealed class SubmitEnrollment(IdentifierHolders holders, OrganizationChanges changes)
{
    public async Task<Outcome<Guid>> HandleAsync(SubmitEnrollmentInput input, Guid submittedBy, bool submittedByStaff, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var request = RequestOf(input);
        // Every rule the enrollment breaks, each on its field, before anything is loaded: the domain's own, not a copy.
        var broken = EnrollmentSubmission.Check(request);
        if (broken.Count > 0) return Outcome<Guid>.Refused(broken);

        var taken = await IdentifiersOfOtherOrganizationsAsync(input, cancellationToken);
        if (taken.Count > 0) return Outcome<Guid>.Invalid(taken);

        return await changes.RunAsync(input.OrganizationId, null, ProgramAction.SubmitEnrollment, AuditAction.EnrollmentSubmitted, (organization, now) =>
        {
            organization.SubmitEnrollment(EnrollmentSubmission.Create(request, submittedBy, submittedByStaff, now));
            return organization.Id;
        }, cancellationToken);
    }

    /// <summary>The rules of <see cref="EnrollmentSubmission.Check"/> that <paramref name="input"/> breaks, as field errors (camelCase keys).</summary>
    public static IReadOnlyDictionary<string, string[]> BrokenRules(SubmitEnrollmentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var broken = EnrollmentSubmission.Check(RequestOf(input));
        return broken.Count == 0 ? new Dictionary<string, string[]>() : Outcome<Guid>.Refused(broken).Errors;
    }

    private static EnrollmentRequest RequestOf(SubmitEnrollmentInput input) =>
        new(input.LegalName, input.Country, input.Surfaces, input.ApiOrganizationIds ?? [], input.CodexWorkspaceIds ?? [],
            input.AccountEmails, input.IntendedUse, input.CustomerFacing, input.TermsAccepted);

    /// <summary>An API organization or Codex workspace belongs to one organization: field errors for those another one already holds.</summary>
    private async Task<Dictionary<string, string[]>> IdentifiersOfOtherOrganizationsAsync(SubmitEnrollmentInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var fields = new[] { ("apiOrganizationIds", input.ApiOrganizationIds ?? []), ("codexWorkspaceIds", input.CodexWorkspaceIds ?? []) };
        var held = await holders.HeldByOthersAsync(input.OrganizationId, fields.SelectMany(f => f.Item2), cancellationToken);
        foreach (var (field, values) in fields)
        {
            for (var index = 0; index < values.Count; index++)
            {
                if (held.Contains(values[index].Trim()))
                {
                    errors[$"{field}[{index}]"] = ["This identifier is already registered in the preview by another organization. Contact your account representative."];
                }
            }
        }

        return errors;
    }
}
