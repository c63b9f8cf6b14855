using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Mail;

namespace PreviewAccess.Web.Features.Amendments;

/// <summary>The mails of an amendment that approval and decline mails (<see cref="PartnerMail"/>) do not already say.</summary>
public static class AmendmentMail
{
    private const string Signature = "\n\nThe GPT-5.6 preview program team";

    /// <summary>To the account representative: what the organization asks to add, surface by surface, and where to review it.</summary>
    public static OutgoingMail Requested(string to, string? representativeName, string organizationName, AmendmentView amendment, Uri reviewUrl)
    {
        ArgumentNullException.ThrowIfNull(amendment);
        ArgumentNullException.ThrowIfNull(reviewUrl);
        var lines = amendment.Changes.Select(c =>
            $"  - {c.Surface.DisplayName()}: {Added(c.Before.Identifiers, c.After.Identifiers, c.Surface.IdentifierName() + "s")}; "
            + $"{Added(c.Before.Models, c.After.Models, "models")}; {Added(c.Before.AccountEmails, c.After.AccountEmails, "account emails")}");
        return new(to, $"GPT-5.6 preview: {organizationName} asks to amend its access",
            $"""
            Hello{(string.IsNullOrWhiteSpace(representativeName) ? string.Empty : " " + representativeName)},

            {organizationName}, one of the organizations you represent, asks to add to its preview access:

            {string.Join("\n", lines)}
            {(amendment.RenewGrantIds.Count > 0 ? $"\nIt also asks to renew {amendment.RenewGrantIds.Count} ended grant(s).\n" : string.Empty)}
            Its current access is unchanged while you review the request, one surface at a time:

            {reviewUrl}

            The GPT-5.6 preview program
            """);
    }

    /// <summary>To the partner: the reviewer's question. Nothing is approved or enabled until they answer.</summary>
    public static OutgoingMail NeedsInformation(string to, string organizationName, Surface surface, string message) =>
        new(to, $"GPT-5.6 preview: more information needed about {organizationName}'s request",
            $"""
            Hello,

            Before your organization's request to add to its {surface.DisplayName()} access can be decided, your account representative needs more information:

            {message}

            Your current access is unchanged. Nothing more is approved or enabled until the request is answered in the preview portal.
            {Signature}
            """);

    private static string Added(IReadOnlyList<string> before, IReadOnlyList<string> after, string what)
    {
        var added = after.Except(before, StringComparer.Ordinal).ToList();
        return added.Count == 0 ? $"no new {what}" : $"new {what}: {string.Join(", ", added)}";
    }
}
