using System.Text.RegularExpressions;
using PreviewAccess.Domain.Common;

namespace PreviewAccess.Domain.Catalog;

/// <summary>A model of the preview and its list prices per 1,000,000 tokens (USD). Prices are data an admin edits.</summary>
public sealed partial class PreviewModel : Aggregate
{
    public const int MaxIdLength = 64;

    public const int MaxNameLength = 100;

    /// <summary>Far above any list price (Sol's output is $30), and far from what the estimator's arithmetic can hold.</summary>
    public const decimal MaxPricePerMillion = 10_000m;

    /// <summary>The database keeps prices to the millionth of a dollar per million tokens: finer would be rounded silently.</summary>
    public const int PriceDecimals = 6;

    private PreviewModel() { ModelId = Name = string.Empty; }

    public PreviewModel(string modelId, string name, decimal inputPerMillion, decimal outputPerMillion)
    {
        var rules = new BrokenRules();
        var id = modelId?.Trim() ?? string.Empty;
        if (id.Length == 0 || id.Length > MaxIdLength || !ModelIdShape().IsMatch(id))
        {
            rules.Add(nameof(ModelId), $"A model id is 1 to {MaxIdLength} lower-case letters, digits, '.' or '-', starting with a letter or digit, e.g. gpt-5.6-sol.");
        }

        var displayName = name?.Trim() ?? string.Empty;
        if (displayName.Length == 0) rules.Add(nameof(Name), "A model needs a name.");
        else if (displayName.Length > MaxNameLength) rules.Add(nameof(Name), $"A model's name can be at most {MaxNameLength} characters.");
        CheckPrices(rules, inputPerMillion, outputPerMillion);
        rules.ThrowIfAny();
        ModelId = id;
        Name = displayName;
        InputPerMillion = inputPerMillion;
        OutputPerMillion = outputPerMillion;
    }

    /// <summary>The public id, e.g. <c>gpt-5.6-sol</c>.</summary>
    public string ModelId { get; private set; }

    public string Name { get; private set; }

    public decimal InputPerMillion { get; private set; }

    public decimal OutputPerMillion { get; private set; }

    /// <summary>
    /// New list prices from now on. Nothing priced earlier is priced again: estimates are computed when asked for and
    /// never stored, and the audit log keeps the prices before and after.
    /// </summary>
    public void SetPrices(decimal inputPerMillion, decimal outputPerMillion)
    {
        var rules = new BrokenRules();
        CheckPrices(rules, inputPerMillion, outputPerMillion);
        rules.ThrowIfAny();
        InputPerMillion = inputPerMillion;
        OutputPerMillion = outputPerMillion;
    }

    /// <summary>The three models of the notice, as first seeded.</summary>
    public static IReadOnlyList<PreviewModel> Launch() =>
    [
        new("gpt-5.6-sol", "GPT-5.6 Sol", 5.00m, 30.00m),
        new("gpt-5.6-terra", "GPT-5.6 Terra", 2.50m, 15.00m),
        new("gpt-5.6-luna", "GPT-5.6 Luna", 1.00m, 6.00m),
    ];

    private static void CheckPrices(BrokenRules rules, decimal inputPerMillion, decimal outputPerMillion)
    {
        CheckPrice(rules, nameof(InputPerMillion), "input", inputPerMillion);
        CheckPrice(rules, nameof(OutputPerMillion), "output", outputPerMillion);
    }

    private static void CheckPrice(BrokenRules rules, string field, string which, decimal price)
    {
        if (price < 0) rules.Add(field, $"The {which} price cannot be negative.");
        else if (price > MaxPricePerMillion) rules.Add(field, $"The {which} price can be at most $10,000 per 1M tokens.");
        else if (decimal.Round(price, PriceDecimals) != price) rules.Add(field, $"The {which} price can have at most {PriceDecimals} decimal places.");
    }

    // \z, not $: $ would also accept a trailing line break.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9.\-]*\z")]
    private static partial Regex ModelIdShape();
}
