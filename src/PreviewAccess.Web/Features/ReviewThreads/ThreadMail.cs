using PreviewAccess.Web.Features.Mail;

namespace PreviewAccess.Web.Features.ReviewThreads;

/// <summary>A new message of a review's conversation, mailed to the other side.</summary>
public static class ThreadMail
{
    /// <summary>To the account representative: the partner answered their question; the request is under review again.</summary>
    public static OutgoingMail AnsweredToRepresentative(string to, string? representativeName, string organizationName, string what, string body, Uri link) =>
        new(to, $"GPT-5.6 preview: {organizationName} answered your question",
            $"""
            Hello{(string.IsNullOrWhiteSpace(representativeName) ? string.Empty : " " + representativeName)},

            {organizationName} answered your question about its {what}:

            {body}

            The {what} is under review again:

            {link}

            The GPT-5.6 preview program
            """);

    /// <summary>To the partner: a reviewer wrote in the conversation. It changes nothing by itself.</summary>
    public static OutgoingMail FromReviewer(string to, string organizationName, string what, string body, Uri link) =>
        new(to, $"GPT-5.6 preview: a message about {organizationName}'s {what}",
            $"""
            Hello,

            Your account representative wrote about your organization's {what}:

            {body}

            Read and answer it in the preview portal: {link}

            Your current access is unchanged.

            The GPT-5.6 preview program team
            """);
}
