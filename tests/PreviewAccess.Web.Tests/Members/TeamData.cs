using System.Text.Json;
using System.Text.RegularExpressions;
using PreviewAccess.Data.Outbox;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Members;
using PreviewAccess.Web.Features.Mail;

namespace PreviewAccess.Web.Tests.Members;

/// <summary>A colleague's invitation a test arranged, with the token its mail would carry.</summary>
public sealed record TestColleagueInvitation(Guid Id, string Email, string Token);

/// <summary>Teams arranged as the portal makes them: an owner, members, colleagues' invitations.</summary>
public static partial class TeamData
{
    /// <summary>The organization's owner, as the partner who accepted its invitation is.</summary>
    public static async Task<TestUser> OwnerAsync(this TestData data, TestOrganization organization)
    {
        ArgumentNullException.ThrowIfNull(data);
        var owner = await data.PartnerAsync(organization);
        await data.ReadAsync(db => db.Users.Where(u => u.Id == owner.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.IsOrganizationOwner, true)));
        return owner;
    }

    /// <summary>A member who is not the owner.</summary>
    public static Task<TestUser> MemberAsync(this TestData data, TestOrganization organization)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.PartnerAsync(organization, $"colleague-{TestData.Unique()}@{organization.Domain}");
    }

    public static async Task<TestColleagueInvitation> ColleagueInvitationAsync(this TestData data, TestOrganization organization, Guid invitedBy,
        DateTimeOffset? sentAt = null, string? email = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(organization);
        var token = SecretToken.Issue();
        var invitation = MemberInvitation.Issue(organization.Id, email ?? $"invited-{TestData.Unique()}@{organization.Domain}", token.Hash, invitedBy,
            sentAt ?? TestData.Now.AddMinutes(-5), TimeSpan.FromDays(14));
        await data.ReadAsync(async db =>
        {
            db.MemberInvitations.Add(invitation);
            return await db.SaveChangesAsync();
        });
        return new TestColleagueInvitation(invitation.Id, invitation.Email, token.Secret);
    }

    public static Task<InvitationStatus> ColleagueInvitationStatusAsync(this TestData data, Guid invitationId)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.ReadAsync(db => db.MemberInvitations.AsNoTracking().Where(i => i.Id == invitationId).Select(i => i.StoredStatus).SingleAsync());
    }

    /// <summary>Whether the account can still sign in for its organization (a removed member's cannot).</summary>
    public static Task<bool> IsActiveMemberAsync(this TestData data, Guid userId)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.ReadAsync(db => db.Users.AsNoTracking().AnyAsync(u => u.Id == userId && !u.IsDisabled));
    }

    /// <summary>The mails queued for an address (the dispatcher is off in the partner portal: mail stays in the outbox).</summary>
    public static async Task<IReadOnlyList<OutgoingMail>> MailTo(this TestData data, string email)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(email);
        var local = email.Split('@')[0];
        var payloads = await data.ReadAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Kind == OutboxMessage.MailKind && m.Payload.Contains(local)).OrderBy(m => m.Id).Select(m => m.Payload).ToListAsync());
        return payloads.Select(p => JsonSerializer.Deserialize<OutgoingMail>(p)!).Where(m => string.Equals(m.To, email, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>The path and query of the join link in the newest mail to <paramref name="email"/>.</summary>
    public static async Task<string> JoinLinkMailedToAsync(this TestData data, string email)
    {
        var mails = await data.MailTo(email);
        var mail = mails.Count > 0 ? mails[^1] : throw new InvalidOperationException($"No mail to {email}.");
        var link = JoinLink().Match(mail.Body);
        Assert.True(link.Success, "The mail carries no join link: " + mail.Body);
        return link.Value;
    }

    [GeneratedRegex(@"/invitations/member\?token=[A-Za-z0-9_\-%]+")]
    private static partial Regex JoinLink();
}
