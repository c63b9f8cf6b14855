using AngleSharp.Html.Dom;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Webhooks;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Features.Webhooks;
using PreviewAccess.Web.Tests.Admin;

namespace PreviewAccess.Web.Tests.Webhooks;

/// <summary>
/// An admin deletes a webhook endpoint (its deliveries and secret go with it, the audit log keeps the record) and resends
/// a delivery (a new delivery of the same event, sent by the dispatcher like any other). Nobody else can do either:
/// representatives, support staff, partners and anonymous visitors are refused and nothing is written. Webhooks have no
/// JSON API (API.md), so the pages are the only way in.
/// </summary>
[Collection(RecordsAndSupportCollectionDefinition.Name)]
public sealed class WebhookDeleteAndResendTests(PostgresServer postgres) : WebhookTest(postgres)
{
    private WebhookDispatcher Dispatcher => App.Services.GetRequiredService<WebhookDispatcher>();

    [Fact]
    public async Task An_admin_deletes_an_endpoint_its_queued_deliveries_are_never_sent_and_the_deletion_is_audited()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var endpointId = await WebhookArrangements.AnEndpointAsync(App, Receiver.HookUrl.ToString(), "grant.enabled");
        var page = await admin.GetPageAsync($"/Admin/Webhooks/Details/{endpointId}");
        await admin.SubmitAndFollowAsync(page, "#webhook-test-form", new Dictionary<string, string>());
        Assert.Equal(1, await App.ReadAsync(db => db.WebhookDeliveries.CountAsync(d => d.EndpointId == endpointId)));

        var form = (await admin.GetPageAsync($"/Admin/Webhooks/Details/{endpointId}")).QuerySelector("#webhook-delete-form")!;
        Assert.Contains("cannot be undone", form.GetAttribute("data-confirm"), StringComparison.Ordinal);
        var list = await admin.SubmitAndFollowAsync(page, "#webhook-delete-form", new Dictionary<string, string>());

