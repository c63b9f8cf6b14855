using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;

namespace PreviewAccess.Domain.Enrollment;

/// <summary>What a partner asks for when enrolling. Built through <see cref="Create"/>, which enforces the program's rules.</summary>
public sealed record EnrollmentRequest(
    string LegalName,
    string Country,
    IReadOnlyCollection<Surface> Surfaces,
    IReadOnlyCollection<string> ApiOrganizationIds,
    IReadOnlyCollection<string> CodexWorkspaceIds,
    IReadOnlyCollection<string> AccountEmails,
    string IntendedUse,
    bool CustomerFacing,
    bool TermsAccepted);

/// <summary>An identifier named in an enrollment: an API organization ID or a Codex workspace ID.</summary>
public sealed record EnrollmentIdentifier(Surface Surface, string Value);

/// <summary>
/// The submitted enrollment. Submitting it does not make anything active: access comes only from
/// grants, and grants are enabled on a rolling basis.
/// </summary>
public sealed class EnrollmentSubmission
{
    public const int MaxLegalNameLength = 200;
    public const int MaxIntendedUseLength = 4000;
    public const int MaxIdentifiersPerSurface = 50;
    public const int MaxAccountEmails = 200;

    private readonly List<EnrollmentIdentifier> _identifiers = [];

    private EnrollmentSubmission()
    {
        LegalName = Country = IntendedUse = string.Empty;
    }

    public string LegalName { get; private set; }

    public string Country { get; private set; }

    public List<Surface> Surfaces { get; private set; } = [];

    public IReadOnlyList<EnrollmentIdentifier> Identifiers => _identifiers;

    /// <summary>Normalized (trimmed, lower case).</summary>
    public List<string> AccountEmails { get; private set; } = [];

    public string IntendedUse { get; private set; }

    public bool CustomerFacing { get; private set; }

    public DateTimeOffset TermsAcceptedAt { get; private set; }

    public DateTimeOffset SubmittedAt { get; private set; }

    public Guid SubmittedBy { get; private set; }

    /// <summary>True when staff submitted it on the organization's behalf.</summary>
    public bool SubmittedByStaff { get; private set; }

    public IEnumerable<string> IdentifiersFor(Surface surface) =>
        _identifiers.Where(i => i.Surface == surface).Select(i => i.Value);

    public bool Names(Surface surface, string identifier) =>
        _identifiers.Any(i => i.Surface == surface && i.Value == identifier);

    public bool Lists(string email) => AccountEmails.Contains(EmailAddress.Normalize(email));

    /// <summary>Builds the submission; every rule of <see cref="Check"/> must hold.</summary>
    public static EnrollmentSubmission Create(EnrollmentRequest request, Guid submittedBy, bool submittedByStaff, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var broken = Check(request);
        if (broken.Count > 0) throw new DomainException(broken);

        var surfaces = request.Surfaces.Distinct().Order().ToList();
        var submission = new EnrollmentSubmission
        {
            LegalName = request.LegalName.Trim(),
            Country = Countries.Normalize(request.Country),
            Surfaces = surfaces,
            IntendedUse = request.IntendedUse.Trim(),
            CustomerFacing = request.CustomerFacing,
            TermsAcceptedAt = now,
            SubmittedAt = now,
            SubmittedBy = submittedBy,
            SubmittedByStaff = submittedByStaff,
            AccountEmails = [.. request.AccountEmails.Select(EmailAddress.Normalize)],
        };
        foreach (var surface in surfaces)
        {
            submission._identifiers.AddRange(IdentifiersOf(request, surface).Select(v => new EnrollmentIdentifier(surface, v.Trim())));
        }

        return submission;
    }

