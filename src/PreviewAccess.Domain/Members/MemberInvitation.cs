using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Invitations;

namespace PreviewAccess.Domain.Members;

/// <summary>
/// The organization's owner invites a colleague to sign in for the same organization. Like the organization's own
/// invitation (<see cref="Invitation"/>): one email, a secret link kept only as its hash, single use, it expires, the
/// owner can revoke it. Being a member grants no access: access is only what a grant's approved account emails say.
/// </summary>
public sealed class MemberInvitation : Aggregate
{
    private MemberInvitation() { Email = TokenHash = string.Empty; }

    private MemberInvitation(Guid organizationId, string email, string tokenHash, Guid invitedBy, DateTimeOffset now, TimeSpan lifetime)
    {
        OrganizationId = organizationId;
        Email = email;
        TokenHash = tokenHash;
        InvitedBy = invitedBy;
        SentAt = now;
        ExpiresAt = now + lifetime;
        StoredStatus = InvitationStatus.Pending;
    }

    /// <param name="tokenHash">The SHA-256 of the secret that goes in the mail (<see cref="SecretToken"/>); the secret itself is never kept.</param>
    public static MemberInvitation Issue(Guid organizationId, string email, string tokenHash, Guid invitedBy, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenHash);
        if (lifetime <= TimeSpan.Zero) throw new DomainException("An invitation must live for some time.");
        if (!EmailAddress.IsValid(email)) throw new DomainException(nameof(Email), "Enter your colleague's email address, like name@example.com.");
        return new MemberInvitation(organizationId, EmailAddress.Normalize(email), tokenHash, invitedBy, now, lifetime);
    }

    public Guid OrganizationId { get; private init; }

    public string Email { get; private init; }

    public string TokenHash { get; private init; }

    /// <summary>The owner who sent it.</summary>
    public Guid InvitedBy { get; private init; }

    public DateTimeOffset SentAt { get; private init; }

    public DateTimeOffset ExpiresAt { get; private init; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    /// <summary>The account the colleague made with it.</summary>
    public Guid? AcceptedBy { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>Pending, Accepted or Revoked as stored; expiry is derived from the clock by <see cref="StatusAt"/>.</summary>
    public InvitationStatus StoredStatus { get; private set; }

    public InvitationStatus StatusAt(DateTimeOffset now) =>
        StoredStatus == InvitationStatus.Pending && now >= ExpiresAt ? InvitationStatus.Expired : StoredStatus;

    public bool IsPendingAt(DateTimeOffset now) => StatusAt(now) == InvitationStatus.Pending;

    /// <summary>Used once: by the account it made.</summary>
    public void Accept(Guid userId, DateTimeOffset now)
    {
        if (!IsPendingAt(now)) throw new DomainException("This invitation can no longer be used.");
        StoredStatus = InvitationStatus.Accepted;
        AcceptedAt = now;
        AcceptedBy = userId;
    }

    public void Revoke(DateTimeOffset now)
    {
        var status = StatusAt(now);
        if (status is not InvitationStatus.Pending) throw new DomainException($"An invitation that is {status.ToString().ToLowerInvariant()} cannot be revoked.");
        StoredStatus = InvitationStatus.Revoked;
        RevokedAt = now;
    }
}
