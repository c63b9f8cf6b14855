using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Access;

namespace PreviewAccess.Web.Features.Support;

/// <summary>Runs the access decision on a support case's own inputs, once per surface it names.</summary>
public static class CaseDiagnosis
{
    public static async Task<IReadOnlyList<SurfaceDiagnosis>> RunAsync(IAccessFactsSource source, IEnumerable<Surface> surfaces, string identifier,
        string normalizedEmail, string? model, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var facts = await source.LoadAsync(identifier, normalizedEmail, cancellationToken);
        return surfaces.Select(surface =>
        {
            var decision = Decide(surface, identifier, normalizedEmail, model, facts, now);
            return new SurfaceDiagnosis(surface, decision.Allowed, decision.Reason, decision.Message, decision.NextStep);
        }).ToList();
    }

    /// <summary>
    /// With a model, the decision for it. Without one, the decision for each model of the catalog, and the most
    /// favourable of them: a case about access in general should not report a model the partner never asked for.
    /// </summary>
    public static AccessDecision Decide(Surface surface, string identifier, string normalizedEmail, string? model, AccessFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var models = model is not null ? [model] : facts.ModelIds.Order(StringComparer.Ordinal).ToList();
        var decisions = models
            .Select(m => AccessPolicy.Decide(new AccessRequest(surface, identifier, normalizedEmail, m), facts.Directory, facts.UnsupportedCountries, now))
            .ToList();
        return decisions.FirstOrDefault(d => d.Allowed)
            ?? decisions.FirstOrDefault(d => d.Reason != AccessReason.ModelNotIncluded)
            ?? decisions.FirstOrDefault()
            ?? AccessPolicy.Decide(new AccessRequest(surface, identifier, normalizedEmail, string.Empty), facts.Directory, facts.UnsupportedCountries, now);
    }
}
