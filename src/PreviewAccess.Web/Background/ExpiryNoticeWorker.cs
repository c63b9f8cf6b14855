using Microsoft.EntityFrameworkCore;
using PreviewAccess.Web.Features.Grants;

namespace PreviewAccess.Web.Background;

/// <summary>
/// Sends the 14-day expiry notices (<see cref="ExpiryNotices"/>), on every instance, once a minute: notices are counted
/// in days, so a minute is prompt enough, and the marker on each grant keeps instances from mailing twice.
/// Runs where the enablement worker runs (<c>Rollout:WorkerEnabled</c>).
/// </summary>
public sealed class ExpiryNoticeWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ExpiryNoticeWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more may be due: go on at once.
                if (await RunOnceAsync(stoppingToken) < ExpiryNotices.BatchSize) await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogWarning(e, "Expiry notice pass failed; trying again shortly");
                await Task.Delay(TimeSpan.FromSeconds(10), clock, stoppingToken);
            }
        }
    }

    /// <returns>How many grants were noticed in this pass.</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ExpiryNotices>().SendDueAsync(cancellationToken);
    }
}
