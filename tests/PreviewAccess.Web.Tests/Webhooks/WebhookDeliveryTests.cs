using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Webhooks;
using PreviewAccess.Web.Features.Grants;
using PreviewAccess.Web.Features.Organizations;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Features.Webhooks;
using PreviewAccess.Web.Tests.Admin;

namespace PreviewAccess.Web.Tests.Webhooks;

/// <summary>
/// Webhooks end to end on PostgreSQL: an admin registers a receiver started inside the test, grant changes made in the
/// portal reach it signed, a failing receiver is retried with back-off on the app's clock, and a recovered one gets
/// each event exactly once — also when several dispatchers run at once.
/// </summary>
[Collection(RecordsAndSupportCollectionDefinition.Name)]
public sealed class WebhookDeliveryTests(PostgresServer postgres) : WebhookTest(postgres)
{
    protected override FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    private WebhookDispatcher Dispatcher => App.Services.GetRequiredService<WebhookDispatcher>();

    [Fact]
    public async Task A_grant_suspended_in_the_portal_reaches_the_receiver_signed_with_the_secret_shown_once()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var (endpointId, secret) = await RegisterAsync(admin, "grant.suspended", "grant.reinstated");
        var grant = await EnabledGrantAsync();

        // The organization's representative suspends the grant on its page; the delivery is queued with the change.
        var repEmail = await App.ReadAsync(db => db.Organizations.Where(o => o.Id == grant.OrganizationId).Join(db.Users, o => o.AccountRepId, u => u.Id, (_, u) => u.Email!).SingleAsync());
        using var rep = await App.SignedInAsync(repEmail);
        var grantPage = await rep.GetPageAsync($"/Admin/Grants/Details/{grant.Id}");
        await rep.SubmitAndFollowAsync(grantPage, "#change-form", new Dictionary<string, string> { ["Input.Change"] = "suspend", ["Input.Reason"] = "Abuse report under review" });
        var queued = await App.ReadAsync(db => db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId).ToListAsync());
        var delivery = Assert.Single(queued);
        Assert.Equal("grant.suspended", delivery.EventType);
        Assert.Empty(Receiver.Received);

        Assert.Equal(1, await Dispatcher.DispatchOnceAsync(CancellationToken.None));

        var received = Assert.Single(Receiver.Received);
        Assert.Equal(200, received.Answered);
        Assert.StartsWith("application/json", received.ContentType, StringComparison.Ordinal);
        // The receiver checks the signature as any receiver would: HMAC-SHA256 of "timestamp.body" with the secret.
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{received.Timestamp}.{received.Body}")));
        Assert.Equal(expected, received.Signature);
        Assert.True(WebhookSignature.Verify(secret, received.Timestamp!, received.Body, received.Signature));
        Assert.False(WebhookSignature.Verify("whsec_not-the-secret-at-all-000000", received.Timestamp!, received.Body, received.Signature));
        Assert.False(WebhookSignature.Verify(secret, received.Timestamp!, received.Body.Replace("Suspended", "Enabled", StringComparison.Ordinal), received.Signature));
        Assert.InRange(long.Parse(received.Timestamp!, System.Globalization.CultureInfo.InvariantCulture), Clock.GetUtcNow().ToUnixTimeSeconds() - 5, Clock.GetUtcNow().ToUnixTimeSeconds());

        using var body = JsonDocument.Parse(received.Body);
        var root = body.RootElement;
        Assert.Equal(received.EventId, root.GetProperty("id").GetString());
        Assert.Equal(delivery.EventId.ToString(), received.EventId);
        Assert.Equal("grant.suspended", root.GetProperty("type").GetString());
        Assert.Equal("grant.suspended", received.EventType);
        Assert.EndsWith("Z", root.GetProperty("occurredAt").GetString(), StringComparison.Ordinal);
        var data = root.GetProperty("data");
        Assert.Equal(grant.Id.ToString(), data.GetProperty("grantId").GetString());
        Assert.Equal(grant.OrganizationId.ToString(), data.GetProperty("organizationId").GetString());
        Assert.Equal("Suspended", data.GetProperty("status").GetString());
        Assert.Equal("Enabled", data.GetProperty("previousStatus").GetString());
        Assert.Equal("Abuse report under review", data.GetProperty("reason").GetString());

        // The secret is kept encrypted, never in clear, and the delivery shows as delivered on the endpoint's page.
        var stored = await App.ReadAsync(db => db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == endpointId));
        Assert.DoesNotContain(secret, stored.ProtectedSecret, StringComparison.Ordinal);
        Assert.EndsWith(stored.SecretHint.TrimStart('…'), secret, StringComparison.Ordinal);
        var audit = await App.ReadAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.SubjectType == "WebhookEndpoint").ToListAsync());
        Assert.All(audit, e => Assert.DoesNotContain(secret, (e.Before ?? string.Empty) + e.After, StringComparison.Ordinal));
        var details = await admin.GetPageAsync($"/Admin/Webhooks/Details/{endpointId}");
        Assert.DoesNotContain(secret, details.DocumentElement.OuterHtml, StringComparison.Ordinal);
        var row = details.QuerySelector($"#webhook-deliveries tr[data-event-id='{delivery.EventId}']")!.TextContent;
        Assert.Contains("Delivered", row, StringComparison.Ordinal);
        Assert.Contains("HTTP 200", row, StringComparison.Ordinal);
        Assert.Contains("1 of 8", row, StringComparison.Ordinal);

        // A refused change queues nothing: suspending a suspended grant rolls back with its would-be event.
        var again = await ChangeGrantAsync(g => g.SuspendAsync(new GrantReasonInput(grant.Id, "Again"), CancellationToken.None));
        Assert.False(again);
        Assert.Equal(1, await App.ReadAsync(db => db.WebhookDeliveries.CountAsync(d => d.EndpointId == endpointId)));
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_with_back_off_and_once_recovered_gets_each_event_exactly_once()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var (endpointId, secret) = await RegisterAsync(admin, "grant.suspended", "grant.reinstated");
        var grant = await EnabledGrantAsync();
        // Down for the first three requests, then healthy.
        Receiver.Answer = n => n <= 3 ? 503 : 200;

        Assert.True(await ChangeGrantAsync(g => g.SuspendAsync(new GrantReasonInput(grant.Id, "Investigating"), CancellationToken.None)));
        Assert.True(await ChangeGrantAsync(g => g.ReinstateAsync(new GrantReasonInput(grant.Id, "Resolved"), CancellationToken.None)));

        // First pass: both fail and wait about 30 seconds (±20 %) before their next attempt.
        Assert.Equal(2, await Dispatcher.DispatchOnceAsync(CancellationToken.None));
        var afterFirst = await DeliveriesAsync(endpointId);
        Assert.All(afterFirst, d =>
        {
            Assert.Equal(WebhookDeliveryStatus.Pending, d.Status);
            Assert.Equal(1, d.Attempts);
            Assert.Equal(503, d.LastStatusCode);
            Assert.InRange((d.NextAttemptAt - d.LastAttemptAt!.Value).TotalSeconds, 24, 36);
        });

        // Not before the back-off has passed.
        Assert.Equal(0, await Dispatcher.DispatchOnceAsync(CancellationToken.None));
        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(0, await Dispatcher.DispatchOnceAsync(CancellationToken.None));
        Assert.Equal(2, Receiver.Received.Count);

        // Second round: one more 503 and one success; the failed one now waits about a minute.
        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(2, await Dispatcher.DispatchOnceAsync(CancellationToken.None));
        var retrying = Assert.Single(await DeliveriesAsync(endpointId), d => d.Status == WebhookDeliveryStatus.Pending);
        Assert.Equal(2, retrying.Attempts);
        Assert.InRange((retrying.NextAttemptAt - retrying.LastAttemptAt!.Value).TotalSeconds, 48, 72);

        for (var round = 0; round < 5 && (await DeliveriesAsync(endpointId)).Any(d => d.Status != WebhookDeliveryStatus.Delivered); round++)
        {
            Clock.Advance(TimeSpan.FromMinutes(5));
            await Dispatcher.DispatchOnceAsync(CancellationToken.None);
        }

        // Recovered: each event id answered 2xx exactly once, after being retried under the same id.
        var deliveries = await DeliveriesAsync(endpointId);
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(WebhookDeliveryStatus.Delivered, d.Status));
        var received = Receiver.Received;
        Assert.Equal(5, received.Count);
        var accepted = received.Where(r => r.Answered == 200).Select(r => r.EventId).ToList();
        Assert.Equal(deliveries.Select(d => d.EventId.ToString()).Order(), accepted.Order());
        Assert.Equal(accepted.Count, accepted.Distinct().Count());
        Assert.All(received, r => Assert.Contains(r.EventId, accepted));
        Assert.All(received, r => Assert.True(WebhookSignature.Verify(secret, r.Timestamp!, r.Body, r.Signature)));
        Assert.Equal(["grant.suspended", "grant.reinstated"], deliveries.OrderBy(d => d.OccurredAt).ThenBy(d => d.Id).Select(d => d.EventType));

        // Nothing more is sent, however often the dispatcher runs.
        Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(0, await Dispatcher.DispatchOnceAsync(CancellationToken.None));
        Assert.Equal(5, Receiver.Received.Count);

        var details = await admin.GetPageAsync($"/Admin/Webhooks/Details/{endpointId}");
        var text = details.QuerySelector("#webhook-deliveries")!.TextContent;
        Assert.Contains("grant.reinstated", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Retrying", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_never_recovers_is_given_up_on_after_the_last_attempt()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var (endpointId, _) = await RegisterAsync(admin, "grant.suspended");
        Receiver.Answer = _ => 500;
        Assert.True(await ChangeGrantAsync(async g => await g.SuspendAsync(new GrantReasonInput((await EnabledGrantAsync()).Id, "Gone"), CancellationToken.None)));

        for (var round = 0; round < WebhookDelivery.MaxAttempts + 2; round++)
        {
            await Dispatcher.DispatchOnceAsync(CancellationToken.None);
            Clock.Advance(WebhookDelivery.LongestRetryDelay * 1.5);
        }

        var delivery = Assert.Single(await DeliveriesAsync(endpointId));
        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
        Assert.Equal(WebhookDelivery.MaxAttempts, delivery.Attempts);
        Assert.Equal(WebhookDelivery.MaxAttempts, Receiver.Received.Count);
        // Many hours later on the app's clock: the morning's sign-in has expired.
        using var later = await App.SignedInAsync(DemoData.AdminEmail);
        var page = await later.GetPageAsync($"/Admin/Webhooks/Details/{endpointId}");
        var row = page.QuerySelector($"#webhook-deliveries tr[data-event-id='{delivery.EventId}']")!.TextContent;
        Assert.Contains("Failed", row, StringComparison.Ordinal);
        Assert.Contains("The receiver answered 500", row, StringComparison.Ordinal);
        var list = await later.GetPageAsync("/Admin/Webhooks");
        Assert.Contains("1 failed", list.QuerySelector($"tr[data-endpoint-id='{endpointId}']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_dispatchers_send_each_event_once()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var (endpointId, _) = await RegisterAsync(admin, "grant.suspended", "grant.reinstated");
        var grant = await EnabledGrantAsync();
        for (var i = 0; i < 15; i++)
        {
            Assert.True(await ChangeGrantAsync(g => g.SuspendAsync(new GrantReasonInput(grant.Id, $"Round {i}"), CancellationToken.None)));
            Assert.True(await ChangeGrantAsync(g => g.ReinstateAsync(new GrantReasonInput(grant.Id, $"Round {i}"), CancellationToken.None)));
        }

        // Four "instances" at once, with batches small enough that they compete for the same rows.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (await Dispatcher.DispatchOnceAsync(CancellationToken.None) > 0)
            {
            }
        })));

        var deliveries = await DeliveriesAsync(endpointId);
        Assert.Equal(30, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(WebhookDeliveryStatus.Delivered, d.Status));
        var ids = Receiver.Received.Select(r => r.EventId).ToList();
        Assert.Equal(30, ids.Count);
        Assert.Equal(30, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_test_event_goes_to_that_endpoint_alone()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var (endpointId, secret) = await RegisterAsync(admin, "organization.suspended");
        var (otherId, _) = await RegisterAsync(admin, "organization.suspended");
        var page = await admin.GetPageAsync($"/Admin/Webhooks/Details/{endpointId}");
        var after = await admin.SubmitAndFollowAsync(page, "#webhook-test-form", new Dictionary<string, string>());
        Assert.Contains("test event", after.Flash(), StringComparison.Ordinal);

        await Dispatcher.DispatchOnceAsync(CancellationToken.None);
        var received = Assert.Single(Receiver.Received);
        Assert.Equal(WebhookEventTypes.Test, received.EventType);
        Assert.True(WebhookSignature.Verify(secret, received.Timestamp!, received.Body, received.Signature));
        Assert.Empty(await DeliveriesAsync(otherId));
    }

    private async Task<(Guid EndpointId, string Secret)> RegisterAsync(HttpClient admin, params string[] eventTypes)
    {
        var form = (await admin.GetPageAsync("/Admin/Webhooks/Create")).TickEvents("#webhook-form", eventTypes);
        using var response = await admin.SubmitAsync(form, "#webhook-form", new Dictionary<string, string> { ["Input.Url"] = Receiver.HookUrl.ToString() });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "The page with the secret must not be cached.");
        var page = await HtmlForms.ParseAsync(response);
        var secret = page.QuerySelector("#webhook-secret")?.GetAttribute("value") ?? string.Empty;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var id = Guid.Parse(page.QuerySelector("a[href*='/Admin/Webhooks/Details/']")!.GetAttribute("href")!.Split('/')[^1]);
        return (id, secret);
    }

    private Task<ScopeGrant> EnabledGrantAsync() =>
        App.ReadAsync(db => db.Grants.AsNoTracking().Where(g => g.Status == GrantStatus.Enabled).OrderBy(g => g.Id).FirstAsync());

    private async Task<bool> ChangeGrantAsync(Func<GrantChanges, Task<Features.Common.Outcome<GrantView>>> change)
    {
        await using var scope = App.Scope();
        return (await change(scope.ServiceProvider.GetRequiredService<GrantChanges>())).Succeeded;
    }

    private Task<List<WebhookDelivery>> DeliveriesAsync(Guid endpointId) =>
        App.ReadAsync(db => db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId).ToListAsync());
}
