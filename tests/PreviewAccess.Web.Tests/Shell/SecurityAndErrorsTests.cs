namespace PreviewAccess.Web.Tests.Shell;

[Collection(SignInAndShellCollectionDefinition.Name)]
public sealed class SecurityAndErrorsTests(PostgresServer postgres) : PortalTest(postgres)
{
    protected override bool SeedDemoData => false;

    [Theory]
    [InlineData("/")]
    [InlineData("/Account/Login")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Pages_carry_no_inline_script()
    {
        using var client = App.CreateClient();
        foreach (var path in new[] { "/", "/Account/Login", "/Program" })
        {
            var page = await client.GetPageAsync(path);
            Assert.All(page.Scripts, script => Assert.False(string.IsNullOrEmpty(script.Source), $"{path} has an inline script"));
        }
    }

    [Fact]
    public async Task An_unknown_page_gets_a_friendly_404()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync(new Uri("/no-such-page", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("Page not found", page.Text(), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("a[href='/']"));
    }

    [Fact]
    public async Task An_unknown_API_route_answers_with_problem_details()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync(new Uri("/api/v1/no-such-thing", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_program_page_shows_the_catalog_prices_with_cache_rates()
    {
        using var client = App.CreateClient();
        var text = (await client.GetPageAsync("/Program")).Text();

        Assert.Contains("gpt-5.6-sol", text, StringComparison.Ordinal);
        Assert.Contains("$6.25", text, StringComparison.Ordinal); // Sol cache write: 1.25 × $5.00
        Assert.Contains("$0.10", text, StringComparison.Ordinal);  // Luna cache read: 0.10 × $1.00
        Assert.Contains("No general-availability date has been announced", text, StringComparison.Ordinal);
    }
}
