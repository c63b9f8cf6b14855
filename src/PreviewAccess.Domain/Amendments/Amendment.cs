using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Domain.Amendments;

/// <summary>
/// A change to a reviewed organization's scope (DOMAIN.md, Amendments): asked for by a partner of the organization or by
/// staff on its behalf, reviewed per surface as a delta on the current scope (<see cref="ChangesAgainst"/>), and decided
/// with the enrollment's decisions and a justification. Approving a surface creates grants for identifiers without one,
/// widens live grants in place (<see cref="ScopeGrant.Widen"/>) and renews ended ones (<see cref="ScopeGrant.Renew"/>);
/// new and renewed grants then go through waves and gates like any other. The organization stays <c>Reviewed</c>
/// throughout, and its enabled grants keep answering.
/// </summary>
/// <remarks>
/// Lifecycle: <c>UnderReview</c> from the request → <c>Decided</c> once every surface it concerns is approved or declined;
/// a <c>NeedsInfo</c> decision sends it back to the partner, and <see cref="Resubmit"/> returns it to <c>UnderReview</c>.
/// </remarks>
public sealed class Amendment : Aggregate
{
    public const int MaxNoteLength = 4000;
    public const int MaxIdentifiersPerSurface = EnrollmentSubmission.MaxIdentifiersPerSurface;
    public const int MaxAccountEmails = EnrollmentSubmission.MaxAccountEmails;
    public const int MaxRenewals = 100;

    /// <summary>The one answer for an identifier another organization holds: it never says which, nor that one takes part.</summary>
    public const string IdentifierTaken = "This identifier cannot be added to your organization. Contact your account representative.";

    private readonly List<AmendmentDecision> _decisions = [];

    private Amendment() { }

    public Guid OrganizationId { get; private init; }

    public AmendmentStatus Status { get; private set; }

    /// <summary>The surfaces the amendment concerns, each decided on its own.</summary>
    public List<Surface> Surfaces { get; private set; } = [];

    public List<string> ApiOrganizationIds { get; private set; } = [];

    public List<string> CodexWorkspaceIds { get; private set; } = [];

    /// <summary>Normalized (trimmed, lower case). Asked for on every surface the amendment concerns.</summary>
    public List<string> AccountEmails { get; private set; } = [];

    /// <summary>Asked for on every surface the amendment concerns.</summary>
    public List<string> Models { get; private set; } = [];

    /// <summary>Ended (expired or revoked) grants of the organization to renew.</summary>
    public List<Guid> RenewGrantIds { get; private set; } = [];

    public string? Note { get; private set; }

    public Guid RequestedBy { get; private init; }

    /// <summary>True when staff asked on the organization's behalf.</summary>
    public bool RequestedByStaff { get; private init; }

    public DateTimeOffset RequestedAt { get; private init; }

    /// <summary>Every decision on it, oldest first.</summary>
    public IReadOnlyList<AmendmentDecision> Decisions => _decisions;

    public IReadOnlyList<string> IdentifiersFor(Surface surface) => surface switch
    {
        Surface.Api => ApiOrganizationIds,
        Surface.Codex => CodexWorkspaceIds,
        _ => [],
    };

    public AmendmentDecision? LatestDecision(Surface surface) => _decisions.LastOrDefault(d => d.Surface == surface);

    public IEnumerable<Surface> UndecidedSurfaces() => Surfaces.Where(s => LatestDecision(s)?.Settles != true);

    /// <summary>The needs-info decision that sent it back, while it waits for the partner.</summary>
    public AmendmentDecision? OpenNeedsInfo => Status == AmendmentStatus.NeedsInfo ? _decisions.LastOrDefault(d => d.Outcome == DecisionOutcome.NeedsInfo) : null;

    /// <summary>
    /// Opens an amendment of <paramref name="organization"/>. What the request gets wrong is reported field by field, all at
    /// once; an organization that is not <c>Reviewed</c> refuses without a field.
    /// </summary>
    /// <param name="grants">The organization's grants, whatever their state.</param>
    /// <param name="identifiersHeldElsewhere">Which of the requested identifiers another organization names (enrollment or grants).</param>
    public static Amendment Request(Organization organization, IReadOnlyCollection<ScopeGrant> grants, AmendmentRequest request,
        IReadOnlySet<string> catalogModelIds, IReadOnlySet<string> identifiersHeldElsewhere, Guid requestedBy, bool requestedByStaff, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(grants);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalogModelIds);
        ArgumentNullException.ThrowIfNull(identifiersHeldElsewhere);
        var own = grants.Where(g => g.OrganizationId == organization.Id).ToList();

