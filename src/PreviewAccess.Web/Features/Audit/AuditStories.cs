using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;

namespace PreviewAccess.Web.Features.Audit;

/// <summary>
/// Turns a page of audit rows into <see cref="AuditStory"/>s: looks up, in three small queries, the names the rows
/// refer to (who acted, which grant, which model) and lets <see cref="AuditNarrative"/> tell each one. The audit log page
/// and the organizations' timelines (staff and support) read events this one way.
/// </summary>
public sealed class AuditStories(PortalDbContext db)
{
    public async Task<IReadOnlyList<AuditStory>> TellAsync(IReadOnlyList<AuditRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return [];

        var emails = rows.Select(r => r.Actor).Where(a => a.Contains('@', StringComparison.Ordinal)).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(a => a.ToUpperInvariant()).ToList();
        var people = await db.Users.AsNoTracking().Where(u => emails.Contains(u.NormalizedEmail!))
            .Select(u => new { u.Email, u.DisplayName }).ToListAsync(cancellationToken);

        var grantIds = rows.Where(r => r.SubjectType == "Grant").Select(r => Guid.TryParse(r.SubjectId, out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty).Distinct().ToList();
        var grants = await db.Grants.AsNoTracking().Where(g => grantIds.Contains(g.Id))
            .Select(g => new { g.Id, g.Surface, g.Identifier }).ToListAsync(cancellationToken);

        var models = await db.Models.AsNoTracking().Select(m => new { m.ModelId, m.Name }).ToListAsync(cancellationToken);

        var names = new AuditNames(
            people.Where(p => p.Email is not null).DistinctBy(p => p.Email, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(p => p.Email!, p => p.DisplayName, StringComparer.OrdinalIgnoreCase),
            grants.ToDictionary(g => g.Id, g => (g.Surface, g.Identifier)),
            models.ToDictionary(m => m.ModelId, m => m.Name, StringComparer.Ordinal));
        return [.. rows.Select(row => AuditNarrative.Tell(row, names))];
    }
}
