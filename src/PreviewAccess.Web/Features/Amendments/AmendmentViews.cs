using PreviewAccess.Domain.Amendments;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;

namespace PreviewAccess.Web.Features.Amendments;

/// <summary>An amendment as the API returns it (API.md, Amendments): what was asked for, the delta per surface, and the decisions so far.</summary>
public sealed record AmendmentView(
    Guid Id,
    Guid OrganizationId,
    AmendmentStatus Status,
    IReadOnlyList<Surface> Surfaces,
    IReadOnlyList<string> ApiOrganizationIds,
    IReadOnlyList<string> CodexWorkspaceIds,
    IReadOnlyList<string> AccountEmails,
    IReadOnlyList<string> Models,
    IReadOnlyList<Guid> RenewGrantIds,
    string? Note,
    DateTimeOffset RequestedAt,
    bool RequestedByStaff,
    IReadOnlyList<ScopeChangeView> Changes,
    IReadOnlyList<AmendmentDecisionView> Decisions,
    int Version)
{
    /// <param name="grants">The organization's grants now: the delta's <c>before</c> is its current scope.</param>
    public static AmendmentView From(Amendment amendment, IEnumerable<ScopeGrant> grants)
    {
        ArgumentNullException.ThrowIfNull(amendment);
        return new AmendmentView(amendment.Id, amendment.OrganizationId, amendment.Status, amendment.Surfaces, amendment.ApiOrganizationIds,
            amendment.CodexWorkspaceIds, amendment.AccountEmails, amendment.Models, amendment.RenewGrantIds, amendment.Note, amendment.RequestedAt,
            amendment.RequestedByStaff,
            [.. amendment.ChangesAgainst(grants).Select(c => new ScopeChangeView(c.Surface, ScopeView.From(c.Before), ScopeView.From(c.After)))],
            [.. amendment.Decisions.Select(d => new AmendmentDecisionView(d.Surface, d.Outcome.ToString(), d.Justification, d.DecidedAt, d.PartnerMessage))],
            amendment.Version);
    }
}

/// <summary>One surface of an amendment: the organization's scope now, and after, were everything asked for approved.</summary>
public sealed record ScopeChangeView(Surface Surface, ScopeView Before, ScopeView After);

public sealed record ScopeView(IReadOnlyList<string> Identifiers, IReadOnlyList<string> Models, IReadOnlyList<string> AccountEmails)
{
    public static ScopeView From(SurfaceScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new ScopeView(scope.Identifiers, scope.Models, scope.AccountEmails);
    }
}

/// <param name="PartnerMessage">On a decline, what the partner was told; the justification is staff's alone.</param>
public sealed record AmendmentDecisionView(Surface Surface, string Decision, string Justification, DateTimeOffset DecidedAt, string? PartnerMessage);
