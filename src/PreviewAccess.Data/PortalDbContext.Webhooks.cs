using Microsoft.EntityFrameworkCore;
using PreviewAccess.Domain.Audit;
using PreviewAccess.Domain.Webhooks;

namespace PreviewAccess.Data;

/// <summary>
/// Webhooks ride on the audit log: every grant or organization state change is audited, so when the audit events
/// of a save are chained, each one that is such a change (<see cref="WebhookEvent.FromAudit"/>) queues one delivery
/// per active endpoint that wants it — in the same transaction as the change, the outbox way: no event is sent for a
/// change that rolled back, and none is lost for one that committed.
/// </summary>
public abstract partial class PortalDbContext
{
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    private async Task QueueWebhookDeliveriesAsync(CancellationToken cancellationToken)
    {
        var events = ChangeTracker.Entries<AuditEvent>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => WebhookEvent.FromAudit(e.Entity))
            .OfType<WebhookEvent>()
            .ToList();
        if (events.Count == 0) return;

        // Read without tracking: a delivery must not count as a change of its endpoint (and bump its version).
        var endpoints = await WebhookEndpoints.AsNoTracking().Where(e => e.IsActive).ToListAsync(cancellationToken);
        foreach (var webhookEvent in events)
        {
            foreach (var endpoint in endpoints.Where(e => e.Wants(webhookEvent.Type)))
            {
                WebhookDeliveries.Add(WebhookDelivery.Queue(endpoint.Id, webhookEvent, webhookEvent.OccurredAt));
            }
        }
    }
}