    /// <summary>
    /// Every rule an enrollment must meet, each reported on the field of <see cref="EnrollmentRequest"/> it concerns
    /// (a row of a list by its index, a duplicate on its second appearance), all at once. Empty when it may be submitted.
    /// </summary>
    public static IReadOnlyList<BrokenRule> Check(EnrollmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var broken = new BrokenRules();

        var legalName = request.LegalName?.Trim() ?? string.Empty;
        if (legalName.Length == 0) broken.Add(nameof(EnrollmentRequest.LegalName), "Enter the organization's legal name.");
        else if (legalName.Length > MaxLegalNameLength) broken.Add(nameof(EnrollmentRequest.LegalName), $"The legal name can be at most {MaxLegalNameLength} characters.");

        if (!Countries.IsValid(request.Country)) broken.Add(nameof(EnrollmentRequest.Country), Countries.Expected);

        var surfaces = (request.Surfaces ?? []).Distinct().ToList();
        if (surfaces.Count == 0) broken.Add(nameof(EnrollmentRequest.Surfaces), "Choose the API, Codex or both.");
        else if (surfaces.Any(s => !s.IsInPreview())) broken.Add(nameof(EnrollmentRequest.Surfaces), "The preview covers the API and Codex only, not ChatGPT.");

        var seen = new HashSet<string>(StringComparer.Ordinal);
        CheckIdentifiers(broken, Surface.Api, nameof(EnrollmentRequest.ApiOrganizationIds), request.ApiOrganizationIds ?? [], surfaces.Contains(Surface.Api), seen);
        CheckIdentifiers(broken, Surface.Codex, nameof(EnrollmentRequest.CodexWorkspaceIds), request.CodexWorkspaceIds ?? [], surfaces.Contains(Surface.Codex), seen);

        var emails = (request.AccountEmails ?? []).ToList();
        if (emails.Count == 0) broken.Add(nameof(EnrollmentRequest.AccountEmails), "List at least one account email to approve.");
        else if (emails.Count > MaxAccountEmails) broken.Add(nameof(EnrollmentRequest.AccountEmails), $"At most {MaxAccountEmails} account emails.");
        var seenEmails = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < emails.Count; i++)
        {
            var field = $"{nameof(EnrollmentRequest.AccountEmails)}[{i}]";
            if (!EmailAddress.IsValid(emails[i])) broken.Add(field, "Enter a valid email address.");
            if (emails[i] is { } email && !seenEmails.Add(EmailAddress.Normalize(email))) broken.Add(field, "This email is listed twice.");
        }

        var intendedUse = request.IntendedUse?.Trim() ?? string.Empty;
        if (intendedUse.Length == 0) broken.Add(nameof(EnrollmentRequest.IntendedUse), "Describe the intended use.");
        else if (intendedUse.Length > MaxIntendedUseLength) broken.Add(nameof(EnrollmentRequest.IntendedUse), $"The intended use can be at most {MaxIntendedUseLength} characters.");

        if (!request.TermsAccepted) broken.Add(nameof(EnrollmentRequest.TermsAccepted), "Accept the preview terms to submit the enrollment.");
        return broken.All;
    }

    /// <summary>A requested surface needs its identifiers, well formed; one not requested takes none. An identifier is listed once, across both surfaces.</summary>
    private static void CheckIdentifiers(BrokenRules broken, Surface surface, string field, IReadOnlyCollection<string> values, bool requested, HashSet<string> seen)
    {
        var (name, display) = (surface.IdentifierName(), surface == Surface.Api ? "the API" : surface.DisplayName());
        if (!requested)
        {
            if (values.Count > 0) broken.Add(field, $"{name}s are only needed when you request {display}.");
            return;
        }

        if (values.Count == 0) broken.Add(field, $"Requesting {display} needs at least one {name}.");
        else if (values.Count > MaxIdentifiersPerSurface) broken.Add(field, $"At most {MaxIdentifiersPerSurface} {name}s.");
        var index = 0;
        foreach (var value in values)
        {
            var trimmed = value?.Trim() ?? string.Empty;
            if (!Catalog.Identifiers.IsValidFor(surface, trimmed)) broken.Add($"{field}[{index}]", Sentence(Catalog.Identifiers.FormatHint(surface)));
            if (value is not null && !seen.Add(trimmed)) broken.Add($"{field}[{index}]", $"This {name} is listed twice.");
            index++;
        }
    }

    private static IReadOnlyCollection<string> IdentifiersOf(EnrollmentRequest request, Surface surface) =>
        (surface == Surface.Api ? request.ApiOrganizationIds : request.CodexWorkspaceIds) ?? [];

    private static string Sentence(string hint) => char.ToUpperInvariant(hint[0]) + hint[1..] + ".";
}
