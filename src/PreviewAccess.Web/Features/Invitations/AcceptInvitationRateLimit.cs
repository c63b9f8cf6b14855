using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace PreviewAccess.Web.Features.Invitations;

/// <summary>The <c>Partner</c> section: settings of the partners' pages.</summary>
public sealed class PartnerOptions
{
    public const string Section = "Partner";

    /// <summary>How many times one client address may open or submit the accept-invitation page per minute.</summary>
    public int AcceptInvitationPermitsPerMinute { get; set; } = 10;
}

/// <summary>
/// The accept-invitation page's own limit, per client address, on GET and POST alike: the page reads tokens,
/// so it must not become a place to try them. Past the limit the page answers 429.
/// </summary>
public sealed class AcceptInvitationRateLimit : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter;

    public AcceptInvitationRateLimit(IOptions<PartnerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var permits = options.Value.AcceptInvitationPermitsPerMinute;
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = Window, QueueLimit = 0, AutoReplenishment = true }));
    }

    public static TimeSpan Window { get; } = TimeSpan.FromMinutes(1);

    /// <summary>Takes one permit for this request's client; false past the limit.</summary>
    public bool TryAcquire(HttpContext context)
    {
        using var lease = _limiter.AttemptAcquire(context);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