        Assert.Contains("was deleted", list.Flash(), StringComparison.Ordinal);
        Assert.DoesNotContain(Receiver.HookUrl.ToString(), list.QuerySelector("main")!.TextContent.Replace(list.Flash(), string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.False(await App.ReadAsync(db => db.WebhookEndpoints.AnyAsync(e => e.Id == endpointId)));
        Assert.Equal(0, await App.ReadAsync(db => db.WebhookDeliveries.CountAsync(d => d.EndpointId == endpointId)));
        var audited = await App.ReadAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(e => e.Action == "webhook.deleted"));
        Assert.Equal(endpointId.ToString(), audited.SubjectId);
        Assert.Contains(Receiver.HookUrl.ToString(), audited.Before, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", audited.Before + audited.After, StringComparison.Ordinal);

        Assert.Equal(0, await Dispatcher.DispatchOnceAsync(CancellationToken.None));
        Assert.Empty(Receiver.Received);
        using var gone = await admin.GetAsync(new Uri($"/Admin/Webhooks/Details/{endpointId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task An_admin_resends_a_delivered_event_as_a_new_delivery_with_the_same_event_id_and_it_is_audited()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var endpointId = await WebhookArrangements.AnEndpointAsync(App, Receiver.HookUrl.ToString(), "grant.enabled");
        var original = await DeliveredTestEventAsync(admin, endpointId);

        var page = await admin.GetPageAsync($"/Admin/Webhooks/Details/{endpointId}");
        var resendForm = $"tr[data-delivery-id='{original.Id}'] form.webhook-resend-form";
        Assert.NotNull(page.QuerySelector(resendForm));
        var after = await admin.SubmitAndFollowAsync(page, resendForm, new Dictionary<string, string>());

        Assert.Contains("queued again", after.Flash(), StringComparison.Ordinal);
        var deliveries = await App.ReadAsync(db => db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId).ToListAsync());
        Assert.Equal(2, deliveries.Count);
        var resent = deliveries.Single(d => d.Id != original.Id);
        Assert.Equal(original.Id, resent.ResendOf);
        Assert.Equal((original.EventId, original.EventType, original.Payload), (resent.EventId, resent.EventType, resent.Payload));
        Assert.Equal(WebhookDeliveryStatus.Pending, resent.Status);
        // The first delivery keeps its own record.
        Assert.Equal(WebhookDeliveryStatus.Delivered, deliveries.Single(d => d.Id == original.Id).Status);
        var audited = await App.ReadAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(e => e.Action == "webhook.delivery-resent"));
        Assert.Equal(endpointId.ToString(), audited.SubjectId);
        Assert.Contains(original.Id.ToString(), audited.After, StringComparison.Ordinal);
        Assert.Contains("Resent", after.QuerySelector($"tr[data-delivery-id='{resent.Id}']")!.TextContent, StringComparison.Ordinal);
        // Still waiting to be sent: it cannot be resent itself yet.
        Assert.Null(after.QuerySelector($"tr[data-delivery-id='{resent.Id}'] form"));

        Assert.Equal(1, await Dispatcher.DispatchOnceAsync(CancellationToken.None));
        Assert.Equal(2, Receiver.Received.Count);
        Assert.All(Receiver.Received, r => Assert.Equal(original.EventId.ToString(), r.EventId));
        Assert.Equal(Receiver.Received[0].Body, Receiver.Received[1].Body);
        Assert.Equal(WebhookDeliveryStatus.Delivered, await App.ReadAsync(db => db.WebhookDeliveries.Where(d => d.Id == resent.Id).Select(d => d.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_delivery_still_being_tried_or_of_a_disabled_endpoint_is_not_resent()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var endpointId = await WebhookArrangements.AnEndpointAsync(App, Receiver.HookUrl.ToString(), "grant.enabled");
        var page = await admin.GetPageAsync($"/Admin/Webhooks/Details/{endpointId}");
        await admin.SubmitAndFollowAsync(page, "#webhook-test-form", new Dictionary<string, string>());
        var pending = await App.ReadAsync(db => db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.EndpointId == endpointId));
        var before = await AuditCountAsync();

        var refused = await PostAsync(admin, $"/Admin/Webhooks/Details/{endpointId}?handler=Resend&delivery={pending.Id}");
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("still being tried", refused.Page!.FormErrors(), StringComparison.Ordinal);

        await Dispatcher.DispatchOnceAsync(CancellationToken.None);
        var form = await admin.GetPageAsync($"/Admin/Webhooks/Details/{endpointId}");
        ((IHtmlInputElement)form.QuerySelector("#Input_Active")!).IsChecked = false;
        await admin.SubmitAndFollowAsync(form, "#webhook-settings-form", new Dictionary<string, string>());
        var disabled = await PostAsync(admin, $"/Admin/Webhooks/Details/{endpointId}?handler=Resend&delivery={pending.Id}");
        Assert.Contains("The endpoint is disabled", disabled.Page!.FormErrors(), StringComparison.Ordinal);

        Assert.Equal(1, await App.ReadAsync(db => db.WebhookDeliveries.CountAsync(d => d.EndpointId == endpointId)));
        // Only the disabling was recorded.
        Assert.Equal(before + 1, await AuditCountAsync());
    }

    [Theory]
    [InlineData(Roles.AccountRep)]
    [InlineData(Roles.Support)]
    [InlineData(Roles.Partner)]
    [InlineData(null)]
    public async Task Everyone_but_an_admin_is_refused_deleting_an_endpoint_or_resending_a_delivery_and_nothing_is_written(string? role)
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var endpointId = await WebhookArrangements.AnEndpointAsync(App, Receiver.HookUrl.ToString(), "grant.enabled");
        var delivered = await DeliveredTestEventAsync(admin, endpointId);
        using var client = role switch
        {
            null => App.NewClient(),
            Roles.Partner => await Data.SignedInAsync(await Data.PartnerAsync(await Data.EnrolledAsync([Domain.Catalog.Surface.Api]))),
            _ => await Data.SignedInAsync(await Data.StaffAsync(role)),
        };
        var deliveries = await App.ReadAsync(db => db.WebhookDeliveries.CountAsync());
        var audit = await AuditCountAsync();

        foreach (var url in new[]
                 {
                     $"/Admin/Webhooks/Details/{endpointId}?handler=Delete",
                     $"/Admin/Webhooks/Details/{endpointId}?handler=Resend&delivery={delivered.Id}",
                 })
        {
            var answer = await PostAsync(client, url);
            var expected = role is null ? "/Account/Login" : "/Account/AccessDenied";
            Assert.True(answer.Status == HttpStatusCode.Redirect && answer.Location!.Contains(expected, StringComparison.Ordinal),
                $"{role ?? "anonymous"} posting {url} got {(int)answer.Status} {answer.Location}");
        }

        Assert.True(await App.ReadAsync(db => db.WebhookEndpoints.AnyAsync(e => e.Id == endpointId)));
        Assert.Equal(deliveries, await App.ReadAsync(db => db.WebhookDeliveries.CountAsync()));
        Assert.Equal(audit, await AuditCountAsync());
    }

    /// <summary>A test event queued from the endpoint's page and delivered to <see cref="WebhookTest.Receiver"/>.</summary>
    private async Task<WebhookDelivery> DeliveredTestEventAsync(HttpClient admin, Guid endpointId)
    {
        var page = await admin.GetPageAsync($"/Admin/Webhooks/Details/{endpointId}");
        await admin.SubmitAndFollowAsync(page, "#webhook-test-form", new Dictionary<string, string>());
        Assert.Equal(1, await Dispatcher.DispatchOnceAsync(CancellationToken.None));
        var delivery = await App.ReadAsync(db => db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.EndpointId == endpointId));
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
        return delivery;
    }

    private Task<int> AuditCountAsync() => App.ReadAsync(db => db.AuditEvents.CountAsync());

    /// <summary>
    /// Posts to <paramref name="url"/> as the person's browser would, with the antiforgery token of their own session
    /// (from a page they can open), without opening the form's page first: a person refused the page can still post.
    /// </summary>
    private static async Task<(HttpStatusCode Status, string? Location, IHtmlDocument? Page)> PostAsync(HttpClient client, string url)
    {
        // Signed in, the layout's sign-out form carries one; signed out, the sign-in form.
        var token = (await client.GetPageAsync("/Program")).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? (await client.GetPageAsync("/Account/Login")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]);
        using var response = await client.PostAsync(new Uri(url, UriKind.Relative), content);
        var page = response.StatusCode == HttpStatusCode.OK ? await HtmlForms.ParseAsync(response) : null;
        return (response.StatusCode, response.Headers.Location?.OriginalString, page);
    }
}
