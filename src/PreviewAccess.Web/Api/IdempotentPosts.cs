using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Data.Idempotency;
using PreviewAccess.Web.Features.ApiKeys;

namespace PreviewAccess.Web.Api;

/// <summary>
/// Makes an API POST safe to retry (API.md, Idempotency): with an <c>Idempotency-Key</c> header, the same key and body
/// from the same API key within <see cref="Window"/> gets the first answer again — status, <c>Location</c> and body,
/// marked <c>Idempotent-Replayed: true</c> — without the work being done again; the same key with another request is a
/// 409. The key is claimed in the database before the work runs, so two instances racing with one key do the work once
/// (the second gets a 409 to retry shortly). An answer of 500 or more is not kept: the work may not have happened, and
/// a retry runs it. Runs after authorization, so only requests made with a valid API key are concerned; the anonymous
/// invitation acceptance is single-use by its token already.
/// </summary>
/// <remarks>
/// A claim whose request never finished (the instance stopped mid-way) is released after <see cref="Abandoned"/>: a retry
/// then runs the work again, as it would without a key.
/// </remarks>
public sealed class IdempotentPosts(RequestDelegate next, IServiceScopeFactory scopes, TimeProvider clock, ILogger<IdempotentPosts> logger)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(2);

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.StartsWithSegments("/api/v1")
            || !context.Request.Headers.TryGetValue(Header, out var values)
            || !Guid.TryParse(context.User.FindFirst(ApiKeyDefaults.KeyIdClaim)?.Value, out var apiKeyId))
        {
            await next(context);
            return;
        }

        var problem = values.Count == 1 ? KeyProblem(values[0]) : "Send one Idempotency-Key header.";
        if (problem is not null)
        {
            await ApiResults.Invalid(Header, problem).ExecuteAsync(context);
            return;
        }

        var key = values[0]!;
        var hash = await RequestHashAsync(context.Request, context.RequestAborted);
        var claim = await ClaimAsync(apiKeyId, key, hash, context.RequestAborted);
        switch (claim.State)
        {
            case ClaimState.Replay:
                await ReplayAsync(context, claim.Record!);
                return;
            case ClaimState.OtherRequest:
                await TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency-Key reused",
                    detail: "This Idempotency-Key was sent with a different request in the last 24 hours. Use a new key for a new request.").ExecuteAsync(context);
                return;
            case ClaimState.InProgress:
                context.Response.Headers.RetryAfter = "1";
                await TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Request in progress",
                    detail: "A request with this Idempotency-Key is still being processed. Retry it shortly to get its answer.").ExecuteAsync(context);
                return;
        }

        var original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        var completed = false;
        try
        {
            await next(context);
            completed = true;
        }
        finally
        {
            context.Response.Body = original;
            if (!completed || context.Response.StatusCode >= StatusCodes.Status500InternalServerError) await ReleaseAsync(claim.Record!.Id);
        }

        if (context.Response.StatusCode < StatusCodes.Status500InternalServerError)
        {
            await CompleteAsync(claim.Record!.Id, context.Response, captured.ToArray());
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>1–255 printable ASCII characters (API.md); null when the key is fine.</summary>
    public static string? KeyProblem(string? key) =>
        string.IsNullOrEmpty(key) || key.Length > IdempotentRequest.MaxKeyLength || key.Any(c => c is < ' ' or > '~')
            ? $"Use 1 to {IdempotentRequest.MaxKeyLength} printable ASCII characters."
            : null;

    private static async Task<string> RequestHashAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // The endpoint reads the body after this: keep it readable from the start.
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0) hash.AppendData(buffer, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private enum ClaimState { Claimed, Replay, OtherRequest, InProgress }

    private sealed record Claim(ClaimState State, IdempotentRequest? Record);

    private async Task<Claim> ClaimAsync(Guid apiKeyId, string key, string hash, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var now = clock.GetUtcNow();
            var existing = await db.IdempotentRequests.SingleOrDefaultAsync(r => r.ApiKeyId == apiKeyId && r.Key == key, cancellationToken);
            if (existing is not null)
            {
                var expired = existing.CreatedAt <= now - Window || (!existing.IsCompleted && existing.CreatedAt <= now - Abandoned);
                if (!expired)
                {
                    if (!string.Equals(existing.RequestHash, hash, StringComparison.Ordinal)) return new Claim(ClaimState.OtherRequest, existing);
                    return new Claim(existing.IsCompleted ? ClaimState.Replay : ClaimState.InProgress, existing);
                }

                db.IdempotentRequests.Remove(existing);
            }

            var claim = new IdempotentRequest(apiKeyId, key, hash, now);
            db.IdempotentRequests.Add(claim);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new Claim(ClaimState.Claimed, claim);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another instance claimed (or replaced) the same key meanwhile: read what it wrote.
            }
        }
    }

    private async Task CompleteAsync(Guid id, HttpResponse response, byte[] body)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            if (await db.IdempotentRequests.FindAsync(id) is not { } record) return;
            record.Complete(response.StatusCode, response.ContentType, response.Headers.Location.ToString() is { Length: > 0 } location ? location : null, body);
            await db.SaveChangesAsync();
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
        {
            // The work is done and its answer goes to the client; a retry with this key gets 409 until the claim is abandoned.
            logger.LogWarning(e, "Keeping the answer of an idempotent request failed");
        }
    }

    private async Task ReleaseAsync(Guid id)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await db.IdempotentRequests.Where(r => r.Id == id).ExecuteDeleteAsync();
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
        {
            logger.LogWarning(e, "Releasing the claim of a failed idempotent request failed; it is released after {Minutes} minutes", Abandoned.TotalMinutes);
        }
    }

    private static async Task ReplayAsync(HttpContext context, IdempotentRequest record)
    {
        var response = context.Response;
        response.StatusCode = record.StatusCode!.Value;
        if (record.ContentType is not null) response.ContentType = record.ContentType;
        if (record.Location is not null) response.Headers.Location = record.Location;
        response.Headers[ReplayedHeader] = "true";
        if (record.Body is { Length: > 0 } body) await response.Body.WriteAsync(body, context.RequestAborted);
    }
}

/// <summary>Deletes the idempotent requests older than <see cref="IdempotentPosts.Window"/>, once an hour.</summary>
public sealed class IdempotentRequestsCleanup(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IdempotentRequestsCleanup> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Infrastructure.PollingLoop.RunAsync("Idempotency cleanup", async ct => { await RunOnceAsync(ct); return false; },
            TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), clock, logger, stoppingToken);

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var before = clock.GetUtcNow() - IdempotentPosts.Window;
        return await db.IdempotentRequests.Where(r => r.CreatedAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}
