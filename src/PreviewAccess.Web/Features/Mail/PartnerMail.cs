using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Mail;

/// <summary>
/// The mails partners receive. Plain and accurate: an invitation is not enrollment, an approval is
/// not access, and only an enabled grant is called access.
/// </summary>
public static class PartnerMail
{
    private const string Signature = "\n\nThe GPT-5.6 preview program team";

    public static OutgoingMail Invitation(string to, string organizationName, Uri acceptUrl, DateTimeOffset expiresAt, string representativeName)
    {
        ArgumentNullException.ThrowIfNull(acceptUrl);
        return new(to, $"Invitation to the GPT-5.6 preview for {organizationName}",
            $"""
            Hello,

            {representativeName}, your OpenAI account representative, has invited {organizationName} to take part in the limited preview of GPT-5.6 (Sol, Terra and Luna) through the OpenAI API and Codex.

            To accept the invitation and enroll your organization, open this link and follow the instructions:

            {acceptUrl}

            The link can be used once and expires on {Vocabulary.Day(expiresAt)}. If it has expired, ask your account representative for a new one.

            Completing enrollment does not make access active: each request is reviewed, approval is given separately for the API and for Codex, and access is enabled on a rolling basis.
            {Signature}
            """);
    }

    public static OutgoingMail Approved(string to, string organizationName, Surface surface, IReadOnlyCollection<string> identifiers, IReadOnlyCollection<string> models)
    {
        ArgumentNullException.ThrowIfNull(identifiers);
        ArgumentNullException.ThrowIfNull(models);
        return new(to, $"GPT-5.6 preview: {surface.DisplayName()} approved for {organizationName} — not yet enabled",
            $"""
            Hello,

            Your organization's request for the {surface.DisplayName()} has been approved for:
            {string.Join("\n", identifiers.Select(i => $"  - {surface.IdentifierName()} {i}"))}
            Models: {string.Join(", ", models)}

            Approval is not access. Access is enabled on a rolling basis; you will receive another message when it is enabled. Until then, requests to GPT-5.6 will not succeed.
            {(surface == Surface.Api ? "This approval covers the API only, not Codex." : "This approval covers Codex only, not the API.")}

            You can follow the status in the preview portal.
            {Signature}
            """);
    }

    /// <param name="message">What the partner is told (<see cref="SurfaceDecision.ForPartner"/>), never the staff's justification.</param>
    public static OutgoingMail Declined(string to, string organizationName, Surface surface, string message) =>
        new(to, $"GPT-5.6 preview: your {surface.DisplayName()} request for {organizationName}",
            $"""
            Hello,

            Your organization's request for the {surface.DisplayName()} in the GPT-5.6 preview was not approved.

            From your account representative: {message}

            Your account representative can answer questions about this decision.
            {Signature}
            """);

    public static OutgoingMail NeedsInformation(string to, string organizationName, Surface surface, string message) =>
        new(to, $"GPT-5.6 preview: more information needed for {organizationName}",
            $"""
            Hello,

            Before your organization's {surface.DisplayName()} request can be decided, your account representative needs more information:

            {message}

            Sign in to the preview portal, update your enrollment and submit it again. Nothing is approved or enabled until then.
            {Signature}
            """);

    public static OutgoingMail Enabled(string to, string organizationName, Surface surface, string identifier, IReadOnlyCollection<string> models, IReadOnlyCollection<string> accountEmails)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(accountEmails);
        return new(to, $"GPT-5.6 preview: access enabled for {organizationName} ({surface.DisplayName()})",
            $"""
            Hello,

            Access to GPT-5.6 is now enabled for {organizationName} on the {surface.DisplayName()}:

              {surface.IdentifierName()}: {identifier}
              Models: {string.Join(", ", models)}
              Approved account emails: {string.Join(", ", accountEmails)}

            Use the approved {surface.IdentifierName()} and sign in with an approved account email. If you cannot access GPT-5.6, the preview portal's "Why can't I access?" page explains why and what to do.
            {Signature}
            """);
    }

    /// <summary>
    /// Access that stops: a grant suspended or revoked by staff, or ended on its expiry date. The staff's reason stays
    /// the staff's (it may be internal); the partner learns what stopped, and whom to ask.
    /// </summary>
    public static OutgoingMail AccessStopped(string to, string organizationName, AccessStop stop, IReadOnlyCollection<(Surface Surface, string Identifier)> grants)
    {
        ArgumentNullException.ThrowIfNull(grants);
        var one = grants.Count == 1;
        var (subject, what, next) = stop switch
        {
            AccessStop.Suspended => ("suspended",
                one ? "is suspended: it gives no access while it is" : "are suspended: they give no access while they are",
                "Your account representative can tell you why and what happens next."),
            AccessStop.Revoked => ("revoked",
                one ? "has been revoked: it no longer gives access" : "have been revoked: they no longer give access",
                "Your account representative can tell you why. To ask for access again, send a request from the preview portal's status page."),
            _ => ("expired",
                one ? "reached its expiry date and has ended: it no longer gives access" : "reached their expiry dates and have ended: they no longer give access",
                "To continue, ask for a renewal from the preview portal's status page, or ask your account representative."),
        };
        var lines = string.Join("\n", grants.Select(g => $"  {g.Surface.DisplayName()}, {g.Surface.IdentifierName()}: {g.Identifier}"));
        return new(to, $"GPT-5.6 preview: {(one ? "grant" : "grants")} {subject} for {organizationName}",
            $"""
            Hello,

            The GPT-5.6 preview {(one ? "grant" : "grants")} of {organizationName} listed below {what}.

            {lines}

            {next} Nothing else of your organization's scope changes.
            {Signature}
            """);
    }
}

/// <summary>Why access stopped, as the partner's mail says it.</summary>
public enum AccessStop
{
    Suspended,
    Revoked,
    Expired,
}
