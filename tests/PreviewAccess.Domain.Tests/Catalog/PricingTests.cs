using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;

namespace PreviewAccess.Domain.Tests.Catalog;

/// <summary>
/// Prices per 1,000,000 tokens, exact in <c>decimal</c>: a cache write costs 1.25 × the uncached input
/// rate, a cache read 0.10 × (the 90 % cached-input discount).
/// </summary>
public sealed class PricingTests
{
    private const long OneMillion = 1_000_000;

    private static PreviewModel Model(string modelId) => PreviewModel.Launch().Single(m => m.ModelId == modelId);

    private static CostEstimate Estimate(string modelId, long input = 0, long cacheWrite = 0, long cacheRead = 0, long output = 0) =>
        Pricing.Estimate(Model(modelId), new TokenUsage(input, cacheWrite, cacheRead, output), CacheMultipliers.Notice);

    [Theory]
    [InlineData("gpt-5.6-sol", "GPT-5.6 Sol", "5.00", "30.00")]
    [InlineData("gpt-5.6-terra", "GPT-5.6 Terra", "2.50", "15.00")]
    [InlineData("gpt-5.6-luna", "GPT-5.6 Luna", "1.00", "6.00")]
    public void The_three_models_are_seeded_with_the_notice_s_prices(string modelId, string name, string input, string output)
    {
        var model = Model(modelId);

        Assert.Equal(name, model.Name);
        Assert.Equal(decimal.Parse(input, System.Globalization.CultureInfo.InvariantCulture), model.InputPerMillion);
        Assert.Equal(decimal.Parse(output, System.Globalization.CultureInfo.InvariantCulture), model.OutputPerMillion);
    }

    [Fact]
    public void The_preview_has_exactly_three_models()
    {
        Assert.Equal(["gpt-5.6-sol", "gpt-5.6-terra", "gpt-5.6-luna"], PreviewModel.Launch().Select(m => m.ModelId));
    }

    [Fact]
    public void The_notice_s_cache_multipliers_are_one_and_a_quarter_and_one_tenth()
    {
        Assert.Equal(1.25m, CacheMultipliers.Notice.Write);
        Assert.Equal(0.10m, CacheMultipliers.Notice.Read);
        Assert.Equal(CacheMultipliers.Notice, ProgramSettings.Defaults().CacheMultipliers);
    }

    [Fact]
    public void Other_multipliers_change_only_the_cache_parts_of_an_estimate()
    {
        var estimate = Pricing.Estimate(Model("gpt-5.6-sol"), new TokenUsage(OneMillion, OneMillion, OneMillion, OneMillion), new CacheMultipliers(2m, 0.5m));

        Assert.Equal(5m, estimate.UncachedInputUsd);
        Assert.Equal(10m, estimate.CacheWriteUsd);
        Assert.Equal(2.5m, estimate.CacheReadUsd);
        Assert.Equal(30m, estimate.OutputUsd);
    }

    [Fact]
    public void The_cache_rates_per_million_are_the_input_rate_times_the_multipliers()
    {
        var terra = Model("gpt-5.6-terra");

        Assert.Equal(3.125m, Pricing.CacheWritePerMillion(terra, CacheMultipliers.Notice));
        Assert.Equal(0.25m, Pricing.CacheReadPerMillion(terra, CacheMultipliers.Notice));
        Assert.Equal(5m, Pricing.CacheWritePerMillion(terra, new CacheMultipliers(2m, 0.5m)));
    }

    [Theory]
    [InlineData("gpt-5.6-sol", "5", "30")]
    [InlineData("gpt-5.6-terra", "2.5", "15")]
    [InlineData("gpt-5.6-luna", "1", "6")]
    public void A_million_uncached_input_or_output_tokens_cost_the_list_price(string modelId, string input, string output)
    {
        Assert.Equal(Dec(input), Estimate(modelId, input: OneMillion).UncachedInputUsd);
        Assert.Equal(Dec(output), Estimate(modelId, output: OneMillion).OutputUsd);
    }

