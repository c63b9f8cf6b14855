using System.Globalization;
using FluentValidation;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Settings;
using PreviewAccess.Web.Features.Status;

namespace PreviewAccess.Web.Features.Catalog;

/// <summary>Token counts as typed: people write 1,000,000 or 1 000 000, and each field gets its own error.</summary>
public sealed record CostEstimateInput(string? ModelId, string? UncachedInputTokens, string? CacheWriteTokens, string? CacheReadTokens, string? OutputTokens);

public sealed record ModelCost(PreviewModel Model, CostEstimate Estimate);

/// <param name="Multipliers">The program's cache multipliers the estimate was priced with.</param>
public sealed record CostEstimateResult(TokenUsage Usage, ModelCost Selected, IReadOnlyList<ModelCost> Comparison, CacheMultipliers Multipliers);

public sealed class CostEstimateValidator : AbstractValidator<CostEstimateInput>
{
    /// <summary>A trillion tokens: far past any real estimate, and far from overflowing a decimal.</summary>
    public const long MaxTokens = 1_000_000_000_000;

    public CostEstimateValidator(IReadOnlyCollection<string> catalogModelIds)
    {
        RuleFor(x => x.ModelId).Must(m => m is not null && catalogModelIds.Contains(m.Trim())).WithMessage("Choose one of the preview's models.");
        RuleFor(x => x.UncachedInputTokens).Must(BeATokenCount).WithMessage(Message);
        RuleFor(x => x.CacheWriteTokens).Must(BeATokenCount).WithMessage(Message);
        RuleFor(x => x.CacheReadTokens).Must(BeATokenCount).WithMessage(Message);
        RuleFor(x => x.OutputTokens).Must(BeATokenCount).WithMessage(Message);
    }

    private static string Message => $"Enter a whole number of tokens from 0 to {MaxTokens.ToString("N0", CultureInfo.InvariantCulture)}.";

    private static bool BeATokenCount(string? text) => TryParseTokens(text, out _);

    /// <summary>Digits, optionally grouped with commas, spaces or underscores; empty means none.</summary>
    public static bool TryParseTokens(string? text, out long tokens)
    {
        tokens = 0;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (text.Length > 40) return false;
        var digits = text.Trim().Replace(",", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal)
            .Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\u00a0", string.Empty, StringComparison.Ordinal);
        return digits.Length > 0 && digits.All(char.IsAsciiDigit)
            && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out tokens) && tokens <= MaxTokens;
    }
}

/// <summary>
/// The cost of a request mix, per part and in total, from the catalog's prices and the program's cache multipliers (write =
/// 1.25 × input, read = 0.10 × input, per 1,000,000 tokens, unless an admin changed them), for the chosen model and, for
/// comparison, every model of the catalog. Exact decimals; nothing is stored, so a later price change reprices nothing.
/// </summary>
public sealed class CostEstimator(PartnerSnapshots snapshots, ProgramSettingsQueries settings)
{
    public Task<IReadOnlyList<PreviewModel>> ModelsAsync(CancellationToken cancellationToken) => snapshots.ModelsAsync(cancellationToken);

    public Task<CacheMultipliers> MultipliersAsync(CancellationToken cancellationToken) => settings.CacheMultipliersAsync(cancellationToken);

    public async Task<Outcome<CostEstimateResult>> EstimateAsync(CostEstimateInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var models = await snapshots.ModelsAsync(cancellationToken);
        var validation = await new CostEstimateValidator([.. models.Select(m => m.ModelId)]).ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<CostEstimateResult>.Invalid(validation);

        var usage = new TokenUsage(Tokens(input.UncachedInputTokens), Tokens(input.CacheWriteTokens), Tokens(input.CacheReadTokens), Tokens(input.OutputTokens));
        var multipliers = await settings.CacheMultipliersAsync(cancellationToken);
        var comparison = models.Select(m => new ModelCost(m, Pricing.Estimate(m, usage, multipliers))).ToList();
        var selected = comparison.Single(c => c.Model.ModelId == input.ModelId!.Trim());
        return Outcome<CostEstimateResult>.Success(new CostEstimateResult(usage, selected, comparison, multipliers));
    }

    private static long Tokens(string? text) => CostEstimateValidator.TryParseTokens(text, out var tokens) ? tokens : 0;

    /// <summary>
    /// US dollars with every digit the exact amount has (at least two): $0.00000625 for one token of cache write on Sol.
    /// Never rounded, so that the page and the arithmetic agree to the last digit.
    /// </summary>
    public static string ExactUsd(decimal amount) =>
        (amount < 0 ? "-$" : "$") + Math.Abs(amount).ToString("#,##0.00" + new string('#', 26), CultureInfo.InvariantCulture);
}
