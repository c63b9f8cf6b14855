using PreviewAccess.Domain.Common;

namespace PreviewAccess.Domain.Invitations;

public enum InvitationStatus
{
    Pending,
    Accepted,
    Expired,
    Revoked,
}

/// <summary>
/// An invitation to one contact email. Single use; it expires; a resend gives it a new token and the
/// old token dies. Only the hash of the token is kept.
/// </summary>
public sealed class Invitation
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(14);

    private Invitation() { Email = TokenHash = string.Empty; }

    internal Invitation(Guid organizationId, string email, string tokenHash, Guid invitedBy, DateTimeOffset now, TimeSpan lifetime)
    {
        if (lifetime <= TimeSpan.Zero) throw new DomainException("An invitation must live for some time.");
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        Email = EmailAddress.Require(email, "contact email");
        TokenHash = tokenHash;
        InvitedBy = invitedBy;
        SentAt = now;
        ExpiresAt = now + lifetime;
        StoredStatus = InvitationStatus.Pending;
    }

    public Guid Id { get; private init; }

    public Guid OrganizationId { get; private init; }

    public string Email { get; private set; }

    public string TokenHash { get; private set; }

    public Guid InvitedBy { get; private init; }

    public DateTimeOffset SentAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>Pending, Accepted or Revoked as stored; expiry is derived from the clock by <see cref="StatusAt"/>.</summary>
    public InvitationStatus StoredStatus { get; private set; }

    public InvitationStatus StatusAt(DateTimeOffset now) =>
        StoredStatus == InvitationStatus.Pending && now >= ExpiresAt ? InvitationStatus.Expired : StoredStatus;

    public bool IsPendingAt(DateTimeOffset now) => StatusAt(now) == InvitationStatus.Pending;

    internal void Accept(DateTimeOffset now)
    {
        if (!IsPendingAt(now)) throw new DomainException("This invitation can no longer be used.");
        StoredStatus = InvitationStatus.Accepted;
        AcceptedAt = now;
    }

    internal void Resend(string newTokenHash, DateTimeOffset now, TimeSpan lifetime)
    {
        var status = StatusAt(now);
        if (status is InvitationStatus.Accepted or InvitationStatus.Revoked) throw new DomainException($"An invitation that is {status.ToString().ToLowerInvariant()} cannot be resent.");
        TokenHash = newTokenHash;
        SentAt = now;
        ExpiresAt = now + lifetime;
        StoredStatus = InvitationStatus.Pending;
    }

    internal void Revoke(DateTimeOffset now)
    {
        var status = StatusAt(now);
        if (status is InvitationStatus.Accepted or InvitationStatus.Revoked) throw new DomainException($"An invitation that is {status.ToString().ToLowerInvariant()} cannot be revoked.");
        StoredStatus = InvitationStatus.Revoked;
        RevokedAt = now;
    }
}
