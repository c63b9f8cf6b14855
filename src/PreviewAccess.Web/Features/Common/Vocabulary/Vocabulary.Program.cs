using System.Globalization;
using PreviewAccess.Domain.Catalog;

namespace PreviewAccess.Web.Features.Common;

public static partial class Vocabulary
{
    /// <summary>The program's phase as the public page and the settings page say it.</summary>
    public static string Phase(ProgramPhase phase) => phase switch
    {
        ProgramPhase.Preview => "Preview",
        ProgramPhase.GenerallyAvailable => "General availability announced",
        _ => phase.ToString(),
    };

    /// <summary>A multiplier of a rate as the notice writes it: <c>1.25×</c>, <c>2×</c>, <c>0.10×</c>.</summary>
    public static string Times(decimal multiplier) => Multiplier(multiplier) + "×";

    /// <summary>A multiplier without its sign: under one with at least two decimals (<c>0.10</c>), else as few as it needs (<c>2</c>, <c>1.5</c>).</summary>
    public static string Multiplier(decimal multiplier) =>
        multiplier.ToString(Math.Abs(multiplier) < 1m ? "0.00##" : "0.####", CultureInfo.InvariantCulture);

    /// <summary>How a cache write is billed, in one sentence.</summary>
    public static string CacheWriteBilling(CacheMultipliers multipliers)
    {
        ArgumentNullException.ThrowIfNull(multipliers);
        return $"Billed at {Times(multipliers.Write)} the uncached input rate.";
    }

    /// <summary>How a cache read is billed: at 10% of the input rate, the 90% cached-input discount (as long as it is a discount).</summary>
    public static string CacheReadBilling(CacheMultipliers multipliers)
    {
        ArgumentNullException.ThrowIfNull(multipliers);
        var share = (multipliers.Read * 100m).ToString("0.##", CultureInfo.InvariantCulture);
        return multipliers.Read < 1m
            ? $"Billed at {share}% of the input rate (the {((1m - multipliers.Read) * 100m).ToString("0.##", CultureInfo.InvariantCulture)}% cached-input discount)."
            : $"Billed at {Times(multipliers.Read)} the uncached input rate.";
    }

    /// <summary>Prompt caching as the program's pages explain it.</summary>
    public static string PromptCaching(CacheMultipliers multipliers)
    {
        ArgumentNullException.ThrowIfNull(multipliers);
        var read = multipliers.Read < 1m
            ? $"cache reads receive the {((1m - multipliers.Read) * 100m).ToString("0.##", CultureInfo.InvariantCulture)}% cached-input discount"
            : $"cache reads are billed at {Times(multipliers.Read)} the uncached input rate";
        return $"Cache writes are billed at {Times(multipliers.Write)} the model's uncached input rate; {read}.";
    }
}
