using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Web.Features.Organizations;

/// <summary>Who at an organization hears from the program: its partner accounts, else the contact who was invited.</summary>
public sealed class PartnerContacts(PortalDbContext db)
{
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
