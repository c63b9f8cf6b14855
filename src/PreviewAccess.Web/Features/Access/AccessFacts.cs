using PreviewAccess.Domain.Access;

namespace PreviewAccess.Web.Features.Access;

/// <summary>What one access decision reads: the organizations it may concern, the unsupported countries, the catalog.</summary>
public sealed record AccessFacts(IAccessDirectory Directory, IReadOnlySet<string> UnsupportedCountries, IReadOnlySet<string> ModelIds);

/// <summary>
/// Where the facts for an access decision come from. <see cref="DatabaseAccessDirectory"/> loads the few rows one
/// question needs; an in-memory snapshot can take its place without the callers noticing.
/// </summary>
public interface IAccessFactsSource
{
    /// <param name="identifier">Trimmed, as <see cref="AccessPolicy.Decide"/> looks it up.</param>
    /// <param name="normalizedEmail">Trimmed and lower case, as <see cref="AccessPolicy.Decide"/> looks it up.</param>
    /// <returns>A value task: the in-memory snapshot answers synchronously, without allocating a task per question.</returns>
    ValueTask<AccessFacts> LoadAsync(string identifier, string normalizedEmail, CancellationToken cancellationToken);
}
