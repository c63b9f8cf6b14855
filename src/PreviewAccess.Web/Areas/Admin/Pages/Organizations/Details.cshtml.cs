using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Amendments;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Areas.Admin.Pages.Organizations;

/// <summary>
/// One organization, side by side: its enrollment and every grant per surface × identifier, its invitations,
/// government coordination, the two informational flags, and its timeline from the audit log.
/// </summary>
public sealed class DetailsModel(OrganizationQueries organizations, OrganizationTimeline timeline, AmendmentQueries amendments) : AdminPageModel
{
    /// <summary>The organization's latest amendments, newest first.</summary>
    public IReadOnlyList<AmendmentView> Amendments { get; private set; } = [];

    public OrganizationView Organization { get; private set; } = null!;

    public IReadOnlyList<AuditStory> Timeline { get; private set; } = [];

    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var organization = await organizations.GetAsync(id, cancellationToken);
        if (organization is null) return NotFound();
        Organization = organization;
        Timeline = await timeline.ForAsync(id, cancellationToken);
        Amendments = (await amendments.ListAsync(id, 10, null, cancellationToken))?.Items ?? [];
        return Page();
    }

    /// <summary>One row per identifier on a surface: those the enrollment names and those that have grants.</summary>
    public IReadOnlyList<ScopeRow> ScopeOf(Surface surface)
    {
        var requested = surface == Surface.Api ? Organization.Enrollment?.ApiOrganizationIds ?? [] : Organization.Enrollment?.CodexWorkspaceIds ?? [];
        var grants = Organization.Grants.Where(g => g.Surface == surface).ToList();
        return requested.Concat(grants.Select(g => g.Identifier)).Distinct(StringComparer.Ordinal)
            .Select(identifier => new ScopeRow(identifier, requested.Contains(identifier), grants.Where(g => g.Identifier == identifier).ToList()))
            .ToList();
    }

    public bool Requested(Surface surface) => Organization.Enrollment?.Surfaces.Contains(surface) == true;

    public DecisionView? LatestDecision(Surface surface) => Organization.Enrollment?.Decisions.LastOrDefault(d => d.Surface == surface);

    public bool Undecided(Surface surface) =>
        Requested(surface) && LatestDecision(surface) is not { Decision: "Approve" or "Decline" };

    public sealed record ScopeRow(string Identifier, bool InEnrollment, IReadOnlyList<GrantView> Grants)
    {
        public GrantView? Current => Grants.FirstOrDefault(g => g.Status is not (GrantStatus.Revoked or GrantStatus.Expired)) ?? (Grants.Count > 0 ? Grants[^1] : null);
    }
}
