using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PreviewAccess.Data;

namespace PreviewAccess.Web.Infrastructure;

/// <summary>
/// Readiness while the database is away: a fresh connection and <c>SELECT 1</c>, outside the execution strategy's
/// retries, given <see cref="Budget"/> in all, so that a load balancer gets its 503 within a second. The probe runs in
/// a scope of its own: when the budget runs out it is left to finish or fail by itself.
/// </summary>
public sealed class DatabaseReadinessCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(800);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Budget);
        var probe = ProbeAsync(deadline.Token);
        try
        {
            await probe.WaitAsync(deadline.Token);
            return HealthCheckResult.Healthy();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _ = probe.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            return HealthCheckResult.Unhealthy($"The database did not answer within {Budget.TotalMilliseconds:0} ms.");
        }
        catch (Exception e) when (DatabaseFaults.IsUnavailable(e) || e is System.Data.Common.DbException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", e);
        }
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var connection = scope.ServiceProvider.GetRequiredService<PortalDbContext>().Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }
}

/// <summary>
/// An API request that could not reach the database (<see cref="DatabaseFaults.IsUnavailable"/>, after the execution
/// strategy's few retries) is a 503 problem with <c>Retry-After</c>, never a 500: the client may send it again — with
/// the same <c>Idempotency-Key</c>, a create that did commit is answered, not repeated. Pages get the error page, which
/// says the same in words (<c>Pages/Error</c>).
/// </summary>
public sealed class DatabaseUnavailableHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public const string Title = "The portal's database is unavailable";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!DatabaseFaults.IsUnavailable(exception) || !httpContext.Request.Path.StartsWithSegments("/api")) return false;

        logger.LogWarning("{Method} {Path} answered 503: the database is unavailable ({Error})", httpContext.Request.Method, httpContext.Request.Path, exception.GetBaseException().Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = DatabaseFaults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = Title,
                Detail = $"Try again in {DatabaseFaults.RetryAfterSeconds} seconds. A write that timed out may have been saved: send it again with the same Idempotency-Key to get its answer without doing it twice.",
            },
        });
    }
}
