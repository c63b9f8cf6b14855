using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Access;

namespace PreviewAccess.Web.Features.Access;

/// <summary>
/// Loads from the database only the organizations one question can concern: those that name the identifier (in their
/// enrollment or a grant) and those that know the email (an approved account email of a grant, or an account email of
/// the enrollment). Which of them the question is about is <see cref="AccessLookup"/>'s to say, not this loader's.
/// Every write is visible to the next question, as nothing is cached.
/// </summary>
public sealed class DatabaseAccessDirectory(PortalDbContext db) : IAccessFactsSource
{
    public async ValueTask<AccessFacts> LoadAsync(string identifier, string normalizedEmail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(normalizedEmail);

        List<Guid> organizationIds = [.. (await OrganizationsNamingAsync(identifier, cancellationToken)).Union(await OrganizationsKnowingAsync(normalizedEmail, cancellationToken))];

        var organizations = organizationIds.Count == 0
            ? []
            : await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id)).ToListAsync(cancellationToken);
        var grants = organizationIds.Count == 0
            ? []
            : await db.Grants.AsNoTracking().Where(g => organizationIds.Contains(g.OrganizationId)).ToListAsync(cancellationToken);
        var directory = new InMemoryAccessDirectory(organizations.Select(o => OrganizationFacts.From(o, grants)));

        var unsupported = await db.UnsupportedCountries.AsNoTracking().Select(c => c.Code).ToListAsync(cancellationToken);
        var models = await db.Models.AsNoTracking().Select(m => m.ModelId).ToListAsync(cancellationToken);
        return new AccessFacts(directory, unsupported.ToHashSet(StringComparer.Ordinal), models.ToHashSet(StringComparer.Ordinal));
    }

    private async Task<List<Guid>> OrganizationsNamingAsync(string identifier, CancellationToken cancellationToken)
    {
        var enrolled = await db.Organizations.AsNoTracking()
            .Where(o => o.Enrollment != null && o.Enrollment.Identifiers.Any(i => i.Value == identifier))
            .Select(o => o.Id).ToListAsync(cancellationToken);
        var granted = await db.Grants.AsNoTracking().Where(g => g.Identifier == identifier)
            .Select(g => g.OrganizationId).ToListAsync(cancellationToken);
        return [.. enrolled.Concat(granted).Distinct()];
    }

    private async Task<List<Guid>> OrganizationsKnowingAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        var enrolled = await db.Organizations.AsNoTracking()
            .Where(o => o.Enrollment != null && o.Enrollment.AccountEmails.Contains(normalizedEmail))
            .Select(o => o.Id).ToListAsync(cancellationToken);
        var granted = await db.Grants.AsNoTracking().Where(g => g.AccountEmails.Contains(normalizedEmail))
            .Select(g => g.OrganizationId).ToListAsync(cancellationToken);
        return [.. enrolled.Concat(granted).Distinct()];
    }
}
