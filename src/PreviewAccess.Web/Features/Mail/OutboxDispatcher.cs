using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Data.Outbox;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Features.Mail;

/// <summary>
/// Delivers what the outbox holds, on every instance. A message is claimed before it is sent (a lease
/// written with a concurrency check, so two instances never both claim it), retried with back-off when
/// delivery fails, and marked delivered once it went out.
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);
    private const int BatchSize = 20;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PollingLoop.RunAsync("Outbox dispatch", async ct => await DispatchOnceAsync(ct) > 0, Idle, TimeSpan.FromSeconds(5), clock, logger, stoppingToken);

    /// <returns>How many messages were handled (delivered or failed).</returns>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var transport = scope.ServiceProvider.GetRequiredService<IMailTransport>();
        var now = clock.GetUtcNow();

        var due = await db.OutboxMessages
            .Where(m => m.DeliveredAt == null && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.NextAttemptAt).Take(BatchSize).ToListAsync(cancellationToken);
        var handled = 0;
        foreach (var message in due)
        {
            if (!await TryClaimAsync(db, message, now, cancellationToken)) continue;
            try
            {
                var mail = JsonSerializer.Deserialize<OutgoingMail>(message.Payload)!;
                await transport.SendAsync(mail, $"<{message.Id:N}@previewaccess>", cancellationToken);
                message.Delivered(clock.GetUtcNow());
                logger.LogInformation("Outbox message {MessageId} delivered", message.Id);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                message.Failed(clock.GetUtcNow(), e.Message);
                logger.LogWarning("Outbox message {MessageId} failed (attempt {Attempt}): {Error}", message.Id, message.Attempts, e.Message);
            }

            await db.SaveChangesAsync(CancellationToken.None);
            handled++;
        }

        return handled;
    }

    private static async Task<bool> TryClaimAsync(PortalDbContext db, OutboxMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        message.Claim(now, Lease);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance claimed it first.
            db.Entry(message).State = EntityState.Detached;
            return false;
        }
    }
}
