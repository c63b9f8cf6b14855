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

    public static EnrollmentSubmission Create(EnrollmentRequest request, Guid submittedBy, bool submittedByStaff, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.TermsAccepted) throw new DomainException("The preview terms must be accepted.");

        var legalName = request.LegalName?.Trim() ?? string.Empty;
        if (legalName.Length == 0) throw new DomainException("The legal name is required.");
        if (legalName.Length > MaxLegalNameLength) throw new DomainException($"The legal name can be at most {MaxLegalNameLength} characters.");

        var intendedUse = request.IntendedUse?.Trim() ?? string.Empty;
        if (intendedUse.Length == 0) throw new DomainException("The intended use is required.");
        if (intendedUse.Length > MaxIntendedUseLength) throw new DomainException($"The intended use can be at most {MaxIntendedUseLength} characters.");

        var surfaces = (request.Surfaces ?? []).Distinct().ToList();
        if (surfaces.Count == 0) throw new DomainException("Request at least one surface: API, Codex or both.");
        if (surfaces.Any(s => !s.IsInPreview())) throw new DomainException("The preview covers the API and Codex only, not ChatGPT.");

        var submission = new EnrollmentSubmission
        {
            LegalName = legalName,
            Country = Countries.Require(request.Country),
            Surfaces = [.. surfaces.Order()],
            IntendedUse = intendedUse,
            CustomerFacing = request.CustomerFacing,
            TermsAcceptedAt = now,
            SubmittedAt = now,
            SubmittedBy = submittedBy,
            SubmittedByStaff = submittedByStaff,
        };

        submission.AddIdentifiers(Surface.Api, request.ApiOrganizationIds ?? [], surfaces.Contains(Surface.Api));
        submission.AddIdentifiers(Surface.Codex, request.CodexWorkspaceIds ?? [], surfaces.Contains(Surface.Codex));

        var emails = (request.AccountEmails ?? []).ToList();
        if (emails.Count == 0) throw new DomainException("List at least one account email to approve.");
        if (emails.Count > MaxAccountEmails) throw new DomainException($"At most {MaxAccountEmails} account emails can be listed.");
        foreach (var email in emails)
        {
            var normalized = EmailAddress.Require(email, "account email");
            if (submission.AccountEmails.Contains(normalized)) throw new DomainException($"The account email '{normalized}' is listed twice.");
            submission.AccountEmails.Add(normalized);
        }

        return submission;
    }

    private void AddIdentifiers(Surface surface, IReadOnlyCollection<string> values, bool requested)
    {
        var trimmed = values.Select(v => v?.Trim() ?? string.Empty).ToList();
        if (!requested)
        {
            if (trimmed.Count > 0) throw new DomainException($"{surface.IdentifierName()}s were given but {surface.DisplayName()} was not requested.");
            return;
        }

        if (trimmed.Count == 0) throw new DomainException($"Requesting {surface.DisplayName()} needs at least one {surface.IdentifierName()}.");
        if (trimmed.Count > MaxIdentifiersPerSurface) throw new DomainException($"At most {MaxIdentifiersPerSurface} {surface.IdentifierName()}s can be listed.");
        foreach (var value in trimmed)
        {
            if (!Catalog.Identifiers.IsValidFor(surface, value)) throw new DomainException($"'{value}' is not a valid {surface.IdentifierName()}: {Catalog.Identifiers.FormatHint(surface)}.");
            if (_identifiers.Any(i => i.Value == value)) throw new DomainException($"The identifier '{value}' is listed twice.");
            _identifiers.Add(new EnrollmentIdentifier(surface, value));
        }
    }
}
