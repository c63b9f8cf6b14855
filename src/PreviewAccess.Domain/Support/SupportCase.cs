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
/// What a message on a case is. Replies are the conversation both sides read; an internal note is for the desk alone
/// and never reaches the partner (page, mail or API).
/// </summary>
public enum SupportCaseMessageKind
{
    /// <summary>Staff only: never shown or sent to the partner.</summary>
    InternalNote,

    /// <summary>Support answering the partner: shown to them and mailed.</summary>
    SupportReply,

    /// <summary>The partner writing to support: shown to the desk and mailed to it.</summary>
    PartnerReply,
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

    private readonly List<SupportCaseMessage> _messages = [];

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

    /// <summary>
    /// For a case on both surfaces, the Codex workspace ID; <see cref="Identifier"/> is then the API organization ID.
    /// Null otherwise, and on cases opened before both were asked for (their one identifier then stands for both).
    /// </summary>
    public string? CodexWorkspaceId { get; private init; }

    /// <summary>The conversation and the desk's notes, oldest first.</summary>
    public IReadOnlyList<SupportCaseMessage> Messages => _messages;

    /// <summary>What the partner may read: the replies, never an internal note.</summary>
    public IEnumerable<SupportCaseMessage> PublicMessages => _messages.Where(m => m.IsPublic);

    /// <summary>The identifier the case gives for <paramref name="surface"/>.</summary>
    public string IdentifierFor(Surface surface) => surface == Surface.Codex && CodexWorkspaceId is { } workspace ? workspace : Identifier;

    public IEnumerable<Surface> SurfacesToDiagnose => Surfaces switch
    {
        AffectedSurfaces.Api => [Surface.Api],
        AffectedSurfaces.Codex => [Surface.Codex],
        _ => [Surface.Api, Surface.Codex],
    };

    public static SupportCase Open(Guid? organizationId, string identifier, string email, AffectedSurfaces surfaces, string errorMessage,
        string? requestId, DateTimeOffset? occurredAt, SupportCaseCategory category, Guid openedBy, DateTimeOffset now, string? codexWorkspaceId = null)
    {
        var id = identifier?.Trim() ?? string.Empty;
        if (!Catalog.Identifiers.IsWellFormed(id)) throw new DomainException("Give the API organization ID or Codex workspace ID.");
        var workspace = string.IsNullOrWhiteSpace(codexWorkspaceId) ? null : codexWorkspaceId.Trim();
        if (workspace is not null)
        {
            // One identifier per surface: the first is the API's, the second Codex's, and only a case on both has two.
            if (surfaces != AffectedSurfaces.Both) throw new DomainException("codexWorkspaceId", "A second identifier is given only when it happens in both the API and Codex.");
            if (!Catalog.Identifiers.IsApiOrganizationId(id)) throw new DomainException("identifier", "For the API, give the API organization ID: 'org-' followed by 24 letters or digits.");
            if (!Catalog.Identifiers.IsCodexWorkspaceId(workspace)) throw new DomainException("codexWorkspaceId", "For Codex, give the Codex workspace ID: 3 to 64 letters, digits, '_' or '-'.");
        }

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
            CodexWorkspaceId = workspace,
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

    /// <summary>A note for the desk alone.</summary>
    public void AddInternalNote(string text, Guid author, DateTimeOffset now) => _messages.Add(Message(SupportCaseMessageKind.InternalNote, text, author, now));

    /// <summary>Support answers the partner. The status stays as the desk set it: whether it now waits on the partner is theirs to say.</summary>
    public void ReplyFromSupport(string text, Guid author, DateTimeOffset now)
    {
        if (OrganizationId is null) throw new DomainException("This case belongs to no organization, so no partner can read a reply. Add an internal note instead.");
        _messages.Add(Message(SupportCaseMessageKind.SupportReply, text, author, now));
    }

    /// <summary>
    /// The partner writes to support. A case that waited on them is back with the desk (Open); a resolved case takes no
    /// more replies: a problem that comes back is a new case, with its own error message and request ID.
    /// </summary>
    public void ReplyFromPartner(string text, Guid author, DateTimeOffset now)
    {
        if (Status == SupportCaseStatus.Resolved) throw new DomainException("This case is resolved and takes no more replies. If the problem is back, open a new case.");
        _messages.Add(Message(SupportCaseMessageKind.PartnerReply, text, author, now));
        if (Status == SupportCaseStatus.WaitingOnPartner) Status = SupportCaseStatus.Open;
    }

    private static SupportCaseMessage Message(SupportCaseMessageKind kind, string text, Guid author, DateTimeOffset now)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0) throw new DomainException("text", kind == SupportCaseMessageKind.InternalNote ? "A note needs some text." : "A reply needs some text.");
        if (trimmed.Length > MaxNoteLength) throw new DomainException("text", $"A message can be at most {MaxNoteLength} characters.");
        return new SupportCaseMessage(kind, trimmed, author, now);
    }
}

/// <summary>One message on a case: who wrote it, when, and whether the partner may read it.</summary>
public sealed record SupportCaseMessage(SupportCaseMessageKind Kind, string Text, Guid Author, DateTimeOffset At)
{
    public bool IsPublic => Kind != SupportCaseMessageKind.InternalNote;
}
