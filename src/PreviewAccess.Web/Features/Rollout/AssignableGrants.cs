using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;

namespace PreviewAccess.Web.Features.Rollout;

/// <summary>What a representative narrows the approved grants to before placing them in a wave. Every part is optional.</summary>
public sealed record AssignableGrantFilter(Surface? Surface = null, string? Model = null, Guid? AccountRepId = null, string? Country = null)
{
    public bool IsEmpty => Surface is null && string.IsNullOrWhiteSpace(Model) && AccountRepId is null && string.IsNullOrWhiteSpace(Country);
}

/// <summary>
/// The grants a wave can take: approved and not yet in any wave. One definition, used both to list them and to
/// assign "all matching", so that what a person sees is exactly what gets assigned.
/// </summary>
public static class AssignableGrants
{
    public static IQueryable<ScopeGrant> Matching(PortalDbContext db, AssignableGrantFilter filter)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var grants = db.Grants.Where(g => g.Status == GrantStatus.Approved && g.WaveId == null);
        if (filter.Surface is { } surface) grants = grants.Where(g => g.Surface == surface);
        if (!string.IsNullOrWhiteSpace(filter.Model))
        {
            var model = filter.Model.Trim();
            grants = grants.Where(g => g.Models.Contains(model));
        }

        if (filter.AccountRepId is { } repId) grants = grants.Where(g => db.Organizations.Any(o => o.Id == g.OrganizationId && o.AccountRepId == repId));
        if (!string.IsNullOrWhiteSpace(filter.Country))
        {
            var country = filter.Country.Trim().ToUpperInvariant();
            grants = grants.Where(g => db.Organizations.Any(o => o.Id == g.OrganizationId && o.Country == country));
        }

        return grants;
    }
}
