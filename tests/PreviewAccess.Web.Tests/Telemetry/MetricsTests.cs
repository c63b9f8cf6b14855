using PreviewAccess.Data.Identity;
using static PreviewAccess.Web.Tests.Hosting.TestData;

namespace PreviewAccess.Web.Tests.Telemetry;

/// <summary>
/// The portal's metrics at <c>/metrics</c> (Prometheus text): what the gateways asked and were answered, the access
/// snapshot's freshness, the queues, the enablements; readable by signed-in Admin and Support staff and by clients
/// in <c>Telemetry:MetricsNetworks</c>, and by nobody else.
/// </summary>
[Collection(UndisturbedCollectionDefinition.Name)]
public sealed class MetricsTests(PostgresServer postgres) : ApiTest(postgres)
{
    // No client of the in-memory test server is in this range: only staff may read the metrics here.
    protected override IDictionary<string, string?> ApiSettings => new Dictionary<string, string?> { ["Telemetry:MetricsNetworks"] = "192.0.2.0/24" };

    [Fact]
    public async Task Access_checks_are_counted_by_surface_and_reason()
    {
        var (organizationId, apiOrg, _, email) = await UnderReviewAsync();
        var grantId = await ApproveAsync(organizationId, "Api", apiOrg, email, Sol);
        await RecordGovernmentCoordinationAsync(organizationId);
        await EnableAsync(grantId);
        await SettleAccessAsync();
        using var admin = await SignedInAsync(Admin);
        var before = await ScrapeAsync(admin);

        await CheckAsync("Api", apiOrg, email, "Allowed");
        await CheckAsync("Api", apiOrg, email, "Allowed");
        await CheckAsync("Api", NewApiOrganizationId(), "nobody@nowhere.example", "UnknownIdentifier");
        await CheckAsync("ChatGPT", apiOrg, email, "SurfaceNotInPreview");
        using (var malformed = await Client.GetAsync(new Uri($"/api/v1/access/check?surface=api&identifier={apiOrg}&email={email}&model={Sol}", UriKind.Relative)))
        {
            await ExpectInvalidAsync(malformed, "surface");
        }

        var after = await ScrapeAsync(admin);
        const string Checks = "previewaccess_access_checks_total";
        Assert.Equal(2, after.Sum(Checks, ("surface", "Api"), ("reason", "Allowed")) - before.Sum(Checks, ("surface", "Api"), ("reason", "Allowed")));
        Assert.Equal(1, after.Sum(Checks, ("surface", "Api"), ("reason", "UnknownIdentifier")) - before.Sum(Checks, ("surface", "Api"), ("reason", "UnknownIdentifier")));
        Assert.Equal(1, after.Sum(Checks, ("surface", "ChatGPT"), ("reason", "SurfaceNotInPreview")) - before.Sum(Checks, ("surface", "ChatGPT"), ("reason", "SurfaceNotInPreview")));
        // The gateway's own misspelling is never a label: one label value for every surface the contract does not know.
        Assert.Equal(1, after.Sum(Checks, ("surface", "Unknown"), ("reason", "InvalidInput")) - before.Sum(Checks, ("surface", "Unknown"), ("reason", "InvalidInput")));
        Assert.DoesNotContain("surface=\"api\"", after.Text, StringComparison.Ordinal);

        // The framework's own metrics are there too, the access check's route among them.
        Assert.True(after.Has("http_server_request_duration_seconds_count", ("http_route", "/api/v1/access/check")), "No request duration for the access check");
        Assert.True(after.Sum("previewaccess_grants_enabled_total") >= 1, "The enabled grant was not counted");
    }

    [Fact]
    public async Task The_snapshot_and_the_queues_are_measured()
    {
        // An invitation queues mail; no dispatcher runs here, so it stays in the outbox.
        await InviteAsync(await NominateAsync());
        await SettleAccessAsync();
        using var admin = await SignedInAsync(Admin);

        var scrape = await ScrapeAsync(admin);
        Assert.True(scrape.Sum("previewaccess_snapshot_reload_duration_seconds_count") >= 1, "No snapshot reload was timed");
        var age = Assert.Single(scrape.Samples("previewaccess_snapshot_age_seconds"));
        Assert.InRange(age, 0, 60);
        Assert.Single(scrape.Samples("previewaccess_snapshot_change_age_seconds"));

        // The queues are counted in the background, at most every 10 seconds: the first scrape may come before the first count.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!scrape.Has("previewaccess_outbox_pending") && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(100);
            scrape = await ScrapeAsync(admin);
        }

