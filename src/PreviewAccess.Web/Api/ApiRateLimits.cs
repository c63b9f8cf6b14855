using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PreviewAccess.Web.Features.ApiKeys;

namespace PreviewAccess.Web.Api;

/// <summary><c>Api:RateLimits</c>: requests per minute, per API key (or per client address for the anonymous endpoint).</summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "Api:RateLimits";

    /// <summary>The gateways' hot path.</summary>
    public int AccessCheckPerMinute { get; set; } = 600;

    /// <summary>Every other endpoint with a key.</summary>
    public int PerKeyPerMinute { get; set; } = 120;

    /// <summary>Accepting an invitation, per client address: the one anonymous endpoint, and a token guesser's door.</summary>
    public int AcceptInvitationPerMinute { get; set; } = 10;
}

/// <summary>The API's rate limits. Past one, the answer is 429 problem details with <c>Retry-After</c>.</summary>
public static class ApiRateLimits
{
    public const string AccessCheck = "api-access-check";
    public const string PerKey = "api-per-key";
    public const string AcceptInvitation = "api-accept-invitation";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services)
    {
        services.AddOptions<ApiRateLimitOptions>().BindConfiguration(ApiRateLimitOptions.Section)
            .Validate(o => o.AccessCheckPerMinute > 0 && o.PerKeyPerMinute > 0 && o.AcceptInvitationPerMinute > 0, "Api:RateLimits values must be positive.")
            .ValidateOnStart();

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = WriteRejectionAsync;
            options.AddPolicy(AccessCheck, context => PerMinute(KeyOf(context), Limits(context).AccessCheckPerMinute));
            options.AddPolicy(PerKey, context => PerMinute(KeyOf(context), Limits(context).PerKeyPerMinute));
            options.AddPolicy(AcceptInvitation, context => PerMinute("ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), Limits(context).AcceptInvitationPerMinute));
        });
        return services;
    }

    private static ApiRateLimitOptions Limits(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value;

    /// <summary>
    /// The key's id (a GUID), set by the API key scheme; authorization has run, so a request without one never gets
    /// here. Each policy has partitions of its own; the id is used as it is, so a gateway's request concatenates nothing.
    /// </summary>
    private static string KeyOf(HttpContext context) =>
        context.User.FindFirst(ApiKeyDefaults.KeyIdClaim)?.Value ?? "address:" + context.Connection.RemoteIpAddress;

    private static RateLimitPartition<string> PerMinute(string partition, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too Many Requests", Detail = "Too many requests: slow down and try again later." },
        });
    }
}
