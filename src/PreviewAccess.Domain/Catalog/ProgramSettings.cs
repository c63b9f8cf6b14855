using PreviewAccess.Domain.Common;

namespace PreviewAccess.Domain.Catalog;

/// <summary>What a cache write and a cache read cost, as multiples of a model's uncached input rate.</summary>
public sealed record CacheMultipliers(decimal Write, decimal Read)
{
    /// <summary>The notice's: a write at 1.25 × the input rate, a read at 0.10 × (the 90 % cached-input discount).</summary>
    public static CacheMultipliers Notice { get; } = new(1.25m, 0.10m);
}

/// <summary>
/// The program's settings, one row edited by an admin (DOMAIN.md: prices and models are data, not constants): the
/// phase, whether a grant waits for a second approver, and the prompt-caching multipliers. The models' prices and the
/// unsupported countries are rows of their own (<see cref="PreviewModel"/>, <see cref="UnsupportedCountry"/>).
/// </summary>
public sealed class ProgramSettings : Aggregate
{
    /// <summary>The one row's id: there is exactly one program.</summary>
    public static readonly Guid SingletonId = new("5e771265-0000-7000-8000-000000000001");

    /// <summary>Ten times the input rate: well past the notice's 1.25, and a typo such as 125 is caught.</summary>
    public const decimal MaxCacheMultiplier = 10m;

    /// <summary>Multipliers are kept to four decimal places (0.0001), finer than any rate card.</summary>
    public const int MultiplierDecimals = 4;

    private ProgramSettings() { }

    /// <summary>The program as the notice describes it: in preview, one approver, the notice's cache multipliers.</summary>
    public static ProgramSettings Defaults() => new()
    {
        Id = SingletonId,
        Phase = ProgramPhase.Preview,
        RequireSecondApproval = false,
        CacheWriteMultiplier = CacheMultipliers.Notice.Write,
        CacheReadMultiplier = CacheMultipliers.Notice.Read,
    };

    public ProgramPhase Phase { get; private set; }

    /// <summary>When on, an approval creates grants that wait for a second, different staff user.</summary>
    public bool RequireSecondApproval { get; private set; }

    public decimal CacheWriteMultiplier { get; private set; }

    public decimal CacheReadMultiplier { get; private set; }

    public CacheMultipliers CacheMultipliers => new(CacheWriteMultiplier, CacheReadMultiplier);

    /// <summary>New multipliers for every estimate from now on; each is more than 0 and at most <see cref="MaxCacheMultiplier"/>.</summary>
    public void SetCacheMultipliers(decimal write, decimal read)
    {
        var rules = new BrokenRules();
        CheckMultiplier(rules, nameof(CacheWriteMultiplier), "cache-write", write);
        CheckMultiplier(rules, nameof(CacheReadMultiplier), "cache-read", read);
        rules.ThrowIfAny();
        CacheWriteMultiplier = write;
        CacheReadMultiplier = read;
    }

    public void MoveTo(ProgramPhase phase)
    {
        if (!Enum.IsDefined(phase)) throw new DomainException(nameof(Phase), "Choose the program's phase: preview or general availability.");
        Phase = phase;
    }

    public void SetSecondApproval(bool required) => RequireSecondApproval = required;

    private static void CheckMultiplier(BrokenRules rules, string field, string which, decimal value)
    {
        if (value <= 0) rules.Add(field, $"The {which} multiplier must be more than 0.");
        else if (value > MaxCacheMultiplier) rules.Add(field, $"The {which} multiplier can be at most 10 (ten times the input rate).");
        else if (decimal.Round(value, MultiplierDecimals) != value) rules.Add(field, $"The {which} multiplier can have at most {MultiplierDecimals} decimal places.");
    }
}
