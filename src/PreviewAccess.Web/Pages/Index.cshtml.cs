using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Web.Pages;

/// <summary>The landing page: what the program is; for staff, the program in figures; for a partner, their organization.</summary>
public sealed class IndexModel(PortalDbContext db) : PortalPageModel
{
    public IReadOnlyList<(OrganizationStatus Status, int Count)> OrganizationsByStatus { get; private set; } = [];

    public IReadOnlyList<(Surface Surface, GrantStatus Status, int Count)> GrantsBySurfaceAndStatus { get; private set; } = [];

    public PartnerOrganization? Partner { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (IsStaff)
        {
            var organizations = await db.Organizations.AsNoTracking()
                .GroupBy(o => o.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
            OrganizationsByStatus = Enum.GetValues<OrganizationStatus>()
                .Select(s => (s, organizations.FirstOrDefault(o => o.Status == s)?.Count ?? 0)).ToList();

            var grants = await db.Grants.AsNoTracking()
                .GroupBy(g => new { g.Surface, g.Status }).Select(g => new { g.Key.Surface, g.Key.Status, Count = g.Count() }).ToListAsync(cancellationToken);
            GrantsBySurfaceAndStatus = grants.Select(g => (g.Surface, g.Status, g.Count)).ToList();
        }
        else if (PartnerOrganizationId is { } organizationId)
        {
            Partner = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId)
                .Select(o => new PartnerOrganization(o.Name, o.Status)).FirstOrDefaultAsync(cancellationToken);
        }
    }

    public sealed record PartnerOrganization(string Name, OrganizationStatus Status);

    /// <summary>The organization's status in a partner's words. Nothing here says "access": only an enabled grant is access.</summary>
    public static string Describe(OrganizationStatus status) => status switch
    {
        OrganizationStatus.Nominated or OrganizationStatus.Invited => "Invited — the invitation has not been accepted yet",
        OrganizationStatus.Enrolling => "Enrollment not yet submitted",
        OrganizationStatus.UnderReview => "Enrolled — under review",
        OrganizationStatus.Reviewed => "Enrolled — reviewed",
        OrganizationStatus.Suspended => "Suspended — contact your account representative",
        _ => status.ToString(),
    };
}
