using PreviewAccess.Domain.Catalog;

namespace PreviewAccess.Domain.Enrollment;

public enum DecisionOutcome
{
    Approve,
    Decline,
    NeedsInfo,
}

/// <summary>
/// A staff decision on one requested surface. The latest decision per surface counts; earlier ones are history.
/// A needs-info decision carries the message the partner sees above the enrollment form.
/// </summary>
public sealed record SurfaceDecision(
    Surface Surface,
    DecisionOutcome Outcome,
    string Justification,
    Guid DecidedBy,
    DateTimeOffset DecidedAt)
{
    public const int MaxJustificationLength = 2000;

    /// <summary>Approve and Decline settle a surface; NeedsInfo sends the enrollment back.</summary>
    public bool Settles => Outcome is DecisionOutcome.Approve or DecisionOutcome.Decline;
}
