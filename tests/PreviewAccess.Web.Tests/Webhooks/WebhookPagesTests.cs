using Microsoft.AspNetCore.Mvc.Testing;
using PreviewAccess.Domain.Webhooks;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Features.Webhooks;
using PreviewAccess.Web.Tests.Admin;

namespace PreviewAccess.Web.Tests.Webhooks;

/// <summary>
/// The webhook pages' guard rails: bad URLs and internal addresses refused on the field (and again when sending),
/// edits against a stale version refused, and the pages closed to everyone but admins.
/// </summary>
[Collection(RecordsAndSupportCollectionDefinition.Name)]
public sealed class WebhookPagesTests(PostgresServer postgres) : WebhookTest(postgres)
{
    /// <summary>The same database with the production default: no loopback or private networks.</summary>
    private WebApplicationFactory<Program> _strict = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _strict = App.WithWebHostBuilder(builder => builder.UseSetting("Webhooks:AllowPrivateNetworks", "false"));
    }

    public override async Task DisposeAsync()
    {
        if (_strict is not null) await _strict.DisposeAsync();
        await base.DisposeAsync();
    }

    [Theory]
    [InlineData("ftp://hooks.example.com/x", "must start with https:// or http://")]
    [InlineData("hooks.example.com/x", "Enter an absolute URL")]
    [InlineData("", "Enter the URL")]
    [InlineData("https://user:password@hooks.example.com/x", "must not contain a user name or password")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "cloud metadata")]
    [InlineData("http://169.254.10.20/hook", "link-local")]
    [InlineData("http://[fe80::1]/hook", "link-local")]
    [InlineData("http://[fd00:ec2::254]/", "cloud metadata")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata")]
    [InlineData("http://0.0.0.0:8080/hook", "unspecified")]
    [InlineData("http://224.0.0.1/hook", "multicast")]
    [InlineData("http://[::ffff:169.254.169.254]/", "cloud metadata")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/latest/meta-data/", "cloud metadata")]
    [InlineData("http://[2002:a9fe:101::1]/hook", "link-local")]
    [InlineData("http://[2001:0:4136:e378:8000:63bf:5601:5601]/", "cloud metadata")]
    public async Task A_url_that_is_not_http_or_points_inside_is_refused_on_its_field(string url, string expected)
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var before = await App.ReadAsync(db => db.WebhookEndpoints.CountAsync());
        var form = (await admin.GetPageAsync("/Admin/Webhooks/Create")).TickEvents("#webhook-form", "grant.enabled");

        var page = await admin.SubmitInvalidAsync(form, "#webhook-form", new Dictionary<string, string> { ["Input.Url"] = url });

        Assert.Contains(expected, page.FieldError("Input.Url"), StringComparison.Ordinal);
        Assert.Null(page.FieldError("Input.EventTypes"));
        Assert.Null(page.QuerySelector("#webhook-secret"));
        Assert.Equal(before, await App.ReadAsync(db => db.WebhookEndpoints.CountAsync()));
    }

    [Fact]
    public async Task No_events_a_short_secret_and_an_unknown_event_are_refused_on_their_fields()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var form = (await admin.GetPageAsync("/Admin/Webhooks/Create")).TickEvents("#webhook-form");
        var page = await admin.SubmitInvalidAsync(form, "#webhook-form", new Dictionary<string, string>
        {
            ["Input.Url"] = Receiver.HookUrl.ToString(), ["Input.Secret"] = "short",
        });
        Assert.Equal("Choose at least one event.", page.FieldError("Input.EventTypes"));
        Assert.Contains("24 to 200 characters", page.FieldError("Input.Secret"), StringComparison.Ordinal);
        Assert.Null(page.FieldError("Input.Url"));
        // The secret typed is not sent back into the page.
        Assert.DoesNotContain("short", page.QuerySelector("#Input_Secret")!.OuterHtml, StringComparison.Ordinal);

        var unknown = await admin.SubmitInvalidAsync(form, "#webhook-form", new Dictionary<string, string>
        {
            ["Input.Url"] = Receiver.HookUrl.ToString(), ["Input.EventTypes"] = "grant.deleted",
        });
        Assert.Contains("is not an event", unknown.FieldError("Input.EventTypes"), StringComparison.Ordinal);
        Assert.Equal(0, await App.ReadAsync(db => db.WebhookEndpoints.CountAsync()));
    }

    [Fact]
    public async Task Loopback_and_private_hosts_are_refused_unless_the_setting_allows_them()
    {
        using var strictAdmin = await _strict.SignedInAsync(DemoData.AdminEmail);
        foreach (var (url, expected) in new[]
                 {
                     ("http://127.0.0.1:9/hook", "loopback"), ("http://10.1.2.3/hook", "private-network"),
                     ("http://192.168.0.10/hook", "private-network"), ("http://localhost:9/hook", "loopback"),
                     ("http://[64:ff9b::a00:1]/hook", "private-network"), ("http://[2002:7f00:1::1]/hook", "loopback"),
                     ("http://[::10.0.0.1]/hook", "private-network"),
                 })
        {
            var form = (await strictAdmin.GetPageAsync("/Admin/Webhooks/Create")).TickEvents("#webhook-form", "grant.enabled");
            var page = await strictAdmin.SubmitInvalidAsync(form, "#webhook-form", new Dictionary<string, string> { ["Input.Url"] = url });
            Assert.Contains(expected, page.FieldError("Input.Url"), StringComparison.Ordinal);
        }

        // Allowed where the setting is on (Development, and this test's receiver).
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var allowed = (await admin.GetPageAsync("/Admin/Webhooks/Create")).TickEvents("#webhook-form", "grant.enabled");
        using var created = await admin.SubmitAsync(allowed, "#webhook-form", new Dictionary<string, string> { ["Input.Url"] = Receiver.HookUrl.ToString() });
        Assert.NotNull((await HtmlForms.ParseAsync(created)).QuerySelector("#webhook-secret"));
    }

    [Fact]
    public async Task Reloading_the_answer_that_shows_the_secret_registers_no_second_endpoint()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var url = new Uri(Receiver.HookUrl, "?reloaded=" + TestData.Unique()).ToString();
        var form = (await admin.GetPageAsync("/Admin/Webhooks/Create")).TickEvents("#webhook-form", "grant.enabled");
        using var created = await admin.SubmitAsync(form, "#webhook-form", new Dictionary<string, string> { ["Input.Url"] = url });
        var secret = (await HtmlForms.ParseAsync(created)).QuerySelector("#webhook-secret")!.GetAttribute("value")!;

        // The browser's reload of that answer sends the same form again.
        using var again = await admin.SubmitAsync(form, "#webhook-form", new Dictionary<string, string> { ["Input.Url"] = url });
        var page = await HtmlForms.ParseAsync(again);
        Assert.Null(page.QuerySelector("#webhook-secret"));
        Assert.Contains("no second endpoint was registered", page.QuerySelector("#webhook-already-created")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        await using var scope = App.Scope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<PortalDbContext>().WebhookEndpoints.CountAsync(e => e.Url == url));
    }

    [Fact]
    public async Task An_address_refused_when_sending_is_never_connected_to_even_if_registration_allowed_it()
    {
        // Registered where private networks were allowed; then the dispatcher of an instance that refuses them sends.
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var local = new UriBuilder(Receiver.HookUrl) { Host = "localhost" }.Uri;
        var form = (await admin.GetPageAsync("/Admin/Webhooks/Create")).TickEvents("#webhook-form", "grant.enabled");
        using var created = await admin.SubmitAsync(form, "#webhook-form", new Dictionary<string, string> { ["Input.Url"] = local.ToString() });
        var endpointId = Guid.Parse((await HtmlForms.ParseAsync(created)).QuerySelector("a[href*='/Admin/Webhooks/Details/']")!.GetAttribute("href")!.Split('/')[^1]);
        // And one whose stored URL names the metadata service (as if the database had been edited behind the pages' back).
        var metadataId = await InsertEndpointAsync("http://169.254.169.254/latest/meta-data/");

        foreach (var id in new[] { endpointId, metadataId })
        {
            var page = await admin.GetPageAsync($"/Admin/Webhooks/Details/{id}");
            await admin.SubmitAndFollowAsync(page, "#webhook-test-form", new Dictionary<string, string>());
        }

        await _strict.Services.GetRequiredService<WebhookDispatcher>().DispatchOnceAsync(CancellationToken.None);

        Assert.Empty(Receiver.Received);
        var deliveries = await App.ReadAsync(db => db.WebhookDeliveries.AsNoTracking().ToListAsync());
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d =>
        {
            Assert.Equal(WebhookDeliveryStatus.Pending, d.Status);
            Assert.Equal(1, d.Attempts);
            Assert.Null(d.LastStatusCode);
            Assert.StartsWith("Refused:", d.LastError, StringComparison.Ordinal);
        });
        Assert.Contains("loopback", deliveries.Single(d => d.EndpointId == endpointId).LastError, StringComparison.Ordinal);
        Assert.Contains("metadata", deliveries.Single(d => d.EndpointId == metadataId).LastError, StringComparison.Ordinal);
        var shown = await admin.GetPageAsync($"/Admin/Webhooks/Details/{metadataId}");
        Assert.Contains("Refused", shown.QuerySelector("#webhook-deliveries")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Retrying", shown.QuerySelector("#webhook-deliveries")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_saved_against_a_stale_version_are_refused_and_disabling_stops_new_events()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        using var other = await App.SignedInAsync(DemoData.AdminEmail);
        // Host names are resolved when saved; this machine resolves localhost (and nothing on the internet).
        var v2 = new UriBuilder(Receiver.HookUrl) { Host = "localhost", Path = "/v2" }.Uri.ToString();
        var endpointId = await InsertEndpointAsync(Receiver.HookUrl.ToString());
        var mine = await admin.GetPageAsync($"/Admin/Webhooks/Details/{endpointId}");
        var theirs = await other.GetPageAsync($"/Admin/Webhooks/Details/{endpointId}");

        var saved = await other.SubmitAndFollowAsync(theirs.TickEvents("#webhook-settings-form", "grant.enabled", "grant.revoked"), "#webhook-settings-form",
            new Dictionary<string, string> { ["Input.Url"] = v2 });
        Assert.Contains("saved", saved.Flash(), StringComparison.Ordinal);

        var stale = await admin.SubmitInvalidAsync(mine.TickEvents("#webhook-settings-form", "grant.suspended"), "#webhook-settings-form",
            new Dictionary<string, string> { ["Input.Url"] = Receiver.HookUrl + "?mine" });
        Assert.Contains("Someone else changed this", stale.FormErrors(), StringComparison.Ordinal);
        var stored = await App.ReadAsync(db => db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == endpointId));
        Assert.Equal(v2, stored.Url);
        Assert.Equal(["grant.enabled", "grant.revoked"], stored.EventTypes);

        // A bad URL on edit is a field error, and nothing changes.
        var fresh = await admin.GetPageAsync($"/Admin/Webhooks/Details/{endpointId}");
        var bad = await admin.SubmitInvalidAsync(fresh, "#webhook-settings-form", new Dictionary<string, string> { ["Input.Url"] = "http://169.254.169.254/" });
        Assert.Contains("cloud metadata", bad.FieldError("Input.Url"), StringComparison.Ordinal);

        // Disabled (the checkbox cleared): no delivery is queued for a change it subscribes to.
        var form = await admin.GetPageAsync($"/Admin/Webhooks/Details/{endpointId}");
        ((AngleSharp.Html.Dom.IHtmlInputElement)form.QuerySelector("#Input_Active")!).IsChecked = false;
        var disabled = await admin.SubmitAndFollowAsync(form, "#webhook-settings-form", new Dictionary<string, string>());
        Assert.Contains("Disabled", disabled.QuerySelector("h1")!.ParentElement!.TextContent, StringComparison.Ordinal);
        await using (var scope = App.Scope())
        {
            var grants = scope.ServiceProvider.GetRequiredService<Features.Grants.GrantChanges>();
            var grant = await App.ReadAsync(db => db.Grants.AsNoTracking().FirstAsync(g => g.Status == Domain.Grants.GrantStatus.Enabled));
            Assert.True((await grants.RevokeAsync(new Features.Grants.GrantReasonInput(grant.Id, "Ended"), CancellationToken.None)).Succeeded);
        }

        Assert.Equal(0, await App.ReadAsync(db => db.WebhookDeliveries.CountAsync()));
    }

    [Theory]
    [InlineData(DemoData.SupportEmail, "/Admin/Webhooks")]
    [InlineData(DemoData.SupportEmail, "/Admin/Webhooks/Create")]
    [InlineData(DemoData.RepEmail, "/Admin/Webhooks")]
    [InlineData(DemoData.RepEmail, "/Admin/Webhooks/Create")]
    public async Task Support_staff_and_representatives_are_refused_the_webhook_pages(string email, string page)
    {
        using var client = await App.SignedInAsync(email);
        using var response = await client.GetAsync(new Uri(page, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        using var denied = await client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        using var content = new FormUrlEncodedContent([new("Input.Url", Receiver.HookUrl.ToString()), new("Input.EventTypes", "grant.enabled")]);
        using var post = await client.PostAsync(new Uri("/Admin/Webhooks/Create", UriKind.Relative), content);
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(0, await App.ReadAsync(db => db.WebhookEndpoints.CountAsync()));
    }

    private async Task<Guid> InsertEndpointAsync(string url)
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var secrets = scope.ServiceProvider.GetRequiredService<WebhookSecrets>();
        var secret = WebhookSecrets.Generate();
        var endpoint = WebhookEndpoint.Register(new Uri(url), ["grant.enabled", "grant.revoked"], secrets.Protect(secret), WebhookSecrets.Hint(secret), Guid.Empty, DateTimeOffset.UtcNow);
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync();
        return endpoint.Id;
    }
}