        var broken = new BrokenRules();
        var surfaces = (request.Surfaces ?? []).Distinct().ToList();
        if (surfaces.Any(s => !s.IsInPreview())) broken.Add(nameof(AmendmentRequest.Surfaces), "The preview covers the API and Codex only, not ChatGPT.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var api = CheckIdentifiers(broken, Surface.Api, nameof(AmendmentRequest.ApiOrganizationIds), request.ApiOrganizationIds ?? [], seen, identifiersHeldElsewhere);
        var codex = CheckIdentifiers(broken, Surface.Codex, nameof(AmendmentRequest.CodexWorkspaceIds), request.CodexWorkspaceIds ?? [], seen, identifiersHeldElsewhere);
        var emails = CheckEmails(broken, request.AccountEmails ?? []);
        var models = CheckModels(broken, request.Models ?? [], catalogModelIds);
        var renewals = CheckRenewals(broken, request.RenewGrantIds ?? [], own);
        var note = request.Note?.Trim();
        if (note is { Length: > MaxNoteLength }) broken.Add(nameof(AmendmentRequest.Note), $"The note can be at most {MaxNoteLength} characters.");
        if (surfaces.Count == 0 && (request.ApiOrganizationIds?.Count ?? 0) == 0 && (request.CodexWorkspaceIds?.Count ?? 0) == 0
            && (request.AccountEmails?.Count ?? 0) == 0 && (request.Models?.Count ?? 0) == 0 && (request.RenewGrantIds?.Count ?? 0) == 0)
        {
            broken.Add(nameof(AmendmentRequest.Surfaces), "Ask for at least one addition: a surface, an API organization ID, a Codex workspace ID, an account email, a model or a renewal.");
        }

        broken.ThrowIfAny();

        if (organization.Status != OrganizationStatus.Reviewed)
        {
            throw new DomainException(organization.Status == OrganizationStatus.Suspended
                ? "The organization is suspended: its scope cannot be amended."
                : $"Only a reviewed organization's scope is amended; this one is {Describe(organization.Status)}, so its enrollment is what to change.");
        }

        var amendment = new Amendment
        {
            OrganizationId = organization.Id,
            Status = AmendmentStatus.UnderReview,
            ApiOrganizationIds = api,
            CodexWorkspaceIds = codex,
            AccountEmails = emails,
            Models = models,
            RenewGrantIds = [.. renewals.Select(g => g.Id)],
            Note = string.IsNullOrEmpty(note) ? null : note,
            RequestedBy = requestedBy,
            RequestedByStaff = requestedByStaff,
            RequestedAt = now,
        };
        amendment.Surfaces = amendment.ConcernedSurfaces(surfaces, renewals, own, organization.Enrollment);
        if (amendment.ChangesAgainst(own).All(c => SameScope(c.Before, c.After)))
        {
            throw new DomainException(nameof(AmendmentRequest.Surfaces), "Everything asked for is already part of the organization's current scope.");
        }

        return amendment;
    }

    /// <summary>
    /// Per surface the amendment concerns: the organization's scope now (its live grants) and after the amendment, were
    /// everything approved (the identifiers, models and emails asked for, and the renewed grants as they were).
    /// </summary>
    public IReadOnlyList<ScopeChange> ChangesAgainst(IEnumerable<ScopeGrant> grants)
    {
        ArgumentNullException.ThrowIfNull(grants);
        var own = grants.Where(g => g.OrganizationId == OrganizationId).ToList();
        var changes = new List<ScopeChange>();
        foreach (var surface in Surfaces)
        {
            var live = own.Where(g => g.Surface == surface && g.IsLive).OrderBy(g => g.CreatedAt).ToList();
            var renewed = own.Where(g => g.Surface == surface && RenewGrantIds.Contains(g.Id)).ToList();
            var before = new SurfaceScope(
                Union(live.Select(g => g.Identifier)),
                Union(live.SelectMany(g => g.Models)),
                Union(live.SelectMany(g => g.AccountEmails)));
            var after = new SurfaceScope(
                Union(before.Identifiers, IdentifiersFor(surface), renewed.Select(g => g.Identifier)),
                Union(before.Models, Models, renewed.SelectMany(g => g.Models)),
                Union(before.AccountEmails, AccountEmails, renewed.SelectMany(g => g.AccountEmails)));
            changes.Add(new ScopeChange(surface, before, after));
        }

        return changes;
    }

