namespace PreviewAccess.Domain.Catalog;

public sealed record TokenUsage(long UncachedInputTokens, long CacheWriteTokens, long CacheReadTokens, long OutputTokens);

public sealed record CostEstimate(
    string ModelId,
    decimal UncachedInputUsd,
    decimal CacheWriteUsd,
    decimal CacheReadUsd,
    decimal OutputUsd)
{
    public decimal TotalUsd => UncachedInputUsd + CacheWriteUsd + CacheReadUsd + OutputUsd;
}

/// <summary>
/// Prompt-caching prices from the notice: a cache write costs 1.25 × the uncached input rate,
/// a cache read 0.10 × (the 90 % cached-input discount). Exact decimal arithmetic, no rounding.
/// </summary>
public static class Pricing
{
    public const decimal CacheWriteMultiplier = 1.25m;
    public const decimal CacheReadMultiplier = 0.10m;
    private const decimal TokensPerUnit = 1_000_000m;

    public static CostEstimate Estimate(PreviewModel model, TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(usage);
        if (usage.UncachedInputTokens < 0 || usage.CacheWriteTokens < 0 || usage.CacheReadTokens < 0 || usage.OutputTokens < 0)
        {
            throw new Common.DomainException("Token counts cannot be negative.");
        }

        return new CostEstimate(
            model.ModelId,
            UncachedInputUsd: usage.UncachedInputTokens * model.InputPerMillion / TokensPerUnit,
            CacheWriteUsd: usage.CacheWriteTokens * model.InputPerMillion * CacheWriteMultiplier / TokensPerUnit,
            CacheReadUsd: usage.CacheReadTokens * model.InputPerMillion * CacheReadMultiplier / TokensPerUnit,
            OutputUsd: usage.OutputTokens * model.OutputPerMillion / TokensPerUnit);
    }
}
