using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace PreviewAccess.Web.Features.Accounts;

/// <summary>
/// Counts failed sign-ins in sliding windows, per client address and per (client address, account), and refuses the
/// next attempt once either is full. Only failures count: people signing in successfully from one office address never
/// meet the limit. An attempt reserves its place before the password is checked and gives it back when it succeeds,
/// so parallel guesses cannot slip past the limit. Accounts are counted by the email typed, whether or not an account
/// has it: the limits behave the same for every email and tell a guesser nothing.
/// </summary>
/// <remarks>
/// In memory, per instance: behind a load balancer with N instances an address gets up to N times the limits. An IPv6
/// client is counted by its /64 network, which one household or server usually holds whole.
/// </remarks>
public sealed class SignInThrottle
{
    /// <summary>Above this many tracked keys per window, new keys go uncounted rather than the memory growing without end.</summary>
    private const int MaxTrackedKeys = 100_000;

    private static readonly TimeSpan LockoutShareWindow = TimeSpan.FromDays(1);
    private static readonly TimeSpan ResetMailWindow = TimeSpan.FromHours(1);

    /// <summary>Forgot-password mails one account receives per hour at most, however often it is asked for.</summary>
    public const int ResetMailsPerAccountPerHour = 3;

    private readonly SlidingWindows _perAddress;
    private readonly SlidingWindows _perAddressAndAccount;
    private readonly SlidingWindows _lockoutShares;
    private readonly SlidingWindows _resetRequests;
    private readonly SlidingWindows _resetMails;

    public SignInThrottle(IOptions<SignInDefenseOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _perAddress = new(settings.FailuresPerAddress, settings.FailureWindow, clock);
        _perAddressAndAccount = new(settings.FailuresPerAddressAndAccount, settings.FailureWindow, clock);
        _lockoutShares = new(settings.LockoutFailuresPerAddressPerDay, LockoutShareWindow, clock);
        _resetRequests = new(settings.PasswordResetRequestsPerAddress, settings.FailureWindow, clock);
        _resetMails = new(ResetMailsPerAccountPerHour, ResetMailWindow, clock);
    }

    /// <summary>
    /// Reserves one failure's place for this address and account, or says how long to wait. The caller settles the
    /// attempt: <see cref="SignInAttempt.Succeeded"/> gives the place back; a failure keeps it.
    /// </summary>
    public bool TryBegin(IPAddress? address, string email, out SignInAttempt attempt, out TimeSpan retryAfter)
    {
        var client = ClientKey(address);
        var reservation = SlidingWindows.TryReserveBoth(_perAddress, client, _perAddressAndAccount, client + "|" + AccountKey(email), out retryAfter);
        attempt = new SignInAttempt(reservation);
        return reservation is not null;
    }

    /// <summary>
    /// Whether this failure counts toward the account's lockout: only the first few per address and account each day
    /// do, so that locking an account takes failures from many addresses.
    /// </summary>
    public bool CountsTowardLockout(IPAddress? address, string email) =>
        _lockoutShares.TryReserve(ClientKey(address) + "|" + AccountKey(email), out _) is not null;

    /// <summary>One forgot-password request from this address, or how long to wait.</summary>
    public bool TryRequestPasswordReset(IPAddress? address, out TimeSpan retryAfter) =>
        _resetRequests.TryReserve(ClientKey(address), out retryAfter) is not null;

    /// <summary>Whether this account may be mailed another reset link now (a few per hour, against mail bombing).</summary>
    public bool TryMailPasswordReset(string email) => _resetMails.TryReserve(AccountKey(email), out _) is not null;

