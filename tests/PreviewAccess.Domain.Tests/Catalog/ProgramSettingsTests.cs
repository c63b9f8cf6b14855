using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;

namespace PreviewAccess.Domain.Tests.Catalog;

/// <summary>The program's settings an admin edits: phase, second approval, cache multipliers, unsupported countries.</summary>
public sealed class ProgramSettingsTests
{
    [Fact]
    public void The_program_starts_in_preview_with_one_approver_and_the_notice_s_multipliers()
    {
        var settings = ProgramSettings.Defaults();

        Assert.Equal(ProgramSettings.SingletonId, settings.Id);
        Assert.Equal(ProgramPhase.Preview, settings.Phase);
        Assert.False(settings.RequireSecondApproval);
        Assert.Equal((1.25m, 0.10m), (settings.CacheWriteMultiplier, settings.CacheReadMultiplier));
    }

    [Fact]
    public void New_multipliers_are_taken_when_both_are_sensible()
    {
        var settings = ProgramSettings.Defaults();

        settings.SetCacheMultipliers(1.5m, 0.05m);

        Assert.Equal(new CacheMultipliers(1.5m, 0.05m), settings.CacheMultipliers);
    }

    [Theory]
    [InlineData("0", "0.10", "CacheWriteMultiplier")]
    [InlineData("-1.25", "0.10", "CacheWriteMultiplier")]
    [InlineData("10.01", "0.10", "CacheWriteMultiplier")]
    [InlineData("1.25", "0", "CacheReadMultiplier")]
    [InlineData("1.25", "0.00001", "CacheReadMultiplier")]
    public void A_multiplier_of_zero_or_less_too_large_or_too_fine_is_refused_on_its_field(string write, string read, string field)
    {
        var settings = ProgramSettings.Defaults();

        var refusal = Assert.Throws<DomainException>(() => settings.SetCacheMultipliers(Dec(write), Dec(read)));

        Assert.Equal(field, Assert.Single(refusal.Rules).Field);
        Assert.Equal(CacheMultipliers.Notice, settings.CacheMultipliers);
    }

    [Fact]
    public void Both_multipliers_wrong_are_reported_together()
    {
        var refusal = Assert.Throws<DomainException>(() => ProgramSettings.Defaults().SetCacheMultipliers(0m, 0m));

        Assert.Equal(["CacheWriteMultiplier", "CacheReadMultiplier"], refusal.Rules.Select(r => r.Field));
    }

    [Fact]
    public void The_upper_bound_itself_is_allowed()
    {
        var settings = ProgramSettings.Defaults();

        settings.SetCacheMultipliers(ProgramSettings.MaxCacheMultiplier, 0.0001m);

        Assert.Equal(new CacheMultipliers(10m, 0.0001m), settings.CacheMultipliers);
    }

    [Fact]
    public void The_phase_moves_to_general_availability_and_an_unknown_phase_is_refused()
    {
        var settings = ProgramSettings.Defaults();

        settings.MoveTo(ProgramPhase.GenerallyAvailable);
        Assert.Equal(ProgramPhase.GenerallyAvailable, settings.Phase);
        Assert.Equal("Phase", Assert.Throws<DomainException>(() => settings.MoveTo((ProgramPhase)7)).Field);
        Assert.Equal(ProgramPhase.GenerallyAvailable, settings.Phase);
    }

    [Fact]
    public void Second_approval_is_switched_on_and_off()
    {
        var settings = ProgramSettings.Defaults();

        settings.SetSecondApproval(true);
        Assert.True(settings.RequireSecondApproval);
        settings.SetSecondApproval(false);
        Assert.False(settings.RequireSecondApproval);
    }

    [Fact]
    public void A_country_is_added_by_its_code_once()
    {
        var listed = new HashSet<string>(UnsupportedCountry.Seed, StringComparer.Ordinal);

        Assert.Equal("VE", UnsupportedCountry.Add(" ve ", listed).Code);
        Assert.Equal("Code", Assert.Throws<DomainException>(() => UnsupportedCountry.Add("cn", listed)).Field);
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("USA")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_country_code_is_refused_on_its_field(string? code)
    {
        var refusal = Assert.Throws<DomainException>(() => UnsupportedCountry.Add(code, new HashSet<string>(StringComparer.Ordinal)));

        Assert.Equal("Code", refusal.Field);
        Assert.Contains(Countries.Expected, refusal.Message, StringComparison.Ordinal);
    }

    private static decimal Dec(string value) => decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
}
