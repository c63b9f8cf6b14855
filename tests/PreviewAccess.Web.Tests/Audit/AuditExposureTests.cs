using System.Text;
using System.Text.Json;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Web.Tests.Admin;
using PreviewAccess.Web.Tests.Webhooks;

namespace PreviewAccess.Web.Tests.Audit;

/// <summary>
/// Least exposure: a webhook's URL (which often carries the receiver's own token) and its secret hint are recorded in the
/// audit log for admins. Support staff and representatives read the same events with both hidden, through the API with
/// their keys and on the audit page and its export.
/// </summary>
[Collection(RecordsAndSupportCollectionDefinition.Name)]
public sealed class AuditExposureTests(PostgresServer postgres) : ApiTest(postgres)
{
    private const string UrlToken = "tok-5f1d2c9e7a";
    private const string Secret = "a-receiver-supplied-secret-ending-Qz8W";
    private const string Hint = "Qz8W";

    protected override IDictionary<string, string?> ApiSettings => new Dictionary<string, string?>
    {
        ["Webhooks:AllowPrivateNetworks"] = "true",
        ["Webhooks:DispatcherEnabled"] = "false",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();

        // The admin registers an endpoint and then changes its URL: two events carry URLs and hints, one before and after.
        using var admin = ClientWith(null);
        await SignInAsync(admin, Admin);
        var form = (await admin.GetPageAsync("/Admin/Webhooks/Create")).TickEvents("#webhook-form", "grant.enabled");
        // The page shows the created endpoint (and its secret, once) instead of redirecting.
        using (var created = await admin.SubmitAsync(form, "#webhook-form", new Dictionary<string, string>
               {
                   ["Input.Url"] = $"http://127.0.0.1:9/hooks/{UrlToken}", ["Input.Secret"] = Secret,
               }))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        var id = await InScopeAsync(services => services.GetRequiredService<PortalDbContext>().WebhookEndpoints.Select(e => e.Id).SingleAsync());
        var settings = (await admin.GetPageAsync($"/Admin/Webhooks/Details/{id}")).TickEvents("#webhook-settings-form", "grant.enabled");
        await admin.SubmitAndFollowAsync(settings, "#webhook-settings-form", new Dictionary<string, string>
        {
            ["Input.Url"] = $"http://127.0.0.1:9/hooks/{UrlToken}-moved",
        });
    }

    [Theory]
    [InlineData(Roles.Support)]
    [InlineData(Roles.AccountRep)]
    public async Task A_key_of_support_staff_or_a_representative_reads_webhook_events_without_url_or_secret_hint(string role)
    {
        var owner = await Data.UserAsync(role);
        using var client = ClientWith(await Data.KeyAsync(owner.Id, ApiScopes.OrgRead));

        var (text, events) = await WebhookEventsAsync(client);

        Assert.Equal(["webhook.registered", "webhook.changed"], events.Select(e => e.GetProperty("action").GetString()));
        Assert.DoesNotContain(UrlToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Hint, text, StringComparison.Ordinal);
        var after = events[1].GetProperty("after");
        Assert.Equal("[hidden]", after.GetProperty("url").GetString());
        Assert.Equal("[hidden]", after.GetProperty("secretHint").GetString());
        // What is not sensitive stays readable.
        Assert.Equal("grant.enabled", after.GetProperty("eventTypes")[0].GetString());
    }

    [Fact]
    public async Task An_admin_key_reads_webhook_urls_and_secret_hints()
    {
        var (text, events) = await WebhookEventsAsync(Client);

        Assert.Equal($"http://127.0.0.1:9/hooks/{UrlToken}", events[0].GetProperty("after").GetProperty("url").GetString());
        Assert.Equal($"http://127.0.0.1:9/hooks/{UrlToken}", events[1].GetProperty("before").GetProperty("url").GetString());
        Assert.EndsWith(Hint, events[0].GetProperty("after").GetProperty("secretHint").GetString(), StringComparison.Ordinal);
        Assert.Contains(UrlToken + "-moved", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_representative_sees_webhook_events_on_the_audit_page_and_in_its_export_without_url_or_secret_hint()
    {
        using var rep = ClientWith(null);
        await SignInAsync(rep, Rep);

        var page = await rep.GetPageAsync("/Admin/Audit");
        var rows = page.QuerySelectorAll("#audit-events tbody tr").Select(r => r.TextContent).Where(t => t.Contains("webhook.", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.DoesNotContain(UrlToken, row, StringComparison.Ordinal);
            Assert.DoesNotContain(Hint, row, StringComparison.Ordinal);
            Assert.Contains("[hidden]", row, StringComparison.Ordinal);
        });

        using var export = await rep.GetAsync(new Uri("/Admin/Audit?handler=Export", UriKind.Relative));
        var csv = Encoding.UTF8.GetString(await export.Content.ReadAsByteArrayAsync());
        Assert.Contains("webhook.registered", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(UrlToken, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(Hint, csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_sees_webhook_urls_and_secret_hints_on_the_audit_page_and_in_its_export()
    {
        using var admin = ClientWith(null);
        await SignInAsync(admin, Admin);

        var page = await admin.GetPageAsync("/Admin/Audit?action=webhook.changed");
        var row = Assert.Single(page.QuerySelectorAll("#audit-events tbody tr")).TextContent;
        Assert.Contains($"hooks/{UrlToken}-moved", row, StringComparison.Ordinal);
        Assert.Contains(Hint, row, StringComparison.Ordinal);

        using var export = await admin.GetAsync(new Uri("/Admin/Audit?handler=Export&action=webhook.registered", UriKind.Relative));
        Assert.Contains(UrlToken, Encoding.UTF8.GetString(await export.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
    }

    private static async Task<(string Text, List<JsonElement> Events)> WebhookEventsAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/api/v1/audit?limit=200", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var events = JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("subjectType").GetString() == "WebhookEndpoint").Select(e => e.Clone()).ToList();
        return (text, events);
    }
}