    /// <summary>IPv4 as it is; IPv6 by its /64 network; no address at all (in-process hosts) as one shared client.</summary>
    public static string ClientKey(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static string AccountKey(string email) => email.Trim().ToUpperInvariant();

    /// <summary>A sliding log of reservation times per key, each holding at most the limit's worth of entries.</summary>
    private sealed class SlidingWindows(int limit, TimeSpan window, TimeProvider clock)
    {
        private readonly ConcurrentDictionary<string, Log> _logs = new(StringComparer.Ordinal);
        private long _nextSweepTicks;

        private int Limit { get; } = limit;

        private TimeSpan Window { get; } = window;

        public Reservation? TryReserve(string key, out TimeSpan retryAfter) => TryReserveBoth(this, key, null, null, out retryAfter);

        /// <summary>Takes a place in both windows or in neither.</summary>
        public static Reservation? TryReserveBoth(SlidingWindows first, string firstKey, SlidingWindows? second, string? secondKey, out TimeSpan retryAfter)
        {
            while (true)
            {
                var now = first.Now();
                first.SweepIfDue(now);
                second?.SweepIfDue(now);
                var a = first.LogFor(firstKey);
                var b = second?.LogFor(secondKey!);
                // Always first, then second: no two callers wait for each other.
                lock (a ?? (object)first)
                {
                    lock (b ?? (object)first)
                    {
                        if (a is { Retired: true } || b is { Retired: true }) continue;
                        retryAfter = TimeSpan.Zero;
                        if (a?.WaitFor(now, first.Limit, first.Window) is { } waitA) retryAfter = waitA;
                        if (b?.WaitFor(now, second!.Limit, second.Window) is { } waitB && waitB > retryAfter) retryAfter = waitB;
                        if (retryAfter > TimeSpan.Zero) return null;
                        a?.Times.Add(now);
                        b?.Times.Add(now);
                        return new Reservation(a, b, now);
                    }
                }
            }
        }

        private DateTimeOffset Now() => clock.GetUtcNow();

        /// <returns>The key's log, or null when too many keys are tracked: the key then goes uncounted.</returns>
        private Log? LogFor(string key)
        {
            if (_logs.TryGetValue(key, out var log)) return log;
            return _logs.Count >= MaxTrackedKeys ? null : _logs.GetOrAdd(key, _ => new Log());
        }

        /// <summary>Forgets keys whose entries have all aged out, at most once per window.</summary>
        private void SweepIfDue(DateTimeOffset now)
        {
            var due = Interlocked.Read(ref _nextSweepTicks);
            if (now.UtcTicks < due) return;
            if (Interlocked.CompareExchange(ref _nextSweepTicks, now.UtcTicks + Math.Min(Window.Ticks, TimeSpan.FromMinutes(1).Ticks), due) != due) return;
            foreach (var entry in _logs)
            {
                lock (entry.Value)
                {
                    entry.Value.Prune(now, Window);
                    if (entry.Value.Times.Count > 0) continue;
                    entry.Value.Retired = true;
                    _logs.TryRemove(entry);
                }
            }
        }
    }

    internal sealed class Log
    {
        public List<DateTimeOffset> Times { get; } = [];

        /// <summary>Set when the sweep drops this log: a caller holding it must look the key up again.</summary>
        public bool Retired { get; set; }

        public void Prune(DateTimeOffset now, TimeSpan window) => Times.RemoveAll(at => at <= now - window);

        /// <returns>How long until a place frees up, or null when there is one.</returns>
        public TimeSpan? WaitFor(DateTimeOffset now, int limit, TimeSpan window)
        {
            Prune(now, window);
            return Times.Count < limit ? null : Times[Times.Count - limit] + window - now;
        }
    }

    /// <summary>The places one attempt took; giving them back removes exactly those entries.</summary>
    internal sealed class Reservation(Log? first, Log? second, DateTimeOffset at)
    {
        public void Release()
        {
            foreach (var log in new[] { first, second })
            {
                if (log is null) continue;
                lock (log) log.Times.Remove(at);
            }
        }
    }
}

/// <summary>One sign-in attempt that passed the throttle. A failure keeps its place in the windows; a success gives it back.</summary>
public sealed class SignInAttempt
{
    private readonly SignInThrottle.Reservation? _reservation;
    private bool _settled;

    internal SignInAttempt(SignInThrottle.Reservation? reservation) => _reservation = reservation;

    public void Succeeded()
    {
        if (_settled) return;
        _settled = true;
        _reservation?.Release();
    }

    public void Failed() => _settled = true;
}
