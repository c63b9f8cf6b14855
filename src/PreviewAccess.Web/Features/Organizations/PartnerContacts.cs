using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Mail;

namespace PreviewAccess.Web.Features.Organizations;

/// <summary>Who at an organization hears from the program: its partner accounts, else the contact who was invited.</summary>
public sealed class PartnerContacts(PortalDbContext db, MailOutbox outbox)
{
    /// <summary>Queues one mail per contact, composed for each, in the unit of work's transaction (the outbox sends it once that commits).</summary>
    public async Task MailAsync(Organization organization, Func<string, OutgoingMail> compose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compose);
        foreach (var to in await EmailsAsync(organization, cancellationToken)) outbox.Queue(compose(to));
    }

    public async Task<IReadOnlyList<string>> EmailsAsync(Organization organization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organization);
        var partners = await db.Users.AsNoTracking().Where(u => u.OrganizationId == organization.Id && !u.IsDisabled && u.Email != null)
            .Select(u => u.Email!).ToListAsync(cancellationToken);
        if (partners.Count > 0) return partners;
        var invited = organization.Invitations.Where(i => i.StoredStatus == InvitationStatus.Accepted).Select(i => i.Email).ToList();
        return invited;
    }
}
