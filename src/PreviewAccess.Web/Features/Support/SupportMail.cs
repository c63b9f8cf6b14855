using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Mail;

namespace PreviewAccess.Web.Features.Support;

/// <summary>
/// The mails a support case's conversation sends: each public reply goes to the other side. They carry the reply
/// itself and a link to the case; an internal note is never the text of any of them.
/// </summary>
public static class SupportMail
{
    private const string Signature = "\n\nOpenAI Support for the GPT-5.6 preview program";

    /// <summary>Support answered: to the partner who opened the case.</summary>
    public static OutgoingMail ReplyToPartner(string to, string organizationName, SupportCaseCategory category, string reply, Uri caseUrl)
    {
        ArgumentNullException.ThrowIfNull(caseUrl);
        return new(to, $"GPT-5.6 preview support: a reply on your case for {organizationName}",
            $"""
            Hello,

            Support replied on your case ({Vocabulary.CategoryForPartner(category)}):

            {reply}

            To answer, open the case in the preview portal and write your reply there (replies to this mail are not read):

            {caseUrl}
            {Signature}
            """);
    }

    /// <summary>The partner replied: to the case's assignee, or to the support staff while nobody has taken it.</summary>
    public static OutgoingMail ReplyToDesk(string to, string organizationName, string partnerEmail, SupportCaseStatus status, string reply, Uri caseUrl)
    {
        ArgumentNullException.ThrowIfNull(caseUrl);
        return new(to, $"Support case for {organizationName}: the partner replied",
            $"""
            {partnerEmail} ({organizationName}) replied on a support case, which is now {Vocabulary.For(status).Text.ToLowerInvariant()}:

            {reply}

            Open the case on the support desk:

            {caseUrl}
            {Signature}
            """);
    }
}