    [Theory]
    [InlineData("gpt-5.6-sol", "6.25")]
    [InlineData("gpt-5.6-terra", "3.125")]
    [InlineData("gpt-5.6-luna", "1.25")]
    public void A_million_cache_write_tokens_cost_one_and_a_quarter_times_the_input_rate(string modelId, string expected)
    {
        var estimate = Estimate(modelId, cacheWrite: OneMillion);

        Assert.Equal(Dec(expected), estimate.CacheWriteUsd);
        Assert.Equal(Dec(expected), estimate.TotalUsd);
    }

    [Theory]
    [InlineData("gpt-5.6-sol", "0.50")]
    [InlineData("gpt-5.6-terra", "0.25")]
    [InlineData("gpt-5.6-luna", "0.10")]
    public void A_million_cache_read_tokens_cost_a_tenth_of_the_input_rate(string modelId, string expected)
    {
        var estimate = Estimate(modelId, cacheRead: OneMillion);

        Assert.Equal(Dec(expected), estimate.CacheReadUsd);
        Assert.Equal(Dec(expected), estimate.TotalUsd);
    }

    /// <summary>200,000 uncached input, 100,000 cache-write, 1,000,000 cache-read and 50,000 output tokens.</summary>
    [Theory]
    [InlineData("gpt-5.6-sol", "1.00", "0.625", "0.50", "1.50", "3.625")]
    [InlineData("gpt-5.6-terra", "0.50", "0.3125", "0.25", "0.75", "1.8125")]
    [InlineData("gpt-5.6-luna", "0.20", "0.125", "0.10", "0.30", "0.725")]
    public void A_mixed_request_costs_the_sum_of_its_four_parts_exactly(string modelId, string input, string cacheWrite,
        string cacheRead, string output, string total)
    {
        var estimate = Estimate(modelId, input: 200_000, cacheWrite: 100_000, cacheRead: 1_000_000, output: 50_000);

        Assert.Equal(modelId, estimate.ModelId);
        Assert.Equal(Dec(input), estimate.UncachedInputUsd);
        Assert.Equal(Dec(cacheWrite), estimate.CacheWriteUsd);
        Assert.Equal(Dec(cacheRead), estimate.CacheReadUsd);
        Assert.Equal(Dec(output), estimate.OutputUsd);
        Assert.Equal(Dec(total), estimate.TotalUsd);
    }

    [Theory]
    [InlineData("gpt-5.6-sol", "0.000005", "0.00000625", "0.0000005", "0.00003")]
    [InlineData("gpt-5.6-terra", "0.0000025", "0.000003125", "0.00000025", "0.000015")]
    [InlineData("gpt-5.6-luna", "0.000001", "0.00000125", "0.0000001", "0.000006")]
    public void A_single_token_is_priced_without_rounding(string modelId, string input, string cacheWrite, string cacheRead, string output)
    {
        var estimate = Estimate(modelId, input: 1, cacheWrite: 1, cacheRead: 1, output: 1);

        Assert.Equal(Dec(input), estimate.UncachedInputUsd);
        Assert.Equal(Dec(cacheWrite), estimate.CacheWriteUsd);
        Assert.Equal(Dec(cacheRead), estimate.CacheReadUsd);
        Assert.Equal(Dec(output), estimate.OutputUsd);
    }

    [Fact]
    public void Caching_a_prompt_that_is_read_back_ten_times_costs_less_than_sending_it_uncached()
    {
        const long prompt = 100_000;
        var cached = Estimate("gpt-5.6-sol", cacheWrite: prompt, cacheRead: 10 * prompt).TotalUsd;
        var uncached = Estimate("gpt-5.6-sol", input: 11 * prompt).TotalUsd;

        Assert.Equal(1.125m, cached);
        Assert.Equal(5.5m, uncached);
    }

    [Fact]
    public void Nothing_used_costs_nothing()
    {
        Assert.Equal(0m, Estimate("gpt-5.6-sol").TotalUsd);
    }

