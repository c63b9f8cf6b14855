using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;

namespace PreviewAccess.Domain.Enrollment;

public enum DecisionOutcome
{
    Approve,
    Decline,
    NeedsInfo,
}

/// <summary>
/// A staff decision on one requested surface. The latest decision per surface counts; earlier ones are history.
/// A needs-info decision carries the message the partner sees above the enrollment form. Otherwise the justification is
/// the staff's record and never reaches the partner: a decline tells them <see cref="PartnerMessage"/> (or
/// <see cref="StandardDeclineMessage"/>), written for them.
/// </summary>
public sealed record SurfaceDecision(
    Surface Surface,
    DecisionOutcome Outcome,
    string Justification,
    Guid DecidedBy,
    DateTimeOffset DecidedAt,
    string? PartnerMessage = null)
{
    public const int MaxJustificationLength = 2000;

    public const int MaxPartnerMessageLength = 2000;

    /// <summary>What a partner is told when the reviewer wrote nothing for them.</summary>
    public const string StandardDeclineMessage =
        "This request was not approved for the preview. Your account representative can tell you more about the decision.";

    /// <summary>What the partner reads about this decision: the question for a needs-info, the partner message for a decline.</summary>
    public string? ForPartner => Outcome switch
    {
        DecisionOutcome.NeedsInfo => Justification,
        DecisionOutcome.Decline => PartnerMessage ?? StandardDeclineMessage,
        _ => null,
    };

    /// <summary>A decision's justification, on its field: required and bounded. Every decision (enrollment, amendment, renewal) asks this.</summary>
    public static void CheckJustification(BrokenRules broken, string? justification)
    {
        ArgumentNullException.ThrowIfNull(broken);
        if (string.IsNullOrWhiteSpace(justification)) broken.Add(nameof(Justification), "Give a justification for the decision.");
        else if (justification.Trim().Length > MaxJustificationLength) broken.Add(nameof(Justification), $"The justification can be at most {MaxJustificationLength} characters.");
    }

    /// <summary>A partner message's rules, on its field: optional, plain and bounded.</summary>
    public static void CheckPartnerMessage(BrokenRules broken, string? partnerMessage)
    {
        ArgumentNullException.ThrowIfNull(broken);
        if (partnerMessage is null) return;
        if (partnerMessage.Trim().Length > MaxPartnerMessageLength) broken.Add(nameof(PartnerMessage), $"The message to the partner can be at most {MaxPartnerMessageLength} characters.");
    }

    /// <summary>The stored form of a partner message: trimmed, and none when blank.</summary>
    public static string? Normalize(string? partnerMessage) => string.IsNullOrWhiteSpace(partnerMessage) ? null : partnerMessage.Trim();

    /// <summary>Approve and Decline settle a surface; NeedsInfo sends the enrollment back.</summary>
    public bool Settles => Outcome is DecisionOutcome.Approve or DecisionOutcome.Decline;
}
