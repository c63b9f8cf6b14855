using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using PreviewAccess.Web.Features.Accounts;

namespace PreviewAccess.Web.Features.MultiFactor;

/// <summary>
/// Limits the anonymous passkey sign-in per client address (IPv6 by its /64, as <see cref="SignInThrottle"/> counts):
/// every request for options (each makes a fresh challenge), and the failed sign-ins (each checks a signature against
/// the database). Successes do not count, so an office signing in with passkeys through one address never meets the
/// limit. In memory, per instance; idle addresses are forgotten by the limiter itself.
/// </summary>
public sealed class PasskeySignInThrottle : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> _requests;
    private readonly PartitionedRateLimiter<string> _failures;

    public PasskeySignInThrottle(IOptions<MultiFactorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _requests = PerMinute(options.Value.PasskeyRequestsPerAddressPerMinute);
        _failures = PerMinute(options.Value.PasskeyFailuresPerAddressPerMinute);
    }

    /// <summary>One request for passkey options from this address, or how long to wait.</summary>
    public bool TryRequestOptions(IPAddress? address, out TimeSpan retryAfter) => TryTake(_requests, address, permits: 1, out retryAfter);

    /// <summary>Whether this address may try to sign in now (without using up anything), or how long to wait.</summary>
    public bool MayTrySignIn(IPAddress? address, out TimeSpan retryAfter) => TryTake(_failures, address, permits: 0, out retryAfter);

    /// <summary>Counts a failed passkey sign-in from this address.</summary>
    public void Failed(IPAddress? address) => TryTake(_failures, address, permits: 1, out _);

    public void Dispose()
    {
        _requests.Dispose();
        _failures.Dispose();
    }

    private static bool TryTake(PartitionedRateLimiter<string> limiter, IPAddress? address, int permits, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire(SignInThrottle.ClientKey(address), permits);
        retryAfter = lease.IsAcquired ? TimeSpan.Zero : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : Window;
        return lease.IsAcquired;
    }

    private static PartitionedRateLimiter<string> PerMinute(int permits) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
