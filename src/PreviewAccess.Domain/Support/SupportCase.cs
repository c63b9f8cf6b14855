using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;

namespace PreviewAccess.Domain.Support;

/// <summary>Which surfaces an access problem shows on. Spellings are part of the API contract.</summary>
public enum AffectedSurfaces
{
    Api,
    Codex,
    Both,
}

public enum SupportCaseCategory
{
    /// <summary>Cannot reach a model that should be available.</summary>
    AccessProblem,

    /// <summary>A technical error with confirmed access.</summary>
    TechnicalIssue,

    /// <summary>Slow or empty responses: additional safety checks (biology, cyber) may be running. Routed to support, not a portal fault.</summary>
    SlowOrEmptyResponse,
}

public enum SupportCaseStatus
{
    Open,
    InProgress,
    WaitingOnPartner,
    Resolved,
}

/// <summary>
/// A support case with what the notice asks for: the identifier, the affected email, API / Codex / both,
/// the exact error message, and for API issues the request id and timestamp.
/// </summary>
public sealed class SupportCase : Aggregate
{
    public const int MaxErrorMessageLength = 4000;
    public const int MaxRequestIdLength = 200;
    public const int MaxNoteLength = 4000;

    private readonly List<SupportCaseNote> _notes = [];

    private SupportCase() { Identifier = Email = ErrorMessage = string.Empty; }

    public Guid? OrganizationId { get; private init; }

    public string Identifier { get; private init; }

    public string Email { get; private init; }

    public AffectedSurfaces Surfaces { get; private init; }

    public string ErrorMessage { get; private init; }

    public string? RequestId { get; private init; }

    public DateTimeOffset? OccurredAt { get; private init; }

    public SupportCaseCategory Category { get; private init; }

    public SupportCaseStatus Status { get; private set; }

    public Guid? AssigneeId { get; private set; }

    public Guid OpenedBy { get; private init; }

    public DateTimeOffset OpenedAt { get; private init; }

    public IReadOnlyList<SupportCaseNote> Notes => _notes;

    public IEnumerable<Surface> SurfacesToDiagnose => Surfaces switch
    {
        AffectedSurfaces.Api => [Surface.Api],
        AffectedSurfaces.Codex => [Surface.Codex],
        _ => [Surface.Api, Surface.Codex],
    };

    public static SupportCase Open(Guid? organizationId, string identifier, string email, AffectedSurfaces surfaces, string errorMessage,
        string? requestId, DateTimeOffset? occurredAt, SupportCaseCategory category, Guid openedBy, DateTimeOffset now)
    {
        var id = identifier?.Trim() ?? string.Empty;
        if (!Catalog.Identifiers.IsWellFormed(id)) throw new DomainException("Give the API organization ID or Codex workspace ID.");
        var message = errorMessage?.Trim() ?? string.Empty;
        if (message.Length == 0) throw new DomainException("Give the exact error message.");
        if (message.Length > MaxErrorMessageLength) throw new DomainException($"The error message can be at most {MaxErrorMessageLength} characters.");
        var request = string.IsNullOrWhiteSpace(requestId) ? null : requestId.Trim();
        if (request?.Length > MaxRequestIdLength) throw new DomainException($"The request ID can be at most {MaxRequestIdLength} characters.");
        if (surfaces is AffectedSurfaces.Api or AffectedSurfaces.Both && (request is null || occurredAt is null))
        {
            throw new DomainException("For API issues, give the request ID and the timestamp.");
        }

        return new SupportCase
        {
            OrganizationId = organizationId,
            Identifier = id,
            Email = EmailAddress.Require(email, "affected account email"),
            Surfaces = surfaces,
            ErrorMessage = message,
            RequestId = request,
            OccurredAt = occurredAt,
            Category = category,
            Status = SupportCaseStatus.Open,
            OpenedBy = openedBy,
            OpenedAt = now,
        };
    }

    public void AssignTo(Guid? assigneeId)
    {
        AssigneeId = assigneeId;
        if (assigneeId is not null && Status == SupportCaseStatus.Open) Status = SupportCaseStatus.InProgress;
    }

    public void MoveTo(SupportCaseStatus status) => Status = status;

    public void AddNote(string text, Guid author, DateTimeOffset now)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0) throw new DomainException("A note needs some text.");
        if (trimmed.Length > MaxNoteLength) throw new DomainException($"A note can be at most {MaxNoteLength} characters.");
        _notes.Add(new SupportCaseNote(trimmed, author, now));
    }
}

public sealed record SupportCaseNote(string Text, Guid Author, DateTimeOffset At);
