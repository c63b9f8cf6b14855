namespace PreviewAccess.Data.Identity;

/// <summary>
/// One signed-in browser: the cookie carries only this row's id, the sign-in itself lives here. Deleting the row ends
/// that session on every instance at its next request — signing out, "sign out everywhere else", a password reset.
/// </summary>
public sealed class UserSession
{
    public const int MaxUserAgentLength = 300;
    public const int MaxClientAddressLength = 64;

    private UserSession() { Ticket = []; }

    public UserSession(Guid userId, byte[] ticket, DateTimeOffset now, DateTimeOffset expiresAt, string? userAgent, string? clientAddress)
    {
        Id = Guid.CreateVersion7();
        UserId = userId;
        Ticket = ticket;
        CreatedAt = now;
        LastSeenAt = now;
        ExpiresAt = expiresAt;
        UserAgent = Truncate(userAgent, MaxUserAgentLength);
        ClientAddress = Truncate(clientAddress, MaxClientAddressLength);
    }

    public Guid Id { get; private init; }

    public Guid UserId { get; private init; }

    /// <summary>The authentication ticket, serialized and protected with the data-protection keys.</summary>
    public byte[] Ticket { get; private set; }

    public DateTimeOffset CreatedAt { get; private init; }

    /// <summary>When the session was last used, to the minute.</summary>
    public DateTimeOffset LastSeenAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public string? UserAgent { get; private init; }

    public string? ClientAddress { get; private init; }

    private static string? Truncate(string? value, int length) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Length > length ? value[..length] : value;
}
