using FluentValidation;
using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Status;

/// <summary>The partner's "why can't I access?" question. Strings as typed: the validator says what is wrong with each.</summary>
public sealed record PartnerDiagnosisInput(Surface? Surface, string? Identifier, string? Email, string? ModelId, string? Country);

/// <summary>The answer: the decision's reason and next step, and the notice's own words about it.</summary>
public sealed record PartnerDiagnosisResult(
    Surface Surface,
    string Identifier,
    string Email,
    string ModelId,
    string? Country,
    AccessReason Reason,
    string Message,
    string NextStep,
    IReadOnlyList<string> FromTheNotice,
    IdentifierStatus? CurrentState)
{
    public bool Allowed => Reason == AccessReason.Allowed;

    /// <summary>What is under way and why access is limited, as the status page says it (<see cref="Status.InProgress"/>).</summary>
    public IReadOnlyList<string> InProgress { get; init; } = [];
}

public sealed class PartnerDiagnosisValidator : AbstractValidator<PartnerDiagnosisInput>
{
    public PartnerDiagnosisValidator(IReadOnlyCollection<string> catalogModelIds)
    {
        RuleFor(x => x.Surface).Must(s => s is { } surface && Enum.IsDefined(surface)).WithMessage("Choose the API, Codex or ChatGPT.");
        RuleFor(x => x.Identifier).Must(i => !string.IsNullOrWhiteSpace(i)).WithMessage("Enter the API organization ID or Codex workspace ID you use.")
            .DependentRules(() => RuleFor(x => x.Identifier).Must((input, id) => IsWellFormedFor(input.Surface, id!.Trim()))
                .WithMessage(input => input.Surface == Surface.Codex
                    ? "A Codex workspace ID is 3 to 64 letters, digits, '_' or '-'."
                    : "An API organization ID is 'org-' followed by 24 letters or digits."));
        RuleFor(x => x.Email).Must(e => EmailAddress.IsValid(e) && PlainText.IsClean(e)).WithMessage("Enter the account email you sign in with.");
        RuleFor(x => x.ModelId).Must(m => m is not null && catalogModelIds.Contains(m.Trim())).WithMessage("Choose one of the preview's models.");
        RuleFor(x => x.Country).Must(Countries.IsValid).When(x => !string.IsNullOrWhiteSpace(x.Country))
            .WithMessage("Enter a two-letter country code such as US or DE, or leave it empty.");
    }

    // ChatGPT has no identifiers of its own; any well-formed one lets the decision say that ChatGPT is not in the preview.
    private static bool IsWellFormedFor(Surface? surface, string identifier) => surface switch
    {
        Surface.Api => Identifiers.IsApiOrganizationId(identifier),
        Surface.Codex => Identifiers.IsCodexWorkspaceId(identifier),
        _ => Identifiers.IsWellFormed(identifier),
    };
}

/// <summary>
/// Runs the one access decision (<see cref="AccessPolicy.Decide"/>) for the signed-in partner's own organization,
/// and explains the answer in the notice's words. The directory holds that organization only.
/// </summary>
public sealed class DiagnosePartnerAccess(PartnerSnapshots snapshots, TimeProvider clock)
{
    public async Task<Outcome<PartnerDiagnosisResult>> HandleAsync(Guid organizationId, PartnerDiagnosisInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var models = await snapshots.ModelsAsync(cancellationToken);
        var validation = await new PartnerDiagnosisValidator([.. models.Select(m => m.ModelId)]).ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<PartnerDiagnosisResult>.Invalid(validation);

        var snapshot = await snapshots.LoadAsync(organizationId, cancellationToken);
        if (snapshot is null) return Outcome<PartnerDiagnosisResult>.NotFound();
        var unsupported = await snapshots.UnsupportedCountriesAsync(cancellationToken);
        var now = clock.GetUtcNow();

        var country = string.IsNullOrWhiteSpace(input.Country) ? null : Countries.Normalize(input.Country);
        var request = new AccessRequest(input.Surface!.Value, input.Identifier!.Trim(), input.Email!, input.ModelId!.Trim(), country);
        var decision = AccessPolicy.Decide(request, snapshot.OwnDirectory(), unsupported, now);

        var grant = snapshot.Grants.Where(g => g.Surface == request.Surface && g.Identifier == request.Identifier)
            .OrderBy(g => g.IsLive ? 0 : 1).FirstOrDefault();
        var state = grant is null ? null : PartnerStatus.DescribeGrant(grant, snapshot.Organization.IsSuspended, snapshot.Waves, now);
        return Outcome<PartnerDiagnosisResult>.Success(new PartnerDiagnosisResult(
            request.Surface, request.Identifier, EmailAddress.Normalize(request.Email), request.ModelId, country,
            decision.Reason, decision.Message, decision.NextStep, NoticeWords.For(decision.Reason), state)
        {
            // The gateway's reason stays as it is; what is in progress is said beside it, as on the status page.
            InProgress = request.Surface.IsInPreview() ? Status.InProgress.For(snapshot, request.Surface, request.Identifier) : [],
        });
    }

