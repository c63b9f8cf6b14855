using System.Net;
using AngleSharp.Html.Dom;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Catalog;
using PreviewAccess.Web.Tests.Hosting;

namespace PreviewAccess.Web.Tests.Partner;

/// <summary>The cost estimator: per part and total from the catalog's prices, exact to the last digit, on every model.</summary>
[Collection(PartnerCollectionDefinition.Name)]
public sealed class CostEstimatorTests(SharedPortal portal) : PortalTest(portal)
{
    private static readonly string[] CatalogOrder = ["gpt-5.6-sol", "gpt-5.6-terra", "gpt-5.6-luna"];

    [Fact]
    public async Task Each_part_and_the_total_are_exact_decimals_from_the_catalogs_prices()
    {
        using var client = await SignedInAsync();

        var page = await EstimateAsync(client, "gpt-5.6-sol", "1,234,567", "200 000", "3_000_000", "45678");

        // Sol: input $5.00, output $30.00 per 1M; a cache write is 1.25 × input, a read 0.10 × input.
        Assert.Equal("$6.172835", Part(page, "uncached-input"));
        Assert.Equal("$1.25", Part(page, "cache-write"));
        Assert.Equal("$1.50", Part(page, "cache-read"));
        Assert.Equal("$1.37034", Part(page, "output"));
        Assert.Equal("$10.293175", Part(page, "total"));
        Assert.Equal("$6.17", Shown(page, "uncached-input"));
        Assert.Equal("$1.25", Shown(page, "cache-write"));
        Assert.Equal("$1.50", Shown(page, "cache-read"));
        Assert.Equal("$1.37", Shown(page, "output"));
        Assert.Equal("$10.29", Shown(page, "total"));
    }

    [Fact]
    public async Task A_single_token_is_priced_to_its_last_digit()
    {
        using var client = await SignedInAsync();

        var page = await EstimateAsync(client, "gpt-5.6-sol", "1", "1", "1", "1");

        Assert.Equal("$0.000005", Part(page, "uncached-input"));
        Assert.Equal("$0.00000625", Part(page, "cache-write"));
        Assert.Equal("$0.0000005", Part(page, "cache-read"));
        Assert.Equal("$0.00003", Part(page, "output"));
        Assert.Equal("$0.00004175", Part(page, "total"));
        Assert.Equal("< $0.01", Shown(page, "total"));
    }

    [Fact]
    public async Task The_same_tokens_are_compared_across_the_three_models()
    {
        using var client = await SignedInAsync();

        var page = await EstimateAsync(client, "gpt-5.6-terra", "1000000", "1000000", "1000000", "1000000");

        var rows = page.QuerySelectorAll("#comparison tbody tr");
        Assert.Equal(CatalogOrder, rows.Select(r => r.GetAttribute("data-model")));
        // Per 1M of each: input + 1.25 input + 0.10 input + output.
        Assert.Equal("$41.75", Total(page, "gpt-5.6-sol"));
        Assert.Equal("$20.875", Total(page, "gpt-5.6-terra"));
        Assert.Equal("$8.35", Total(page, "gpt-5.6-luna"));
        Assert.Contains("(chosen)", page.QuerySelector("#comparison tr[data-model='gpt-5.6-terra']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("$20.875", Part(page, "total"));
    }

    [Fact]
    public async Task The_estimate_matches_the_domains_pricing_for_every_model()
    {
        using var client = await SignedInAsync();
        var usage = new TokenUsage(987_654_321, 12_345, 67_890, 1_111_111);

        var page = await EstimateAsync(client, "gpt-5.6-luna", "987654321", "12345", "67890", "1111111");

        foreach (var model in PreviewModel.Launch())
        {
            Assert.Equal(CostEstimator.ExactUsd(Pricing.Estimate(model, usage, CacheMultipliers.Notice).TotalUsd), Total(page, model.ModelId));
        }
    }

    public static TheoryData<string, string> BadCounts => new()
    {
        { "Input.UncachedInputTokens", "-5" },
        { "Input.CacheWriteTokens", "1.5" },
        { "Input.CacheReadTokens", "lots" },
        { "Input.OutputTokens", "1000000000001" },
        { "Input.OutputTokens", "99999999999999999999999999999999" },
    };

    [Theory]
    [MemberData(nameof(BadCounts))]
    public async Task A_count_that_is_not_a_whole_number_of_tokens_gets_an_error_on_its_field(string field, string value)
    {
        using var client = await SignedInAsync();
        var values = new Dictionary<string, string>
        {
            ["Input.ModelId"] = "gpt-5.6-sol", ["Input.UncachedInputTokens"] = "1", ["Input.CacheWriteTokens"] = "2", ["Input.CacheReadTokens"] = "3", ["Input.OutputTokens"] = "4",
        };
        values[field] = value;

        using var response = await client.GetAsync(new Uri("/Partner/Cost?" + string.Join('&', values.Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value)}")), UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Equal("Enter a whole number of tokens from 0 to 1,000,000,000,000.", page.FieldError(field));
        Assert.Equal(value, page.FieldValue(field));
        Assert.Null(page.QuerySelector("#estimate"));
    }

    [Fact]
    public async Task A_model_outside_the_catalog_is_refused()
    {
        using var client = await SignedInAsync();

        var page = await EstimateAsync(client, "gpt-4o", "1", "0", "0", "0", expectEstimate: false);

        Assert.Equal("Choose one of the preview's models.", page.FieldError("Input.ModelId"));
    }

    [Fact]
    public async Task The_first_visit_offers_an_example_and_no_answer_yet()
    {
        using var client = await SignedInAsync();

        var page = await client.GetPageAsync("/Partner/Cost");

        Assert.Equal("gpt-5.6-sol", page.FieldValue("Input.ModelId"));
        Assert.Equal("1,000,000", page.FieldValue("Input.UncachedInputTokens"));
        Assert.Null(page.QuerySelector("#estimate"));
        Assert.Null(page.QuerySelector(".field-validation-error"));
    }

    private async Task<HttpClient> SignedInAsync()
    {
        var organization = await Data.EnrolledAsync([Surface.Api]);
        return await Data.SignedInAsync(await Data.PartnerAsync(organization));
    }

    private static async Task<IHtmlDocument> EstimateAsync(HttpClient client, string model, string uncached, string write, string read, string output, bool expectEstimate = true)
    {
        var page = await client.GetPageAsync("/Partner/Cost?Input.ModelId=" + Uri.EscapeDataString(model)
            + "&Input.UncachedInputTokens=" + Uri.EscapeDataString(uncached) + "&Input.CacheWriteTokens=" + Uri.EscapeDataString(write)
            + "&Input.CacheReadTokens=" + Uri.EscapeDataString(read) + "&Input.OutputTokens=" + Uri.EscapeDataString(output));
        if (expectEstimate) Assert.True(page.QuerySelector("#estimate") is not null, "No estimate: " + page.Words());
        return page;
    }

    /// <summary>The exact figure, offered on hover; the cell shows it to the cent.</summary>
    private static string Part(IHtmlDocument page, string part) => page.QuerySelector($"#estimate [data-part='{part}'] data")!.GetAttribute("title")!;

    private static string Shown(IHtmlDocument page, string part) => page.QuerySelector($"#estimate [data-part='{part}']")!.TextContent.Trim();

    private static string Total(IHtmlDocument page, string model) =>
        page.QuerySelector($"#comparison tr[data-model='{model}'] [data-part='total'] data")!.GetAttribute("title")!;
}
