using PreviewAccess.Domain.Common;

namespace PreviewAccess.Domain.Catalog;

/// <summary>A model of the preview and its list prices per 1,000,000 tokens (USD). Prices are data an admin edits.</summary>
public sealed class PreviewModel : Aggregate
{
    public const int MaxIdLength = 64;

    private PreviewModel() { ModelId = Name = string.Empty; }

    public PreviewModel(string modelId, string name, decimal inputPerMillion, decimal outputPerMillion)
    {
        if (string.IsNullOrWhiteSpace(modelId) || modelId.Length > MaxIdLength) throw new DomainException("A model needs an id of at most 64 characters.");
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException("A model needs a name.");
        ModelId = modelId.Trim();
        Name = name.Trim();
        SetPrices(inputPerMillion, outputPerMillion);
    }

    /// <summary>The public id, e.g. <c>gpt-5.6-sol</c>.</summary>
    public string ModelId { get; private set; }

    public string Name { get; private set; }

    public decimal InputPerMillion { get; private set; }

    public decimal OutputPerMillion { get; private set; }

    public void SetPrices(decimal inputPerMillion, decimal outputPerMillion)
    {
        if (inputPerMillion < 0 || outputPerMillion < 0) throw new DomainException("Prices cannot be negative.");
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
}
