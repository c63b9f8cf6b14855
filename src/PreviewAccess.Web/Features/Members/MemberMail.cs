using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Mail;

namespace PreviewAccess.Web.Features.Members;

/// <summary>The mail a colleague receives when the organization's owner invites them.</summary>
public static class MemberMail
{
    public static OutgoingMail Invitation(string to, string organizationName, string invitedByName, Uri joinUrl, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(joinUrl);
        return new(to, $"{invitedByName} invited you to {organizationName}'s GPT-5.6 preview account",
            $"""
            Hello,

            {invitedByName} invited you to sign in to the GPT-5.6 preview portal for {organizationName}, to follow its status, open support cases and send feedback.

            To create your own sign-in, open this link and choose your name and password:

            {joinUrl}

            The link can be used once and expires on {Vocabulary.Day(expiresAt)}. If it has expired, ask {invitedByName} for a new one.

            Joining the portal does not give you access to the models: access is only for the account emails approved for your organization's grants.

            The GPT-5.6 preview program team
            """);
    }
}
