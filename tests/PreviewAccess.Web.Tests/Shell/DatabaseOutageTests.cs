using System.Diagnostics;
using System.Net.Http.Json;

namespace PreviewAccess.Web.Tests.Shell;

/// <summary>
/// The database goes away under a running portal (its connection cut by a <see cref="DatabaseLink"/>): readiness says
/// so within a second, an API write is a 503 problem with Retry-After within seconds, a page is the "try again" page,
/// never a hang and never a 500; when the database is back, everything answers again. In the collection that runs
/// alone: the readiness figure is a time.
/// </summary>
[Collection(UndisturbedCollectionDefinition.Name)]
public sealed class DatabaseOutageTests(PostgresServer postgres) : ApiTest(postgres)
{
    private readonly DatabaseLink _link = new();

    protected override string RouteDatabase(string connectionString) => _link.Route(connectionString);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _link.DisposeAsync();
    }

    [Fact]
    public async Task While_the_database_is_away_the_portal_answers_503_at_once_and_recovers_when_it_is_back()
    {
        using (var before = await Client.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        _link.Cut();

        var ready = Stopwatch.StartNew();
        using (var readiness = await Client.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
        }

        Assert.True(ready.Elapsed < TimeSpan.FromSeconds(1), $"Readiness answered after {ready.Elapsed.TotalMilliseconds:0} ms.");

        var write = Stopwatch.StartNew();
        var organization = new { name = TestData.UniqueName("Outage"), country = "US", accountRepEmail = Rep.Email };
        using (var refused = await Client.PostAsJsonAsync("/api/v1/organizations", organization))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
            Assert.Contains("Idempotency-Key", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.True(write.Elapsed < TimeSpan.FromSeconds(8), $"The write answered after {write.Elapsed.TotalMilliseconds:0} ms.");

        using var browser = App.CreateClient();
        var read = Stopwatch.StartNew();
        using (var page = await browser.GetAsync(new Uri("/Program", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), page.Headers.RetryAfter?.Delta);
            Assert.Contains("Try again in a moment", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.True(read.Elapsed < TimeSpan.FromSeconds(8), $"The page answered after {read.Elapsed.TotalMilliseconds:0} ms.");

        _link.Restore();

        var back = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var readiness = await Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            status = readiness.StatusCode;
            if (status != HttpStatusCode.OK) await Task.Delay(100);
        }
        while (status != HttpStatusCode.OK && back.Elapsed < TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.OK, status);
        using var created = await Client.PostAsJsonAsync("/api/v1/organizations", organization);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var program = await browser.GetAsync(new Uri("/Program", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, program.StatusCode);
    }
}
