using System.Security.Cryptography;
using PreviewAccess.Domain.Audit;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Features.Audit;

/// <summary>
/// Seals the audit chain's head every ten minutes when it has grown (<see cref="AuditCheckpoints"/>), on every instance:
/// a second instance finding the head already sealed writes nothing. Deleting events sealed this way is reported as a
/// truncation, so at most the last interval's events could go unnoticed.
/// </summary>
public sealed class AuditCheckpointWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger<AuditCheckpointWorker> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The first pass after one interval: a start is busy enough (and the first change anchors the chain anyway).
            await Task.Delay(Interval, clock, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await PollingLoop.RunAsync("Audit checkpoint", async ct => { await RunOnceAsync(ct); return false; }, Interval, TimeSpan.FromMinutes(1), clock, logger, stoppingToken);
    }

    /// <returns>The checkpoint written, if any.</returns>
    public async Task<AuditCheckpoint?> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            return (await scope.ServiceProvider.GetRequiredService<AuditCheckpoints>().WriteAsync(AuditCheckpointKind.Scheduled, HttpCurrentActor.System, cancellationToken)).Written;
        }
        catch (CryptographicException e)
        {
            // The data-protection keys could not decrypt the chain's key: keep the worker (and the host) alive, and say so.
            logger.LogError(e, "Audit checkpoint pass could not use the chain's key");
            return null;
        }
    }
}
