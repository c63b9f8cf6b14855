namespace PreviewAccess.Web.Tests.Shell;

/// <summary>
/// The portal as deployed: the Production environment on Kestrel, behind a TLS-terminating proxy on 127.0.0.1 that is
/// the one configured known proxy. People reach it through the proxy from their own addresses (127.0.0.3, 127.0.0.4, …);
/// an attacker goes around the proxy from 127.0.0.2 with headers of their own making.
/// </summary>
[Collection(SignInAndShellCollectionDefinition.Name)]
public sealed class ProductionBehindProxyTests(PostgresServer postgres) : PortalTest(postgres)
{
    private const string PublicHost = "portal.test";
    private const int AcceptPermitsPerMinute = 3;

    private static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.2");

    private TlsTerminatingProxy _proxy = null!;

    protected override string EnvironmentName => "Production";

    protected override IDictionary<string, string?> Settings => ProductionSettings(new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Plain http on 127.0.0.1: TLS ends at the proxy.
        _proxy = await TlsTerminatingProxy.StartAsync(App.StartOnKestrel().RootUri);
    }

    public override async Task DisposeAsync()
    {
        if (_proxy is not null) await _proxy.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Signing_in_through_the_https_proxy_works_in_Production()
    {
        using var browser = _proxy.Client(IPAddress.Parse("127.0.0.3"), PublicHost);

        var login = await browser.GetPageAsync("/Account/Login");
        using var signedIn = await browser.SubmitAsync(login, "main form",
            new Dictionary<string, string> { ["Input.Email"] = "admin@previewaccess.example", ["Input.Password"] = Features.Seeding.DemoData.Password });

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using var admin = await browser.GetAsync(new Uri("/Admin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task Answers_through_the_https_proxy_carry_HSTS()
    {
        using var browser = _proxy.Client(IPAddress.Parse("127.0.0.3"), PublicHost);

        using var response = await browser.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_through_the_proxy_names_the_public_https_address()
    {
        using var browser = _proxy.Client(IPAddress.Parse("127.0.0.3"), PublicHost);

        using var response = await browser.GetAsync(new Uri("/Admin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("https", location.Scheme);
        Assert.Equal(PublicHost, location.Host);
        Assert.Equal("/Account/Login", location.AbsolutePath);
    }

    [Fact]
    public async Task The_accept_page_limits_each_real_client_behind_the_proxy_on_its_own()
    {
        using var first = _proxy.Client(IPAddress.Parse("127.0.0.4"), PublicHost);
        using var second = _proxy.Client(IPAddress.Parse("127.0.0.5"), PublicHost);

        for (var i = 0; i < AcceptPermitsPerMinute; i++)
        {
            using var allowed = await first.GetAsync(AcceptLink("guess-" + i));
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await first.GetAsync(AcceptLink("one-too-many"));
        using var someoneElse = await second.GetAsync(AcceptLink("guess-0"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, someoneElse.StatusCode);
    }

    [Fact]
    public async Task The_API_limits_invitation_acceptances_per_real_client_behind_the_proxy()
    {
        using var first = _proxy.Client(IPAddress.Parse("127.0.0.6"), PublicHost);
        using var second = _proxy.Client(IPAddress.Parse("127.0.0.7"), PublicHost);

        for (var i = 0; i < AcceptPermitsPerMinute; i++)
        {
            using var allowed = await AcceptThroughApiAsync(first, "guess-" + i);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }

        using var refused = await AcceptThroughApiAsync(first, "one-too-many");
        using var someoneElse = await AcceptThroughApiAsync(second, "guess-0");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, someoneElse.StatusCode);
    }

    [Fact]
    public async Task Forwarded_headers_forged_by_an_address_that_is_not_the_proxy_are_ignored()
    {
        using var attacker = TlsTerminatingProxy.DirectClient(Attacker, App.RootUri, PublicHost);

        // Believed, the forged scheme would open the pages over plain http, and a new "client address" on every
        // request would escape every per-address limit. Not believed, the request is plain http: refused, and no
        // redirect either (a proxy the portal does not trust would otherwise send the browser round in circles).
        for (var i = 0; i <= AcceptPermitsPerMinute; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, AcceptLink("guess-" + i));
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            request.Headers.Add("X-Forwarded-Proto", "https");
            using var response = await attacker.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Null(response.Headers.Location);
            // Still plain http to the portal: no HSTS, which is only ever sent over https.
            Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        }
    }

    [Fact]
    public async Task A_page_asked_for_over_plain_http_is_redirected_permanently_to_the_same_address_on_https()
    {
        using var direct = TlsTerminatingProxy.DirectClient(IPAddress.Parse("127.0.0.9"), App.RootUri, PublicHost);

        using var response = await direct.GetAsync(new Uri("/Account/Login?ReturnUrl=%2FAdmin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal($"https://{PublicHost}/Account/Login?ReturnUrl=%2FAdmin", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_form_posted_over_plain_http_gets_a_400_page_saying_the_portal_is_served_over_https()
    {
        using var direct = TlsTerminatingProxy.DirectClient(IPAddress.Parse("127.0.0.9"), App.RootUri, PublicHost);

        using var response = await direct.PostAsync(new Uri("/Account/Login", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "admin@previewaccess.example", ["Input.Password"] = "x" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("served over https", page.Text(), StringComparison.Ordinal);
        Assert.Equal($"https://{PublicHost}/Account/Login", page.QuerySelector("main a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Over_plain_http_the_API_answers_a_400_problem_and_the_health_probes_keep_answering()
    {
        using var direct = TlsTerminatingProxy.DirectClient(IPAddress.Parse("127.0.0.9"), App.RootUri, PublicHost);
        using var onTheMachine = TlsTerminatingProxy.DirectClient(IPAddress.Parse("127.0.0.9"), App.RootUri, "127.0.0.1");

        using var api = await direct.GetAsync(new Uri("/api/v1/organizations", UriKind.Relative));
        using var live = await direct.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await onTheMachine.GetAsync(new Uri("/health/ready", UriKind.Relative));
        // A gateway or probe on the machine itself may still call the API over plain http (the key is then checked as usual).
        using var local = await onTheMachine.GetAsync(new Uri("/api/v1/organizations", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonDocument.Parse(await api.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains($"https://{PublicHost}/api/v1/organizations", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, local.StatusCode);
    }

    [Fact]
    public async Task A_client_address_forged_through_the_proxy_does_not_escape_the_limit()
    {
        // The proxy appends the address it sees to what the client claims: only the last hop's word counts.
        using var client = _proxy.Client(IPAddress.Parse("127.0.0.8"), PublicHost);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i <= AcceptPermitsPerMinute; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, AcceptLink("guess-" + i));
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            using var response = await client.SendAsync(request);
            answers.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, AcceptPermitsPerMinute), HttpStatusCode.TooManyRequests], answers);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("portal.test.evil.example")]
    public async Task A_forged_host_is_refused_through_the_proxy_and_around_it(string forgedHost)
    {
        using var throughProxy = _proxy.Client(IPAddress.Parse("127.0.0.3"), forgedHost);
        using var aroundProxy = TlsTerminatingProxy.DirectClient(Attacker, App.RootUri, forgedHost);

        using var viaProxy = await throughProxy.GetAsync(new Uri("/Admin", UriKind.Relative));
        using var direct = await aroundProxy.GetAsync(new Uri("/Admin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, viaProxy.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, direct.StatusCode);
        Assert.Null(viaProxy.Headers.Location);
        Assert.Null(direct.Headers.Location);
    }

    [Fact]
    public async Task Without_known_proxies_not_even_a_loopback_proxy_is_trusted()
    {
        await using var portal = new PortalApp(await Postgres.CreateMigratedDatabaseAsync("proxy_off"), environment: "Production", settings: ProductionSettings()).StartOnKestrel();
        await using var proxy = await TlsTerminatingProxy.StartAsync(portal.RootUri);
        using var browser = proxy.Client(IPAddress.Parse("127.0.0.3"), PublicHost);

        // The proxy's X-Forwarded-Proto is not believed: the portal sees plain http, and says so instead of redirecting
        // the browser back to the very https address it came from (round in circles) or failing on the first form.
        using var page = await browser.GetAsync(new Uri("/Account/Login", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Null(page.Headers.Location);
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
        Assert.Contains("served over https", (await HtmlForms.ParseAsync(page)).Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AllowedHosts", "*", "AllowedHosts")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "not-an-address", "ForwardedHeaders:KnownProxies")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33", "ForwardedHeaders:KnownNetworks")]
    [InlineData("ForwardedHeaders:ForwardLimit", "0", "ForwardedHeaders:ForwardLimit")]
    [InlineData("ForwardedHeaders_Enabled", "true", "ASPNETCORE_FORWARDEDHEADERS_ENABLED")]
    [InlineData("Portal:PublicUrl", "not a url", "Portal:PublicUrl")]
    public async Task A_setting_that_would_trust_too_much_or_cannot_be_read_stops_Production_start_up_naming_it(string key, string value, string named)
    {
        await using var portal = new PortalApp(await Postgres.CreateMigratedDatabaseAsync("proxy_refused"), environment: "Production",
            settings: ProductionSettings(new Dictionary<string, string?> { [key] = value }));

        var failure = Record.Exception(() => portal.Server);

        Assert.NotNull(failure);
        Assert.Contains(named, failure.GetBaseException().Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> ProductionSettings(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // AllowedHosts is left unset: it follows the public address.
            ["Portal:PublicUrl"] = $"https://{PublicHost}",
            ["Partner:AcceptInvitationPermitsPerMinute"] = AcceptPermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Api:RateLimits:AcceptInvitationPerMinute"] = AcceptPermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:DispatcherEnabled"] = "false",
            ["Rollout:WorkerEnabled"] = "false",
            ["Webhooks:DispatcherEnabled"] = "false",
        };
        foreach (var (key, value) in more ?? []) settings[key] = value;
        return settings;
    }

    private static Uri AcceptLink(string token) => new("/invitations/accept?token=" + Uri.EscapeDataString(token), UriKind.Relative);

    private static Task<HttpResponseMessage> AcceptThroughApiAsync(HttpClient client, string token) =>
        client.PostAsync(new Uri("/api/v1/invitations/accept", UriKind.Relative),
            new StringContent($$"""{"token":"{{token}}"}""", System.Text.Encoding.UTF8, "application/json"));
}
