using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Features.Grants;

/// <summary>
/// Sends the 14-day expiry notices (<see cref="ExpiryNotices"/>), on every instance, once a minute: notices are counted
/// in days, so a minute is prompt enough, and the marker on each grant keeps instances from mailing twice.
/// Runs where the enablement worker runs (<c>Rollout:WorkerEnabled</c>).
/// </summary>
public sealed class ExpiryNoticeWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ExpiryNoticeWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    // A full batch means more may be due: go on at once.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PollingLoop.RunAsync("Expiry notice", async ct => await RunOnceAsync(ct) >= ExpiryNotices.BatchSize, Interval, TimeSpan.FromSeconds(10), clock, logger, stoppingToken);

    /// <returns>How many grants were noticed in this pass.</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ExpiryNotices>().SendDueAsync(cancellationToken);
    }
}
