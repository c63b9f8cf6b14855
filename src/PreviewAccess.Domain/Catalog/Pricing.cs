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
/// What a usage costs at a model's list prices and the program's prompt-caching multipliers (the notice's: a cache
/// write costs 1.25 × the uncached input rate, a cache read 0.10 ×, unless an admin changed them in the program's
/// settings). Exact decimal arithmetic, no rounding.
/// </summary>
public static class Pricing
{
    private const decimal TokensPerUnit = 1_000_000m;

    public static CostEstimate Estimate(PreviewModel model, TokenUsage usage, CacheMultipliers multipliers)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(multipliers);
        if (usage.UncachedInputTokens < 0 || usage.CacheWriteTokens < 0 || usage.CacheReadTokens < 0 || usage.OutputTokens < 0)
        {
            throw new Common.DomainException("Token counts cannot be negative.");
        }

        return new CostEstimate(
            model.ModelId,
            UncachedInputUsd: usage.UncachedInputTokens * model.InputPerMillion / TokensPerUnit,
            CacheWriteUsd: usage.CacheWriteTokens * model.InputPerMillion * multipliers.Write / TokensPerUnit,
            CacheReadUsd: usage.CacheReadTokens * model.InputPerMillion * multipliers.Read / TokensPerUnit,
            OutputUsd: usage.OutputTokens * model.OutputPerMillion / TokensPerUnit);
    }

    /// <summary>The price of a million cache-write tokens on <paramref name="model"/>.</summary>
    public static decimal CacheWritePerMillion(PreviewModel model, CacheMultipliers multipliers)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(multipliers);
        return model.InputPerMillion * multipliers.Write;
    }

    /// <summary>The price of a million cache-read tokens on <paramref name="model"/>.</summary>
    public static decimal CacheReadPerMillion(PreviewModel model, CacheMultipliers multipliers)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(multipliers);
        return model.InputPerMillion * multipliers.Read;
    }
}
