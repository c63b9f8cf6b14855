using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Status;

namespace PreviewAccess.Web.Features.Enrollment;

/// <summary>
/// The enrollment form as a person fills it in: rows may be left empty, and "customer-facing" may be unanswered.
/// Row positions matter: an error names the row it belongs to.
/// </summary>
public sealed record PartnerEnrollmentInput(
    string? LegalName,
    string? Country,
    IReadOnlyList<Surface> Surfaces,
    IReadOnlyList<string?> ApiOrganizationIds,
    IReadOnlyList<string?> CodexWorkspaceIds,
    IReadOnlyList<string?> AccountEmails,
    string? IntendedUse,
    bool? CustomerFacing,
    bool TermsAccepted);

/// <summary>What the form starts from: the enrollment already submitted, or what the portal knows of the organization.</summary>
public sealed record EnrollmentDraft(
    PartnerEnrollmentInput Values,
    OrganizationStatus Status,
    bool CanSubmit,
    bool Submitted,
    DateTimeOffset? SubmittedAt,
    string? NeedsInfoMessage,
    Surface? NeedsInfoSurface,
    DateTimeOffset? NeedsInfoAt,
    PartnerRepresentative Representative,
    string OrganizationName);

/// <summary>
/// The partner submits (or, after a needs-info decision, resubmits) their organization's enrollment through
/// <see cref="SubmitEnrollment"/>: empty rows are dropped, identifiers of a surface not requested are not sent,
/// and each error comes back keyed by the row the person typed it in.
/// </summary>
public sealed class PartnerEnrollment(PartnerSnapshots snapshots, SubmitEnrollment submit)
{
    public async Task<EnrollmentDraft?> DraftAsync(Guid organizationId, string partnerEmail, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.LoadAsync(organizationId, cancellationToken);
        if (snapshot is null) return null;
        var organization = snapshot.Organization;
        var enrollment = organization.Enrollment;
        var values = enrollment is null
            ? new PartnerEnrollmentInput(organization.Name, organization.Country, [], [], [], [partnerEmail], null, null, false)
            : new PartnerEnrollmentInput(enrollment.LegalName, enrollment.Country, enrollment.Surfaces,
                [.. enrollment.IdentifiersFor(Surface.Api)], [.. enrollment.IdentifiersFor(Surface.Codex)], [.. enrollment.AccountEmails],
                enrollment.IntendedUse, enrollment.CustomerFacing, TermsAccepted: false);
        var needsInfo = organization.OpenNeedsInfo;
        return new EnrollmentDraft(values, organization.Status, organization.Status == OrganizationStatus.Enrolling, enrollment is not null,
            enrollment?.SubmittedAt, needsInfo?.Justification, needsInfo?.Surface, needsInfo?.DecidedAt, snapshot.Representative, organization.Name);
    }

    public async Task<Outcome<Guid>> SubmitAsync(Guid organizationId, Guid submittedBy, PartnerEnrollmentInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var surfaces = (input.Surfaces ?? []).Distinct().ToList();
        var api = Rows.Of(surfaces.Contains(Surface.Api) ? input.ApiOrganizationIds : []);
        var codex = Rows.Of(surfaces.Contains(Surface.Codex) ? input.CodexWorkspaceIds : []);
        var emails = Rows.Of(input.AccountEmails);
        var request = new SubmitEnrollmentInput(organizationId, input.LegalName ?? string.Empty, input.Country ?? string.Empty, surfaces,
            api.Values, codex.Values, emails.Values, input.IntendedUse ?? string.Empty, input.CustomerFacing ?? false, input.TermsAccepted);

        var errors = new Dictionary<string, string[]>();
        if (input.CustomerFacing is null) errors["customerFacing"] = ["Say whether GPT-5.6 will be used in a customer-facing product."];
        foreach (var (key, messages) in SubmitEnrollment.BrokenRules(request)) errors[key] = messages;

        var unclean = ControlCharacters(input);
        if (errors.Count > 0 || unclean.Count > 0) return Outcome<Guid>.Invalid(Merge(BackToRows(errors, api, codex, emails), unclean));

        var outcome = await submit.HandleAsync(request, submittedBy, submittedByStaff: false, cancellationToken);
        return outcome.Kind == OutcomeKind.Invalid ? Outcome<Guid>.Invalid(BackToRows(outcome.Errors, api, codex, emails)) : outcome;
    }

    /// <summary>Fields a control character would make unstorable, keyed by the row as typed (identifiers already fail their format).</summary>
    private static Dictionary<string, string[]> ControlCharacters(PartnerEnrollmentInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (!PlainText.IsClean(input.LegalName)) errors["legalName"] = [PlainText.Refused];
        if (!PlainText.IsClean(input.IntendedUse, multiline: true)) errors["intendedUse"] = [PlainText.Refused];
        for (var i = 0; i < (input.AccountEmails?.Count ?? 0); i++)
        {
            if (!PlainText.IsClean(input.AccountEmails![i])) errors[$"accountEmails[{i}]"] = [PlainText.Refused];
        }

        return errors;
    }

    private static Dictionary<string, string[]> Merge(Dictionary<string, string[]> errors, Dictionary<string, string[]> more)
    {
        foreach (var (key, messages) in more) errors[key] = errors.TryGetValue(key, out var existing) ? [.. existing, .. messages] : messages;
        return errors;
    }

    /// <summary><c>apiOrganizationIds[0]</c> of the compacted list → the row the person typed it in.</summary>
    private static Dictionary<string, string[]> BackToRows(IReadOnlyDictionary<string, string[]> errors, Rows api, Rows codex, Rows emails)
    {
        var mapped = new Dictionary<string, string[]>();
        foreach (var (key, messages) in errors)
        {
            var target = key;
            var open = key.IndexOf('[', StringComparison.Ordinal);
            if (open > 0 && key.EndsWith(']') && int.TryParse(key.AsSpan(open + 1, key.Length - open - 2), out var index))
            {
                var rows = key[..open] switch
                {
                    "apiOrganizationIds" => api,
                    "codexWorkspaceIds" => codex,
                    "accountEmails" => emails,
                    _ => null,
                };
                if (rows is not null && index >= 0 && index < rows.Positions.Count) target = $"{key[..open]}[{rows.Positions[index]}]";
            }

            mapped[target] = mapped.TryGetValue(target, out var existing) ? [.. existing, .. messages] : messages;
        }

        return mapped;
    }

    /// <summary>The non-empty rows of a list and where each sat on the form.</summary>
    private sealed record Rows(IReadOnlyList<string> Values, IReadOnlyList<int> Positions)
    {
        public static Rows Of(IReadOnlyList<string?>? rows)
        {
            var values = new List<string>();
            var positions = new List<int>();
            for (var i = 0; i < (rows?.Count ?? 0); i++)
            {
                if (string.IsNullOrWhiteSpace(rows![i])) continue;
                values.Add(rows[i]!.Trim());
                positions.Add(i);
            }

            return new Rows(values, positions);
        }
    }
}
