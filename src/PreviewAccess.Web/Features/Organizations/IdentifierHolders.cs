using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;

namespace PreviewAccess.Web.Features.Organizations;

/// <summary>
/// An API organization or Codex workspace belongs to one organization: which of some identifiers another organization
/// already names, in its enrollment or its grants. Callers answer with one neutral sentence, never which organization.
/// </summary>
public sealed class IdentifierHolders(PortalDbContext db)
{
    public async Task<IReadOnlySet<string>> HeldByOthersAsync(Guid organizationId, IEnumerable<string?> identifiers, CancellationToken cancellationToken)
    {
        var wanted = identifiers.OfType<string>().Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0) return new HashSet<string>(StringComparer.Ordinal);
        var inEnrollments = await db.Organizations.AsNoTracking()
            .Where(o => o.Id != organizationId && o.Enrollment != null)
            .SelectMany(o => o.Enrollment!.Identifiers)
            .Where(i => wanted.Contains(i.Value))
            .Select(i => i.Value)
            .ToListAsync(cancellationToken);
        var inGrants = await db.Grants.AsNoTracking()
            .Where(g => g.OrganizationId != organizationId && wanted.Contains(g.Identifier))
            .Select(g => g.Identifier)
            .ToListAsync(cancellationToken);
        return inEnrollments.Concat(inGrants).ToHashSet(StringComparer.Ordinal);
    }
}
