using PreviewAccess.Domain.Catalog;

namespace PreviewAccess.Data.Reviews;

/// <summary>
/// One message of the conversation a "more information" decision opens (issue 16, item 2): on an organization's
/// enrollment (<see cref="AmendmentId"/> null) or on one of its amendments. The reviewer's question itself is the
/// needs-info decision; what is stored here is what was said after it — the partner's answers, and staff's replies —
/// so both sides read one thread. Messages are never edited or deleted.
/// </summary>
public sealed class ReviewMessage
{
    public const int MaxBodyLength = 4000;

    private ReviewMessage() { Body = string.Empty; }

    public ReviewMessage(Guid organizationId, Guid? amendmentId, Surface? surface, Guid authorId, bool fromStaff, string body, DateTimeOffset sentAt)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        AmendmentId = amendmentId;
        Surface = surface;
        AuthorId = authorId;
        FromStaff = fromStaff;
        Body = body;
        SentAt = sentAt;
    }

    public Guid Id { get; private init; }

    public Guid OrganizationId { get; private init; }

    /// <summary>Null: the message is about the organization's enrollment.</summary>
    public Guid? AmendmentId { get; private init; }

    /// <summary>The surface the question was about, when there was one.</summary>
    public Surface? Surface { get; private init; }

    public Guid AuthorId { get; private init; }

    /// <summary>Written by staff (the reviewer); otherwise by a partner of the organization.</summary>
    public bool FromStaff { get; private init; }

    public string Body { get; private init; }

    public DateTimeOffset SentAt { get; private init; }
}