        Assert.True(scrape.Sum("previewaccess_outbox_pending") >= 1, "The queued invitation mail is not counted: " + Excerpt(scrape.Text, "previewaccess_outbox"));
        Assert.Equal(0, Assert.Single(scrape.Samples("previewaccess_webhooks_pending")));
    }

    [Fact]
    public async Task Support_staff_may_read_the_metrics_too()
    {
        var support = await Data.UserAsync(Roles.Support);
        using var client = await SignedInAsync(support);
        await ScrapeAsync(client);
    }

    [Fact]
    public async Task Anyone_else_outside_the_metrics_networks_gets_404()
    {
        using var anonymous = App.NewClient();
        await ExpectNotFoundAsync(anonymous);

        // Forwarded headers count only from the configured proxies; none are configured here.
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        forged.Headers.Add("X-Forwarded-For", "192.0.2.10");
        using (var response = await anonymous.SendAsync(forged)) Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        // An account representative is staff, but not of the operations the metrics are for.
        using var rep = await SignedInAsync(Rep);
        await ExpectNotFoundAsync(rep);

        // An API key, even an admin's with every scope, is for the API.
        await ExpectNotFoundAsync(Client);
    }

    [Fact]
    public async Task A_scraper_on_the_machine_reads_the_metrics_without_signing_in()
    {
        await using var portal = new PortalApp(await Postgres.CreateMigratedDatabaseAsync("metricsloop"), settings: QuietSettings()).StartOnKestrel();
        using var scraper = new HttpClient { BaseAddress = portal.RootUri };

        using var response = await scraper.GetAsync(new Uri("/metrics", UriKind.Relative));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/metrics from 127.0.0.1 answered {(int)response.StatusCode}");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE previewaccess_", text, StringComparison.Ordinal);

        // A proxy on the machine that the portal was not told of makes every client look local: what it forwards is refused.
        using var proxied = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var refused = await scraper.SendAsync(proxied);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task A_scraper_on_the_machine_gets_404_when_the_loopback_is_not_a_metrics_network()
    {
        var settings = QuietSettings();
        settings["Telemetry:MetricsNetworks"] = "10.0.0.0/8";
        await using var portal = new PortalApp(await Postgres.CreateMigratedDatabaseAsync("metricsnet"), settings: settings).StartOnKestrel();
        using var scraper = new HttpClient { BaseAddress = portal.RootUri };

        using var response = await scraper.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("0.0.0.0/0")]
    [InlineData("localhost")]
    public async Task A_metrics_network_that_is_not_a_range_or_lets_everyone_in_stops_start_up_with_its_name(string networks)
    {
        await using var portal = new PortalApp(await Postgres.CreateMigratedDatabaseAsync("metricsbad"), settings: new Dictionary<string, string?> { ["Telemetry:MetricsNetworks"] = networks });

        var failure = Record.Exception(() => portal.Server);

        Assert.NotNull(failure);
        Assert.Contains("Telemetry:MetricsNetworks", failure.GetBaseException().Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> QuietSettings() => new(StringComparer.Ordinal)
    {
        ["Mail:DispatcherEnabled"] = "false",
        ["Rollout:WorkerEnabled"] = "false",
        ["Webhooks:DispatcherEnabled"] = "false",
    };

    private async Task<HttpClient> SignedInAsync(TestUser user)
    {
        var client = App.NewClient();
        await SignInAsync(client, user);
        return client;
    }

    private async Task CheckAsync(string surface, string identifier, string email, string expectedReason)
    {
        using var response = await Client.GetAsync(new Uri($"/api/v1/access/check?surface={surface}&identifier={identifier}&email={Uri.EscapeDataString(email)}&model={Sol}", UriKind.Relative));
        Assert.Equal(expectedReason, (await ExpectAsync(response, HttpStatusCode.OK)).GetProperty("reason").GetString());
    }

    private static async Task<PrometheusText> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/metrics answered {(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
        return new PrometheusText(text);
    }

    private static async Task ExpectNotFoundAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("previewaccess_", text, StringComparison.Ordinal);
    }

    private static string Excerpt(string text, string prefix) =>
        string.Join('\n', text.Split('\n').Where(line => line.Contains(prefix, StringComparison.Ordinal)));
}
