using System.Text.Json;
using PreviewAccess.Data;
using PreviewAccess.Data.Outbox;

namespace PreviewAccess.Web.Features.Mail;

/// <summary>A mail as the outbox keeps it: plain text, one recipient.</summary>
public sealed record OutgoingMail(string To, string Subject, string Body);

/// <summary>Queues mail in the current unit of work: it is sent only if the change that caused it commits.</summary>
public sealed class MailOutbox(PortalDbContext db, TimeProvider clock)
{
    public void Queue(OutgoingMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        db.OutboxMessages.Add(new OutboxMessage(OutboxMessage.MailKind, JsonSerializer.Serialize(mail), clock.GetUtcNow()));
    }
}
