using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Webhooks;
using PreviewAccess.Web.Features.Access;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Infrastructure;

/// <summary>
/// The portal's own measurements, on the <see cref="MeterName"/> meter: the gateways' access checks by surface and
/// reason, the access snapshot's age and reload time, the mail outbox's and the webhook queue's depth, and the grants
/// the enablement worker enabled. <see cref="TelemetrySetup"/> exports them with the framework's own.
/// </summary>
/// <remarks>
/// The access check is the hot path: counting one is an <c>Add</c> with two tags whose values are strings held here,
/// so it allocates nothing and takes no lock. The queue depths are counted in the database, at most once per
/// <see cref="QueueDepthMaxAge"/> however often the metrics are read, and never while a scrape waits: a scrape reads the
/// last count and, when that is older, starts the next one.
/// </remarks>
public sealed class PortalMetrics : IDisposable
{
    public const string MeterName = "PreviewAccess";

    /// <summary>The reason of an access check refused as malformed (a 400), which has no decision.</summary>
    public const string InvalidInput = "InvalidInput";

    /// <summary>The surface of a check that named none the contract knows: the gateway's own text is never a tag value.</summary>
    public const string UnknownSurface = "Unknown";

    public static readonly TimeSpan QueueDepthMaxAge = TimeSpan.FromSeconds(10);

    private static readonly string[] Surfaces = Enum.GetNames<Surface>();
    private static readonly string[] Reasons = Enum.GetNames<AccessReason>();

    private readonly Meter _meter;
    private readonly Counter<long> _accessChecks;
    private readonly Histogram<double> _snapshotReloads;
    private readonly Counter<long> _grantsEnabled;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<PortalMetrics> _logger;

    // The snapshot's last full load and last applied change, as Stopwatch timestamps (0: none yet).
    private long _snapshotLoadedAt;
    private long _snapshotChangedAt;

    private QueueDepths? _queueDepths;
    private int _countingQueues;

    public PortalMetrics(IMeterFactory meters, IServiceScopeFactory scopes, ILogger<PortalMetrics> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _scopes = scopes;
        _logger = logger;
        _meter = meters.Create(MeterName);
        _accessChecks = _meter.CreateCounter<long>("previewaccess.access.checks", description: "Access checks answered to the gateways (GET /api/v1/access/check), by surface and reason.");
        _snapshotReloads = _meter.CreateHistogram<double>("previewaccess.snapshot.reload.duration", unit: "s",
            description: "How long a full load of the access snapshot took.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        _grantsEnabled = _meter.CreateCounter<long>("previewaccess.grants.enabled", description: "Grants the enablement worker enabled (Provisioning to Enabled).");
        _meter.CreateObservableGauge("previewaccess.snapshot.age", () => SecondsSince(_snapshotLoadedAt), unit: "s",
            description: "Seconds since the access snapshot was last loaded whole.");
        _meter.CreateObservableGauge("previewaccess.snapshot.change.age", () => SecondsSince(Math.Max(_snapshotLoadedAt, _snapshotChangedAt)), unit: "s",
            description: "Seconds since the access snapshot last took in a change (an applied change or a full load).");
        _meter.CreateObservableGauge("previewaccess.outbox.pending", () => QueueDepth(d => d.Outbox),
            description: "Mail in the outbox not yet delivered (counted at most every 10 seconds).");
        _meter.CreateObservableGauge("previewaccess.webhooks.pending", () => QueueDepth(d => d.Webhooks),
            description: "Webhook deliveries waiting to be sent or retried (counted at most every 10 seconds).");
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>One answer of the gateways' access check, as it is returned: a decision, or a refusal of malformed input.</summary>
    public void AccessChecked(string? surface, Outcome<AccessAnswer> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!_accessChecks.Enabled) return;
        var reason = outcome.Succeeded ? Reasons[(int)outcome.Value!.Reason] : InvalidInput;
        _accessChecks.Add(1, new KeyValuePair<string, object?>("surface", SurfaceTag(surface)), new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>A full load of the access snapshot completed.</summary>
    public void SnapshotReloaded(long startedAt)
    {
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        _snapshotReloads.Record(System.Diagnostics.Stopwatch.GetElapsedTime(startedAt, now).TotalSeconds);
        Volatile.Write(ref _snapshotLoadedAt, now);
    }

    /// <summary>Changed organizations (or the reference data) were applied to the access snapshot.</summary>
    public void SnapshotChangeApplied() => Volatile.Write(ref _snapshotChangedAt, System.Diagnostics.Stopwatch.GetTimestamp());

    public void GrantsEnabled(int count)
    {
        if (count > 0) _grantsEnabled.Add(count);
    }

    /// <summary>The tag for the gateway's surface text: one of the contract's names, spelled exactly, or <see cref="UnknownSurface"/>.</summary>
    private static string SurfaceTag(string? surface)
    {
        foreach (var name in Surfaces)
        {
            if (string.Equals(name, surface, StringComparison.Ordinal)) return name;
        }

        return UnknownSurface;
    }

    /// <summary>Nothing before the first load: an age would be a guess.</summary>
    private static IEnumerable<Measurement<double>> SecondsSince(long timestamp) =>
        timestamp == 0 ? [] : [new Measurement<double>(System.Diagnostics.Stopwatch.GetElapsedTime(timestamp).TotalSeconds)];

    /// <summary>The last count; a new one is started in the background when it is missing or older than <see cref="QueueDepthMaxAge"/>.</summary>
    private IEnumerable<Measurement<long>> QueueDepth(Func<QueueDepths, long> depth)
    {
        var depths = Volatile.Read(ref _queueDepths);
        if ((depths is null || System.Diagnostics.Stopwatch.GetElapsedTime(depths.CountedAt) > QueueDepthMaxAge)
            && Interlocked.CompareExchange(ref _countingQueues, 1, 0) == 0)
        {
            _ = Task.Run(CountQueuesAsync);
        }

        return depths is null ? [] : [new Measurement<long>(depth(depths))];
    }

    private async Task CountQueuesAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var outbox = await db.OutboxMessages.CountAsync(m => m.DeliveredAt == null, timeout.Token);
            var webhooks = await db.WebhookDeliveries.CountAsync(d => d.Status == WebhookDeliveryStatus.Pending, timeout.Token);
            Volatile.Write(ref _queueDepths, new QueueDepths(outbox, webhooks, System.Diagnostics.Stopwatch.GetTimestamp()));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The metrics go without a fresh count; the portal goes on. Tried again at the next scrape.
            _logger.LogWarning(e, "Counting the outbox and webhook queues for the metrics failed");
        }
        finally
        {
            Volatile.Write(ref _countingQueues, 0);
        }
    }

    private sealed record QueueDepths(long Outbox, long Webhooks, long CountedAt);
}
