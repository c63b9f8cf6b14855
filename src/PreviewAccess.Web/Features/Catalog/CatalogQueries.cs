using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Settings;

namespace PreviewAccess.Web.Features.Catalog;

/// <summary>A model of the catalog and its list prices per 1,000,000 tokens (USD).</summary>
public sealed record ModelView(string Id, string Name, decimal InputPerMillion, decimal OutputPerMillion);

public sealed record EstimatePriceInput(string? Model, long? UncachedInputTokens, long? CacheWriteTokens, long? CacheReadTokens, long? OutputTokens);

public sealed record PriceEstimateView(string Model, decimal UncachedInputUsd, decimal CacheWriteUsd, decimal CacheReadUsd, decimal OutputUsd, decimal TotalUsd);

/// <summary>
/// The model catalog and what a usage would cost, priced by the domain's <see cref="Pricing"/> at the prices and cache
/// multipliers the program's settings hold now (read on every call: an admin's change holds from the next request).
/// </summary>
public sealed class CatalogQueries(PortalDbContext db, ProgramSettingsQueries settings)
{
    /// <summary>A quadrillion tokens: far past any real usage, and far from decimal's limits at any price the catalog can hold.</summary>
    public const long MaxTokens = 1_000_000_000_000_000;

    public async Task<IReadOnlyList<ModelView>> ModelsAsync(CancellationToken cancellationToken) =>
        await db.Models.AsNoTracking().OrderByDescending(m => m.InputPerMillion).ThenBy(m => m.ModelId)
            .Select(m => new ModelView(m.ModelId, m.Name, m.InputPerMillion, m.OutputPerMillion))
            .ToListAsync(cancellationToken);

    /// <summary>Missing token counts are zero; a negative one is refused on its own field.</summary>
    public async Task<Outcome<PriceEstimateView>> EstimateAsync(EstimatePriceInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, value) in new[]
                 {
                     ("uncachedInputTokens", input.UncachedInputTokens), ("cacheWriteTokens", input.CacheWriteTokens),
                     ("cacheReadTokens", input.CacheReadTokens), ("outputTokens", input.OutputTokens),
                 })
        {
            if (value < 0) errors[field] = ["A token count cannot be negative."];
            else if (value > MaxTokens) errors[field] = [$"A token count can be at most {MaxTokens:N0}."];
        }

        var modelId = input.Model?.Trim() ?? string.Empty;
        var model = modelId.Length is 0 or > PreviewModel.MaxIdLength
            ? null
            : await db.Models.AsNoTracking().SingleOrDefaultAsync(m => m.ModelId == modelId, cancellationToken);
        if (model is null) errors["model"] = ["This is not a model of the preview."];
        if (errors.Count > 0) return Outcome<PriceEstimateView>.Invalid(errors);

        var estimate = Pricing.Estimate(model!, new TokenUsage(input.UncachedInputTokens ?? 0, input.CacheWriteTokens ?? 0, input.CacheReadTokens ?? 0, input.OutputTokens ?? 0),
            await settings.CacheMultipliersAsync(cancellationToken));
        return Outcome<PriceEstimateView>.Success(new PriceEstimateView(estimate.ModelId, estimate.UncachedInputUsd, estimate.CacheWriteUsd,
            estimate.CacheReadUsd, estimate.OutputUsd, estimate.TotalUsd));
    }
}