    // ---- Decisions ---------------------------------------------------------------------------

    /// <summary>
    /// Approves one surface of the amendment, applied as a delta on the organization's grants, identifier by identifier:
    /// a live grant is widened with the models and emails; an ended one (expired or revoked) is renewed with them; an
    /// identifier without a grant on the surface gets a new one. What the request gets wrong is reported field by field;
    /// what the amendment's or the organization's state forbids refuses without a field.
    /// </summary>
    /// <param name="grants">The organization's grants, whatever their state; those widened or renewed are changed in place.</param>
    /// <param name="identifiersHeldElsewhere">Which of the decision's identifiers another organization names (enrollment or grants).</param>
    public AmendmentApproval Approve(ApprovalRequest request, Organization organization, IReadOnlyCollection<ScopeGrant> grants,
        IReadOnlySet<string> unsupportedCountries, IReadOnlySet<string> catalogModelIds, IReadOnlySet<string> identifiersHeldElsewhere,
        Guid decidedBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(grants);
        ArgumentNullException.ThrowIfNull(unsupportedCountries);
        ArgumentNullException.ThrowIfNull(catalogModelIds);
        ArgumentNullException.ThrowIfNull(identifiersHeldElsewhere);
        var own = grants.Where(g => g.OrganizationId == organization.Id).ToList();
        EnsureDecidable(request.Surface, request.Justification, organization,
            broken => CheckApproval(broken, request, organization, own, catalogModelIds, identifiersHeldElsewhere, DateOnly.FromDateTime(now.UtcDateTime)));
        if (unsupportedCountries.Contains(organization.Country) || (organization.Enrollment is { } enrollment && unsupportedCountries.Contains(enrollment.Country)))
        {
            throw new DomainException("An organization in an unsupported country or region cannot be approved.");
        }

        var justification = request.Justification.Trim();
        var models = request.Models.Select(m => m.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var emails = request.AccountEmails.Select(EmailAddress.Normalize).Distinct(StringComparer.Ordinal).ToList();
        var identifiers = request.Identifiers.Select(i => i.Trim()).Distinct(StringComparer.Ordinal).ToList();
        // Refused before anything changes, so that a refusal leaves every grant as it was.
        if (own.FirstOrDefault(g => g.Surface == request.Surface && identifiers.Contains(g.Identifier) && g.Status == GrantStatus.Suspended) is { } suspended)
        {
            throw new DomainException($"The grant for '{suspended.Identifier}' is suspended: reinstate it before widening it.");
        }

        var (created, widened, renewed, all) = (new List<ScopeGrant>(), new List<ScopeGrant>(), new List<ScopeGrant>(), new List<ScopeGrant>());
        foreach (var identifier in identifiers)
        {
            var onIdentifier = own.Where(g => g.Surface == request.Surface && g.Identifier == identifier).ToList();
            if (onIdentifier.FirstOrDefault(g => g.IsLive) is { } live)
            {
                live.Widen(models, emails);
                widened.Add(live);
                all.Add(live);
            }
            else if (onIdentifier.OrderByDescending(g => RenewGrantIds.Contains(g.Id)).ThenByDescending(g => g.CreatedAt).FirstOrDefault() is { } ended)
            {
                ended.Renew(models, emails, request.ExpiresOn, request.RequireSecondApproval, decidedBy, justification, now);
                renewed.Add(ended);
                all.Add(ended);
            }
            else
            {
                var grant = ScopeGrant.Create(organization.Id, request.Surface, identifier, models, emails, request.ExpiresOn, request.RequireSecondApproval,
                    decidedBy, justification, now);
                created.Add(grant);
                all.Add(grant);
            }
        }

        Record(new AmendmentDecision(request.Surface, DecisionOutcome.Approve, justification, decidedBy, now));
        return new AmendmentApproval(created, widened, renewed) { All = all };
    }

    /// <summary>
    /// Declines one surface. The justification stays with staff; <paramref name="partnerMessage"/> is what the partner is
    /// told (shown and mailed), so a reviewer writes it for them and it is required.
    /// </summary>
    public void Decline(Surface surface, string justification, string? partnerMessage, Organization organization, Guid decidedBy, DateTimeOffset now)
    {
        EnsureDecidable(surface, justification, organization, broken =>
        {
            if (string.IsNullOrWhiteSpace(partnerMessage)) broken.Add(nameof(AmendmentDecision.PartnerMessage), "Write the message the partner reads about this decline.");
            else if (partnerMessage.Trim().Length > SurfaceDecision.MaxJustificationLength) broken.Add(nameof(AmendmentDecision.PartnerMessage), $"The message to the partner can be at most {SurfaceDecision.MaxJustificationLength} characters.");
        });
        Record(new AmendmentDecision(surface, DecisionOutcome.Decline, justification.Trim(), decidedBy, now) { PartnerMessage = partnerMessage!.Trim() });
    }

    /// <summary>Sends the amendment back to the partner with a question; nothing else is decided until it is resubmitted.</summary>
    public void RequestMoreInformation(Surface surface, string message, Organization organization, Guid decidedBy, DateTimeOffset now)
    {
        EnsureDecidable(surface, message, organization);
        _decisions.Add(new AmendmentDecision(surface, DecisionOutcome.NeedsInfo, message.Trim(), decidedBy, now));
        Status = AmendmentStatus.NeedsInfo;
    }

    /// <summary>The partner (or staff for them) answered the question: the amendment is under review again, with the note if one is given.</summary>
    public void Resubmit(string? note)
    {
        if (Status != AmendmentStatus.NeedsInfo) throw new DomainException("Only an amendment sent back for more information can be resubmitted.");
        var trimmed = note?.Trim();
        if (trimmed is { Length: > MaxNoteLength }) throw new DomainException(nameof(Note), $"The note can be at most {MaxNoteLength} characters.");
        if (!string.IsNullOrEmpty(trimmed)) Note = trimmed;
        Status = AmendmentStatus.UnderReview;
    }

    private void Record(AmendmentDecision decision)
    {
        _decisions.Add(decision);
        if (!UndecidedSurfaces().Any()) Status = AmendmentStatus.Decided;
    }

    /// <summary>Every decision's rules: first what the request gets wrong, each on its field, then what the state forbids.</summary>
    private void EnsureDecidable(Surface surface, string justification, Organization organization, Action<BrokenRules>? checkRequest = null)
    {
        ArgumentNullException.ThrowIfNull(organization);
        if (organization.Id != OrganizationId) throw new DomainException("That is not this amendment's organization.");
        var broken = new BrokenRules();
        if (!surface.IsInPreview()) broken.Add("Surface", "The preview covers the API and Codex only, not ChatGPT.");
        else if (!Surfaces.Contains(surface)) broken.Add("Surface", $"The amendment does not concern {surface.DisplayName()}.");

        SurfaceDecision.CheckJustification(broken, justification);

        if (Surfaces.Contains(surface)) checkRequest?.Invoke(broken);
        broken.ThrowIfAny();

        if (Status != AmendmentStatus.UnderReview)
        {
            throw new DomainException(Status == AmendmentStatus.Decided
                ? "Every surface of this amendment is already decided."
                : "This amendment is waiting for the partner's answer: it is decided once they resubmit it.");
        }

        if (LatestDecision(surface)?.Settles == true) throw new DomainException($"{surface.DisplayName()} was already decided in this amendment.");
        if (organization.Status != OrganizationStatus.Reviewed) throw new DomainException($"The organization is {Describe(organization.Status)}: its amendments wait until it is reviewed again.");
    }

    /// <summary>What an approval names must come from the amendment, the enrollment or the organization's grants, and the catalog.</summary>
    private void CheckApproval(BrokenRules broken, ApprovalRequest request, Organization organization, IReadOnlyList<ScopeGrant> own,
        IReadOnlySet<string> catalogModelIds, IReadOnlySet<string> identifiersHeldElsewhere, DateOnly today)
    {
        var surface = request.Surface;
        var kind = surface.IdentifierName();
        var known = IdentifiersFor(surface)
            .Concat(organization.Enrollment?.IdentifiersFor(surface) ?? [])
            .Concat(own.Where(g => g.Surface == surface).Select(g => g.Identifier))
            .ToHashSet(StringComparer.Ordinal);
        var identifiers = request.Identifiers.ToList();
        if (identifiers.Count == 0) broken.Add(nameof(ApprovalRequest.Identifiers), $"Choose at least one {kind} from the amendment.");
        for (var i = 0; i < identifiers.Count; i++)
        {
            var value = identifiers[i]?.Trim() ?? string.Empty;
            if (identifiersHeldElsewhere.Contains(value)) broken.Add($"{nameof(ApprovalRequest.Identifiers)}[{i}]", IdentifierTaken);
            else if (!Identifiers.IsValidFor(surface, value) || !known.Contains(value)) broken.Add($"{nameof(ApprovalRequest.Identifiers)}[{i}]", $"'{identifiers[i]}' is not one of the amendment's, the enrollment's or the organization's {kind}s.");
        }

        var models = request.Models.ToList();
        if (models.Count == 0) broken.Add(nameof(ApprovalRequest.Models), "Choose at least one model.");
        for (var i = 0; i < models.Count; i++)
        {
            if (!catalogModelIds.Contains(models[i]?.Trim() ?? string.Empty)) broken.Add($"{nameof(ApprovalRequest.Models)}[{i}]", $"'{models[i]}' is not a model of the preview.");
        }

        var knownEmails = AccountEmails
            .Concat(organization.Enrollment?.AccountEmails ?? [])
            .Concat(own.SelectMany(g => g.AccountEmails))
            .ToHashSet(StringComparer.Ordinal);
        var emails = request.AccountEmails.ToList();
        if (emails.Count == 0) broken.Add(nameof(ApprovalRequest.AccountEmails), "Choose at least one account email from the amendment.");
        for (var i = 0; i < emails.Count; i++)
        {
            if (!EmailAddress.IsValid(emails[i]) || !knownEmails.Contains(EmailAddress.Normalize(emails[i]))) broken.Add($"{nameof(ApprovalRequest.AccountEmails)}[{i}]", $"'{emails[i]}' is not an account email of the amendment, the enrollment or the organization's grants.");
        }

        if (request.ExpiresOn is { } expiresOn && expiresOn <= today) broken.Add(nameof(ApprovalRequest.ExpiresOn), "The expiry date must be in the future, or left empty.");
    }

    // ---- What a request may ask -----------------------------------------------------------------

    /// <summary>
    /// The surfaces asked for, those of the identifiers and renewals asked for, and — when the request names none (only
    /// account emails or models) — every surface where the organization has a live grant. A surface asked for without an
    /// identifier of its own (a declined surface to reconsider) takes the enrollment's identifiers for it.
    /// </summary>
    private List<Surface> ConcernedSurfaces(List<Surface> asked, IReadOnlyList<ScopeGrant> renewals, IReadOnlyList<ScopeGrant> own, EnrollmentSubmission? enrollment)
    {
        var surfaces = new HashSet<Surface>(asked);
        if (ApiOrganizationIds.Count > 0) surfaces.Add(Surface.Api);
        if (CodexWorkspaceIds.Count > 0) surfaces.Add(Surface.Codex);
        foreach (var renewal in renewals) surfaces.Add(renewal.Surface);
        if (surfaces.Count == 0)
        {
            foreach (var live in own.Where(g => g.IsLive)) surfaces.Add(live.Surface);
            if (surfaces.Count == 0)
            {
                throw new DomainException(nameof(AmendmentRequest.Surfaces), "Name the surface these account emails and models are for: the organization has no live grant yet.");
            }
        }

        var broken = new BrokenRules();
        foreach (var surface in asked)
        {
            if (IdentifiersFor(surface).Count > 0 || renewals.Any(g => g.Surface == surface) || own.Any(g => g.Surface == surface && g.IsLive)) continue;
            var enrolled = enrollment?.IdentifiersFor(surface).ToList() ?? [];
            if (enrolled.Count == 0)
            {
                broken.Add(surface == Surface.Api ? nameof(AmendmentRequest.ApiOrganizationIds) : nameof(AmendmentRequest.CodexWorkspaceIds),
                    $"Requesting {(surface == Surface.Api ? "the API" : surface.DisplayName())} needs at least one {surface.IdentifierName()}.");
            }
            else if (surface == Surface.Api) ApiOrganizationIds = enrolled;
            else CodexWorkspaceIds = enrolled;
        }

        broken.ThrowIfAny();
        return [.. surfaces.Order()];
    }

    private static List<string> CheckIdentifiers(BrokenRules broken, Surface surface, string field, IReadOnlyCollection<string> values,
        HashSet<string> seen, IReadOnlySet<string> heldElsewhere)
    {
        var name = surface.IdentifierName();
        if (values.Count > MaxIdentifiersPerSurface) broken.Add(field, $"At most {MaxIdentifiersPerSurface} {name}s.");
        var accepted = new List<string>();
        var index = 0;
        foreach (var value in values)
        {
            var trimmed = value?.Trim() ?? string.Empty;
            var key = $"{field}[{index++}]";
            if (!Identifiers.IsValidFor(surface, trimmed)) broken.Add(key, Sentence(Identifiers.FormatHint(surface)));
            else if (!seen.Add(trimmed)) broken.Add(key, $"This {name} is listed twice.");
            else if (heldElsewhere.Contains(trimmed)) broken.Add(key, IdentifierTaken);
            else accepted.Add(trimmed);
        }

        return accepted;
    }

    private static List<string> CheckEmails(BrokenRules broken, IReadOnlyCollection<string> values)
    {
        if (values.Count > MaxAccountEmails) broken.Add(nameof(AmendmentRequest.AccountEmails), $"At most {MaxAccountEmails} account emails.");
        var accepted = new List<string>();
        var index = 0;
        foreach (var value in values)
        {
            var key = $"{nameof(AmendmentRequest.AccountEmails)}[{index++}]";
            if (!EmailAddress.IsValid(value)) broken.Add(key, "Enter a valid email address.");
            else if (accepted.Contains(EmailAddress.Normalize(value))) broken.Add(key, "This email is listed twice.");
            else accepted.Add(EmailAddress.Normalize(value));
        }

        return accepted;
    }

    private static List<string> CheckModels(BrokenRules broken, IReadOnlyCollection<string> values, IReadOnlySet<string> catalogModelIds)
    {
        var accepted = new List<string>();
        var index = 0;
        foreach (var value in values)
        {
            var trimmed = value?.Trim() ?? string.Empty;
            var key = $"{nameof(AmendmentRequest.Models)}[{index++}]";
            if (!catalogModelIds.Contains(trimmed)) broken.Add(key, $"'{value}' is not a model of the preview.");
            else if (accepted.Contains(trimmed)) broken.Add(key, "This model is listed twice.");
            else accepted.Add(trimmed);
        }

        return accepted;
    }

    /// <summary>Only the organization's own ended grants are renewed, and only where no live grant took the identifier since.</summary>
    private static List<ScopeGrant> CheckRenewals(BrokenRules broken, IReadOnlyCollection<Guid> values, IReadOnlyList<ScopeGrant> own)
    {
        if (values.Count > MaxRenewals) broken.Add(nameof(AmendmentRequest.RenewGrantIds), $"At most {MaxRenewals} grants to renew.");
        var accepted = new List<ScopeGrant>();
        var index = 0;
        foreach (var id in values)
        {
            var key = $"{nameof(AmendmentRequest.RenewGrantIds)}[{index++}]";
            // The same sentence for another organization's grant and for no grant at all: nothing about others leaks.
            if (own.FirstOrDefault(g => g.Id == id) is not { } grant || grant.IsLive) broken.Add(key, "Only an expired or revoked grant of this organization can be renewed.");
            else if (accepted.Contains(grant)) broken.Add(key, "This grant is listed twice.");
            else if (own.Any(g => g.IsLive && g.Surface == grant.Surface && g.Identifier == grant.Identifier)) broken.Add(key, $"'{grant.Identifier}' already has a live grant on {grant.Surface.DisplayName()}: there is nothing to renew.");
            else accepted.Add(grant);
        }

        return accepted;
    }

    private static bool SameScope(SurfaceScope a, SurfaceScope b) =>
        a.Identifiers.SequenceEqual(b.Identifiers) && a.Models.SequenceEqual(b.Models) && a.AccountEmails.SequenceEqual(b.AccountEmails);

    /// <summary>Distinct values in first-seen order.</summary>
    private static List<string> Union(params IEnumerable<string>[] sources) => [.. sources.SelectMany(s => s).Distinct(StringComparer.Ordinal)];

    private static string Sentence(string hint) => char.ToUpperInvariant(hint[0]) + hint[1..] + ".";

    private static string Describe(OrganizationStatus status) => status switch
    {
        OrganizationStatus.UnderReview => "under review",
        _ => status.ToString().ToLowerInvariant(),
    };
}