    /// <summary>
    /// The decision for each surface a support case names, against the partner's own organization. A case names no
    /// model, so each surface gets the answer that goes furthest over the catalog's models: "allowed" when any model is.
    /// </summary>
    public async Task<IReadOnlyList<(Surface Surface, AccessDecision Decision)>> DiagnoseAsync(Guid organizationId, IEnumerable<Surface> surfaces,
        string identifier, string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(surfaces);
        var snapshot = await snapshots.LoadAsync(organizationId, cancellationToken);
        if (snapshot is null) return [];
        var models = await snapshots.ModelsAsync(cancellationToken);
        var unsupported = await snapshots.UnsupportedCountriesAsync(cancellationToken);
        var directory = snapshot.OwnDirectory();
        var now = clock.GetUtcNow();
        return surfaces.Select(surface => (surface, models
                .Select(model => AccessPolicy.Decide(new AccessRequest(surface, identifier, email, model.ModelId), directory, unsupported, now))
                .DefaultIfEmpty(AccessPolicy.Decide(new AccessRequest(surface, identifier, email, string.Empty), directory, unsupported, now))
                .MaxBy(d => d.Allowed ? int.MaxValue : (int)d.Reason)!))
            .ToList();
    }
}

/// <summary>
/// What the program notice itself says about each answer: partners read the notice's sentences, not ours.
/// </summary>
public static class NoticeWords
{
    public const string ScopedToApproval = "Access is scoped to the API organizations and Codex workspaces included in each participant's approval.";
    public const string SurfacesAreSeparate = "Approval for the API does not automatically include Codex, and approval for Codex does not automatically include the API. Your OpenAI account representative can confirm what is included.";
    public const string ConfirmIdentifierAndEmail = "Confirm that you are using the approved API organization or Codex workspace and the approved account email.";
    public const string NotYetActive = "Access may not be active yet or may have been enabled for a different API organization, Codex workspace, or account. Confirm that provisioning is complete and that you are signed in with the approved account.";
    public const string NotImmediate = "Access may not be immediate. Completing enrollment does not confirm that access is active, and additional review may be required.";
    public const string RollingBasis = "Access remains subject to review and may be enabled on a rolling basis.";
    public const string AskYourRep = "Contact your OpenAI account representative if you are unsure whether access has been approved or enabled.";
    public const string VpnOrProxy = "If you use a VPN or proxy, disconnect and try again. Access may be unavailable if your connection appears to originate from an unsupported country or region.";
    public const string NotInChatGpt = "GPT-5.6 is not available in ChatGPT during the preview. The preview includes GPT-5.6 Sol, Terra, and Luna through the API and Codex, subject to each participant's approval.";
    public const string RecordTheError = "Try again and record the exact error message.";
    public const string ThenSupport = "If access has been confirmed and the issue continues, contact OpenAI Support and include your API organization ID or Codex workspace ID and the affected account email, whether the issue occurs in the API, Codex, or both, the exact error message, and for API issues the request ID and timestamp.";
    public const string SafetyChecks = "If a request takes longer or does not return content, additional safety checks may be running. Some requests may be blocked or take longer while additional safety checks run, particularly in dual-use areas such as biological and cybersecurity work.";
    public const string TermsQuestions = "Your organization's use of GPT-5.6 during the preview is subject to the terms outlined in its applicable agreement with OpenAI. Contact your OpenAI account representative with questions about terms or a proposed use.";

    public static IReadOnlyList<string> For(AccessReason reason) => reason switch
    {
        AccessReason.SurfaceNotInPreview => [NotInChatGpt],
        AccessReason.UnknownIdentifier => [ScopedToApproval, ConfirmIdentifierAndEmail],
        AccessReason.NotApprovedForSurface => [SurfacesAreSeparate],
        AccessReason.IdentifierNotInScope => [ScopedToApproval, NotYetActive],
        AccessReason.Suspended => [AskYourRep],
        AccessReason.EmailNotApproved => [ConfirmIdentifierAndEmail, NotYetActive],
        AccessReason.ModelNotIncluded => ["The preview includes GPT-5.6 Sol, Terra, and Luna through the API and Codex, subject to each participant's approval.", AskYourRep],
        AccessReason.NotYetEnabled => [NotImmediate, RollingBasis, AskYourRep],
        AccessReason.UnsupportedRegion => [VpnOrProxy],
        _ => [RecordTheError, ThenSupport, SafetyChecks],
    };
}
