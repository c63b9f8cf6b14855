using PreviewAccess.Domain.Common;

namespace PreviewAccess.Domain.Organizations;

/// <summary>
/// The record that the organization's participation was shared with the government.
/// Without it no grant of the organization can be enabled.
/// </summary>
public sealed record GovernmentCoordination
{
    public const int MaxReferenceLength = 200;

    private GovernmentCoordination() { Reference = string.Empty; }

    public GovernmentCoordination(DateOnly sharedOn, string reference, Guid recordedBy, DateTimeOffset recordedAt)
    {
        if (string.IsNullOrWhiteSpace(reference)) throw new DomainException("A government coordination record needs a reference.");
        if (reference.Trim().Length > MaxReferenceLength) throw new DomainException($"The reference can be at most {MaxReferenceLength} characters.");
        if (sharedOn > DateOnly.FromDateTime(recordedAt.UtcDateTime)) throw new DomainException("The date shared cannot be in the future.");
        SharedOn = sharedOn;
        Reference = reference.Trim();
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
    }

    public DateOnly SharedOn { get; private init; }

    public string Reference { get; private init; }

    public Guid RecordedBy { get; private init; }

    public DateTimeOffset RecordedAt { get; private init; }
}
