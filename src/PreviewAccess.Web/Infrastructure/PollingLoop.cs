using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Common;

namespace PreviewAccess.Web.Infrastructure;

/// <summary>
/// The loop every background worker runs: a pass, then a pause when it found nothing (or less than a full batch) to
/// do. A pass that fails on the database — the database away included, once the execution strategy's retries are
/// spent — is tried again after a while, so an outage never stops the host; one that a domain rule refused is logged as
/// the bug it is, and the loop goes on — one bad row must not stop mail, webhooks or enablement for everyone else.
/// </summary>
internal static class PollingLoop
{
    /// <param name="pass">One pass; returns whether more work is waiting, so the next pass starts at once.</param>
    public static async Task RunAsync(string name, Func<CancellationToken, Task<bool>> pass, TimeSpan idle, TimeSpan afterFailure,
        TimeProvider clock, ILogger logger, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await pass(stoppingToken)) await Task.Delay(idle, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException || DatabaseFaults.IsUnavailable(e))
            {
                logger.LogWarning(e, "{Worker} pass failed; trying again shortly", name);
                await Task.Delay(afterFailure, clock, stoppingToken);
            }
            catch (DomainException e)
            {
                logger.LogError(e, "{Worker} pass refused by a domain rule; trying again shortly", name);
                await Task.Delay(afterFailure, clock, stoppingToken);
            }
        }
    }
}
