using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PreviewAccess.Data;
using PreviewAccess.Domain.Webhooks;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Features.Webhooks;

/// <summary>
/// Sends the queued webhook deliveries, on every instance. A pass claims due deliveries for a lease — on
/// PostgreSQL with <c>FOR UPDATE SKIP LOCKED</c>, so instances never claim the same row; on SQLite (one instance)
/// the row's version settles it — then posts each, signed, and records the outcome: a 2xx delivers it, anything else
/// (an error status, a timeout, a refused address) schedules a retry with back-off, until the last attempt fails it.
/// </summary>
public sealed class WebhookDispatcher(
    IServiceScopeFactory scopes, IHttpClientFactory httpClients, TimeProvider clock, IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    public const string HttpClientName = "webhooks";
    private const int BatchSize = 10;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longer than a whole batch may take (each attempt is bounded by the timeout), so that no claim lapses before its
    /// delivery is sent and recorded: otherwise another instance could claim it and send it a second time.
    /// </summary>
    private TimeSpan Lease => options.Value.Timeout * (BatchSize + 2);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PollingLoop.RunAsync("Webhook dispatch", async ct => await DispatchOnceAsync(ct) > 0, Idle, TimeSpan.FromSeconds(5), clock, logger, stoppingToken);

    /// <returns>How many deliveries were attempted (delivered or failed).</returns>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var secrets = scope.ServiceProvider.GetRequiredService<WebhookSecrets>();
        var claimed = await ClaimAsync(db, scope.ServiceProvider.GetRequiredService<UnitOfWork>(), cancellationToken);
        if (claimed.Count == 0) return 0;

        var endpointIds = claimed.Select(d => d.EndpointId).Distinct().ToList();
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => endpointIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
        var client = httpClients.CreateClient(HttpClientName);
        foreach (var delivery in claimed)
        {
            // Deleted since the claim: its deliveries went with it, and nothing is sent.
            if (!endpoints.TryGetValue(delivery.EndpointId, out var endpoint)) continue;
            string secret;
            try
            {
                secret = secrets.Unprotect(endpoint.ProtectedSecret);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                // The data-protection key that encrypted it is gone: nothing can be signed for this endpoint.
                Failed(delivery, endpoint, null, "The endpoint's signing secret can no longer be read; register the endpoint again.");
                await db.SaveChangesAsync(CancellationToken.None);
                continue;
            }

            await AttemptAsync(client, delivery, endpoint, secret, cancellationToken);
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
            }
            catch (DbUpdateConcurrencyException)
            {
                logger.LogWarning("Webhook delivery {DeliveryId} was changed by another instance while it was sent", delivery.Id);
                db.Entry(delivery).State = EntityState.Detached;
            }
        }

        return claimed.Count;
    }

    private async Task AttemptAsync(HttpClient client, WebhookDelivery delivery, WebhookEndpoint endpoint, string secret, CancellationToken cancellationToken)
    {
        var timestamp = WebhookSignature.Timestamp(clock.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.Url, UriKind.Absolute));
        request.Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json");
        request.Headers.Add(WebhookSignature.EventIdHeader, delivery.EventId.ToString());
        request.Headers.Add(WebhookSignature.EventTypeHeader, delivery.EventType);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(secret, timestamp, delivery.Payload));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("PreviewAccess-Webhooks", "1"));

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                delivery.Delivered(clock.GetUtcNow(), status);
                logger.LogInformation("Webhook delivery {DeliveryId} of event {EventId} to endpoint {EndpointId} delivered ({StatusCode})",
                    delivery.Id, delivery.EventId, endpoint.Id, status);
                return;
            }

            Failed(delivery, endpoint, status, $"The receiver answered {status} {response.ReasonPhrase}.".Replace(" .", ".", StringComparison.Ordinal));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Failed(delivery, endpoint, null, $"No answer within {options.Value.Timeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException e)
        {
            Failed(delivery, endpoint, null, Innermost(e));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever else went wrong is this attempt's failure: the delivery must not stay claimed and untried.
            Failed(delivery, endpoint, null, e.Message);
        }
    }

    private void Failed(WebhookDelivery delivery, WebhookEndpoint endpoint, int? status, string error)
    {
        delivery.AttemptFailed(clock.GetUtcNow(), status, error, (Random.Shared.NextDouble() * 2) - 1);
        logger.LogWarning("Webhook delivery {DeliveryId} to endpoint {EndpointId} failed (attempt {Attempt}, {Outcome}): {Error}",
            delivery.Id, endpoint.Id, delivery.Attempts, delivery.Status, error);
    }

    /// <summary>The refusal or socket error itself, rather than the wrapper's "an error occurred while sending".</summary>
    private static string Innermost(Exception e)
    {
        var refused = e;
        while (refused is not null and not WebhookAddressRefusedException) refused = refused.InnerException;
        if (refused is not null) return "Refused: " + refused.Message;
        return e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
    }

    private async Task<List<WebhookDelivery>> ClaimAsync(PortalDbContext db, UnitOfWork unitOfWork, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claimed = await unitOfWork.RunAsync(async ct =>
        {
            List<WebhookDelivery> due;
            if (db.Provider == DatabaseProvider.Postgres)
            {
                due = await db.WebhookDeliveries.FromSql($"""
                    SELECT d.* FROM "WebhookDeliveries" d
                    WHERE d."Status" = 'Pending' AND d."NextAttemptAt" <= {now} AND (d."ClaimedUntil" IS NULL OR d."ClaimedUntil" < {now})
                      AND EXISTS (SELECT 1 FROM "WebhookEndpoints" e WHERE e."Id" = d."EndpointId" AND e."IsActive")
                    ORDER BY d."NextAttemptAt"
                    LIMIT {BatchSize}
                    FOR UPDATE OF d SKIP LOCKED
                    """).ToListAsync(ct);
            }
            else
            {
                due = await db.WebhookDeliveries
                    .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil < now)
                        && db.WebhookEndpoints.Any(e => e.Id == d.EndpointId && e.IsActive))
                    .OrderBy(d => d.NextAttemptAt).Take(BatchSize).ToListAsync(ct);
            }

            foreach (var delivery in due) delivery.Claim(now, Lease);
            return due;
        }, cancellationToken);
        return claimed;
    }
}
