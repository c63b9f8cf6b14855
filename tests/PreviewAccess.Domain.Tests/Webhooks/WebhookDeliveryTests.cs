using System.Text.Json;
using PreviewAccess.Domain.Audit;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Webhooks;

namespace PreviewAccess.Domain.Tests.Webhooks;

/// <summary>Which changes become events, what a delivery carries, and how retries back off.</summary>
public sealed class WebhookDeliveryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid OrganizationId = Guid.CreateVersion7();

    private static AuditEvent Audit(string action, string subjectType, string? before, string? after, Guid? subjectId = null) =>
        new(Now, "rep@example.com", action, subjectType, (subjectId ?? Guid.CreateVersion7()).ToString(), before, after, OrganizationId);

    [Theory]
    [InlineData("grant.enabled", """{"status":"Provisioning"}""", """{"status":"Enabled"}""", "grant.enabled")]
    [InlineData("grant.second-approval", """{"status":"PendingSecondApproval"}""", """{"status":"Approved"}""", "grant.approved")]
    [InlineData("grant.approved", null, """{"status":"PendingSecondApproval"}""", "grant.pending-second-approval")]
    [InlineData("grant.reinstated", """{"status":"Suspended"}""", """{"status":"Enabled"}""", "grant.reinstated")]
    [InlineData("grant.expired", """{"status":"Enabled"}""", """{"status":"Expired"}""", "grant.expired")]
    public void Grant_state_changes_are_named_after_the_state_they_lead_to(string action, string? before, string after, string expected)
    {
        var webhookEvent = WebhookEvent.FromAudit(Audit(action, "Grant", before, after));
        Assert.NotNull(webhookEvent);
        Assert.Equal(expected, webhookEvent.Type);
        Assert.Contains(expected, WebhookEventTypes.Grant);
    }

    [Theory]
    [InlineData("invitation.sent", """{"status":"Nominated"}""", """{"status":"Invited"}""", "organization.invited")]
    [InlineData("enrollment.submitted", """{"status":"Enrolling"}""", """{"status":"UnderReview"}""", "organization.under-review")]
    [InlineData("decision.approve", """{"status":"UnderReview"}""", """{"status":"Reviewed"}""", "organization.reviewed")]
    [InlineData("organization.suspended", """{"status":"Reviewed"}""", """{"status":"Suspended","suspensionReason":"Abuse"}""", "organization.suspended")]
    [InlineData("organization.reinstated", """{"status":"Suspended"}""", """{"status":"Reviewed"}""", "organization.reinstated")]
    [InlineData("organization.nominated", null, """{"status":"Nominated"}""", "organization.nominated")]
    public void Organization_state_changes_are_named_after_the_state_they_lead_to(string action, string? before, string after, string expected)
    {
        var webhookEvent = WebhookEvent.FromAudit(Audit(action, "Organization", before, after));
        Assert.NotNull(webhookEvent);
        Assert.Equal(expected, webhookEvent.Type);
        Assert.Contains(expected, WebhookEventTypes.Organization);
    }

    [Theory]
    [InlineData("organization.edited", "Organization", """{"status":"Reviewed","name":"A"}""", """{"status":"Reviewed","name":"B"}""")]
    [InlineData("invitation.resent", "Organization", """{"status":"Invited"}""", """{"status":"Invited"}""")]
    [InlineData("api-key.created", "ApiKey", null, """{"name":"k"}""")]
    [InlineData("wave.opened", "Wave", """{"state":"Planned"}""", """{"state":"Open"}""")]
    [InlineData("support-case.opened", "SupportCase", null, """{"status":"Open"}""")]
    [InlineData("grant.noted", "Grant", """{"status":"Enabled"}""", """{"status":"Enabled"}""")]
    public void Other_audit_events_are_no_webhook_events(string action, string subjectType, string? before, string? after)
    {
        Assert.Null(WebhookEvent.FromAudit(Audit(action, subjectType, before, after)));
    }

    [Fact]
    public void The_body_carries_id_type_time_and_the_change()
    {
        var grantId = Guid.CreateVersion7();
        var webhookEvent = WebhookEvent.FromAudit(Audit("grant.suspended", "Grant", """{"status":"Enabled"}""", """{"status":"Suspended","statusReason":"Abuse"}""", grantId))!;

        using var body = JsonDocument.Parse(webhookEvent.ToJson());
        var root = body.RootElement;
        Assert.Equal(webhookEvent.Id.ToString(), root.GetProperty("id").GetString());
        Assert.Equal("grant.suspended", root.GetProperty("type").GetString());
        Assert.Equal("2026-11-25T10:00:00.000Z", root.GetProperty("occurredAt").GetString());
        var data = root.GetProperty("data");
        Assert.Equal(OrganizationId.ToString(), data.GetProperty("organizationId").GetString());
        Assert.Equal(grantId.ToString(), data.GetProperty("grantId").GetString());
        Assert.Equal("Suspended", data.GetProperty("status").GetString());
        Assert.Equal("Enabled", data.GetProperty("previousStatus").GetString());
        Assert.Equal("Abuse", data.GetProperty("reason").GetString());
    }

    [Fact]
    public void Every_event_type_is_known_and_spelled_from_the_contract_s_statuses()
    {
        Assert.Equal(WebhookEventTypes.All.Count, WebhookEventTypes.All.Distinct().Count());
        Assert.Equal("under-review", WebhookEventTypes.Kebab("UnderReview"));
        Assert.Equal("pending-second-approval", WebhookEventTypes.Kebab("PendingSecondApproval"));
        Assert.False(WebhookEventTypes.IsKnown(WebhookEventTypes.Test));
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(7, 1920)]
    [InlineData(9, 7200)]
    [InlineData(30, 7200)]
    public void Retries_back_off_exponentially_up_to_two_hours(int failedAttempts, double seconds)
    {
        Assert.Equal(seconds, WebhookDelivery.RetryDelay(failedAttempts, 0).TotalSeconds, 3);
        Assert.Equal(seconds * 0.8, WebhookDelivery.RetryDelay(failedAttempts, -1).TotalSeconds, 3);
        Assert.Equal(seconds * 1.2, WebhookDelivery.RetryDelay(failedAttempts, 1).TotalSeconds, 3);
    }

    [Fact]
    public void A_delivery_is_retried_until_the_last_attempt_then_failed_and_never_claimed_again()
    {
        var delivery = WebhookDelivery.Queue(Guid.CreateVersion7(), WebhookEvent.TestEvent(Now), Now);
        var at = Now;
        for (var attempt = 1; attempt < WebhookDelivery.MaxAttempts; attempt++)
        {
            Assert.True(delivery.IsDue(at));
            delivery.Claim(at, TimeSpan.FromMinutes(1));
            Assert.False(delivery.IsDue(at), "A claimed delivery is nobody else's.");
            delivery.AttemptFailed(at, 503, "The receiver answered 503.", 0);
            Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
            Assert.False(delivery.IsDue(at), "Not before its back-off.");
            at = delivery.NextAttemptAt;
        }

        delivery.Claim(at, TimeSpan.FromMinutes(1));
        delivery.AttemptFailed(at, null, new string('x', 5000), 0);
        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
        Assert.Equal(WebhookDelivery.MaxAttempts, delivery.Attempts);
        Assert.Equal(WebhookDelivery.MaxErrorLength, delivery.LastError!.Length);
        Assert.False(delivery.IsDue(at.AddDays(1)));
        Assert.Throws<InvalidOperationException>(() => delivery.Claim(at.AddDays(1), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void A_delivered_delivery_is_done()
    {
        var delivery = WebhookDelivery.Queue(Guid.CreateVersion7(), WebhookEvent.TestEvent(Now), Now);
        delivery.Claim(Now, TimeSpan.FromMinutes(1));
        delivery.Delivered(Now, 204);
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
        Assert.Equal(204, delivery.LastStatusCode);
        Assert.False(delivery.IsDue(Now.AddDays(1)));
    }

    [Fact]
    public void An_endpoint_needs_known_events_and_an_http_url()
    {
        var url = new Uri("https://hooks.example.com/x");
        Assert.Throws<DomainException>(() => WebhookEndpoint.Register(url, [], "protected", "…abcd", Guid.Empty, Now));
        Assert.Throws<DomainException>(() => WebhookEndpoint.Register(url, ["grant.deleted"], "protected", "…abcd", Guid.Empty, Now));
        Assert.Throws<DomainException>(() => WebhookEndpoint.Register(new Uri("ftp://hooks.example.com/"), ["grant.enabled"], "protected", "…abcd", Guid.Empty, Now));

        var endpoint = WebhookEndpoint.Register(url, ["organization.suspended", "grant.enabled", "grant.enabled"], "protected", "…abcd", Guid.Empty, Now);
        Assert.Equal(["grant.enabled", "organization.suspended"], endpoint.EventTypes);
        Assert.True(endpoint.Wants("grant.enabled"));
        Assert.False(endpoint.Wants("grant.revoked"));
        endpoint.Deactivate();
        Assert.False(endpoint.Wants("grant.enabled"));
        Assert.Throws<DomainException>(endpoint.Deactivate);
    }
}
