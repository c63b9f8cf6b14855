namespace PreviewAccess.Web.Features.Accounts;

/// <summary>
/// <c>SignIn:*</c>: how far one client address gets with failed sign-ins, when an account locks, and how long mailed
/// password links live. The failure limits are kept in memory, per instance.
/// </summary>
public sealed class SignInDefenseOptions
{
    public const string Section = "SignIn";

    /// <summary>Failed sign-ins one client address may make against one account within the window; past it, 429.</summary>
    public int FailuresPerAddressAndAccount { get; set; } = 10;

    /// <summary>Failed sign-ins one client address may make against all accounts together within the window; past it, 429.</summary>
    public int FailuresPerAddress { get; set; } = 30;

    /// <summary>The sliding window of both failure limits (and of the forgot-password requests per address), in minutes.</summary>
    public int FailureWindowMinutes { get; set; } = 15;

    /// <summary>Failures that lock an account (Identity's lockout); its owner is mailed when it happens.</summary>
    public int LockoutThreshold { get; set; } = 20;

    public int LockoutMinutes { get; set; } = 15;

    /// <summary>
    /// How many failures from one client address against one account count toward that account's lockout in 24 hours.
    /// Locking therefore takes failures from at least <see cref="LockoutThreshold"/> / this many addresses: a stranger
    /// on one address can be slowed down but cannot lock anyone out.
    /// </summary>
    public int LockoutFailuresPerAddressPerDay { get; set; } = 3;

    /// <summary>How long a forgot-password link works (it works once).</summary>
    public TimeSpan PasswordResetLinkLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long the link a new staff user gets to choose their first password works (it works once).</summary>
    public TimeSpan FirstPasswordLinkLifetime { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Forgot-password requests one client address may make within the window; past it, 429.</summary>
    public int PasswordResetRequestsPerAddress { get; set; } = 10;

    public TimeSpan FailureWindow => TimeSpan.FromMinutes(FailureWindowMinutes);

    public bool IsValid =>
        FailuresPerAddressAndAccount > 0 && FailuresPerAddress > 0 && FailureWindowMinutes > 0 && LockoutThreshold > 0 && LockoutMinutes > 0
        && LockoutFailuresPerAddressPerDay > 0 && PasswordResetRequestsPerAddress > 0
        && PasswordResetLinkLifetime > TimeSpan.Zero && PasswordResetLinkLifetime <= TimeSpan.FromDays(1)
        && FirstPasswordLinkLifetime > TimeSpan.Zero && FirstPasswordLinkLifetime <= TimeSpan.FromDays(14);
}