    [Fact]
    public void Negative_token_counts_are_refused()
    {
        Assert.Throws<DomainException>(() => Estimate("gpt-5.6-sol", input: -1));
        Assert.Throws<DomainException>(() => Estimate("gpt-5.6-sol", cacheWrite: -1));
        Assert.Throws<DomainException>(() => Estimate("gpt-5.6-sol", cacheRead: -1));
        Assert.Throws<DomainException>(() => Estimate("gpt-5.6-sol", output: -1));
    }

    [Fact]
    public void Prices_are_data_an_admin_edits_and_the_estimate_follows_them()
    {
        var model = Model("gpt-5.6-sol");

        model.SetPrices(4.00m, 20.00m);
        var estimate = Pricing.Estimate(model, new TokenUsage(OneMillion, OneMillion, OneMillion, OneMillion), CacheMultipliers.Notice);

        Assert.Equal(4.00m, estimate.UncachedInputUsd);
        Assert.Equal(5.00m, estimate.CacheWriteUsd);
        Assert.Equal(0.40m, estimate.CacheReadUsd);
        Assert.Equal(20.00m, estimate.OutputUsd);
        Assert.Equal(29.40m, estimate.TotalUsd);
    }

    [Fact]
    public void A_price_cannot_be_negative_and_the_refusal_names_the_price()
    {
        var model = Model("gpt-5.6-luna");

        Assert.Equal("InputPerMillion", Assert.Throws<DomainException>(() => model.SetPrices(-0.01m, 6m)).Field);
        Assert.Equal("OutputPerMillion", Assert.Throws<DomainException>(() => model.SetPrices(1m, -0.01m)).Field);
        Assert.Equal(2, Assert.Throws<DomainException>(() => model.SetPrices(-1m, -1m)).Rules.Count);
        Assert.Equal((1.00m, 6.00m), (model.InputPerMillion, model.OutputPerMillion));
    }

    [Theory]
    [InlineData("10000.000001")]
    [InlineData("1.0000001")]
    public void A_price_past_the_ceiling_or_finer_than_a_millionth_is_refused(string price)
    {
        var model = Model("gpt-5.6-luna");

        Assert.Equal("InputPerMillion", Assert.Throws<DomainException>(() => model.SetPrices(Dec(price), 6m)).Field);
        Assert.Equal(1.00m, model.InputPerMillion);
    }

    [Fact]
    public void A_free_model_and_the_highest_price_are_accepted()
    {
        var model = Model("gpt-5.6-luna");

        model.SetPrices(0m, PreviewModel.MaxPricePerMillion);

        Assert.Equal((0m, 10_000m), (model.InputPerMillion, model.OutputPerMillion));
    }

    [Fact]
    public void A_model_needs_an_id_and_a_name()
    {
        Assert.Equal("ModelId", Assert.Throws<DomainException>(() => new PreviewModel(" ", "Name", 1m, 1m)).Field);
        Assert.Equal("ModelId", Assert.Throws<DomainException>(() => new PreviewModel(new string('m', PreviewModel.MaxIdLength + 1), "Name", 1m, 1m)).Field);
        Assert.Equal("ModelId", Assert.Throws<DomainException>(() => new PreviewModel("GPT 5.6 Nova", "Name", 1m, 1m)).Field);
        Assert.Equal("Name", Assert.Throws<DomainException>(() => new PreviewModel("gpt-5.6-nova", " ", 1m, 1m)).Field);
        Assert.Equal("InputPerMillion", Assert.Throws<DomainException>(() => new PreviewModel("gpt-5.6-nova", "Nova", -1m, 1m)).Field);
        var added = new PreviewModel(" gpt-5.6-nova ", " GPT-5.6 Nova ", 1m, 1m);
        Assert.Equal(("gpt-5.6-nova", "GPT-5.6 Nova"), (added.ModelId, added.Name));
    }

    [Fact]
    public void Very_large_usage_does_not_overflow()
    {
        var estimate = Estimate("gpt-5.6-sol", input: 1_000_000_000_000, cacheWrite: 1_000_000_000_000, cacheRead: 1_000_000_000_000, output: 1_000_000_000_000);

        Assert.Equal(5_000_000m + 6_250_000m + 500_000m + 30_000_000m, estimate.TotalUsd);
    }

    private static decimal Dec(string value) => decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
}
