using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;

namespace PreviewAccess.Domain.Amendments;

/// <summary>
/// What a reviewed organization asks to add to its scope: surfaces (a new one, or one declined before), API
/// organization IDs, Codex workspace IDs, account emails, models, and ended grants to renew. A note says why.
/// </summary>
public sealed record AmendmentRequest(
    IReadOnlyCollection<Surface> Surfaces,
    IReadOnlyCollection<string> ApiOrganizationIds,
    IReadOnlyCollection<string> CodexWorkspaceIds,
    IReadOnlyCollection<string> AccountEmails,
    IReadOnlyCollection<string> Models,
    IReadOnlyCollection<Guid> RenewGrantIds,
    string? Note);

/// <summary>An amendment's way through review (<see cref="Amendment"/>). Spellings are part of the API contract.</summary>
public enum AmendmentStatus
{
    /// <summary>Requested, a surface it concerns still undecided. An amendment is open from this moment: DOMAIN.md's <c>Open</c> has no state of its own.</summary>
    UnderReview,

    /// <summary>A reviewer asked for more information: back with the partner until they resubmit it.</summary>
    NeedsInfo,

    /// <summary>Every surface it concerns is approved or declined.</summary>
    Decided,
}

/// <summary>A reviewer's decision on one surface of an amendment. The latest per surface counts.</summary>
public sealed record AmendmentDecision(
    Surface Surface,
    DecisionOutcome Outcome,
    string Justification,
    Guid DecidedBy,
    DateTimeOffset DecidedAt)
{
    /// <summary>
    /// On a decline, what the partner is told instead of the justification, which is staff's alone (issue 16, item 5).
    /// Null for other decisions: an approval speaks for itself, and a needs-info question is written for the partner.
    /// </summary>
    public string? PartnerMessage { get; init; }

    /// <summary>What the partner may read of this decision: never the internal justification of a decline.</summary>
    public string? ForPartner => Outcome switch
    {
        DecisionOutcome.Decline => PartnerMessage,
        DecisionOutcome.NeedsInfo => Justification,
        _ => null,
    };

    /// <summary>Approve and Decline settle a surface; NeedsInfo sends the amendment back.</summary>
    public bool Settles => Outcome is DecisionOutcome.Approve or DecisionOutcome.Decline;
}

/// <summary>An organization's scope on one surface: the identifiers of its live grants, and their models and account emails together.</summary>
public sealed record SurfaceScope(IReadOnlyList<string> Identifiers, IReadOnlyList<string> Models, IReadOnlyList<string> AccountEmails);

/// <summary>What an amendment changes on one surface: the current scope, and the scope if everything asked for were approved.</summary>
public sealed record ScopeChange(Surface Surface, SurfaceScope Before, SurfaceScope After);

/// <summary>What approving one surface of an amendment did: grants created, widened in place, and renewed.</summary>
public sealed record AmendmentApproval(
    IReadOnlyList<Grants.ScopeGrant> Created,
    IReadOnlyList<Grants.ScopeGrant> Widened,
    IReadOnlyList<Grants.ScopeGrant> Renewed)
{
    /// <summary>Every grant the approval touched, in the order of the decision's identifiers.</summary>
    public IReadOnlyList<Grants.ScopeGrant> All { get; init; } = [];
}
