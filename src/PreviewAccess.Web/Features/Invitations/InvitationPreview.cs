using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Web.Features.Invitations;

/// <summary>What the accept page shows for a usable token: the holder of the link learns only what their invitation mail said.</summary>
public sealed record PendingInvitation(string Email, string OrganizationName, string RepresentativeName, DateTimeOffset ExpiresAt);

/// <summary>
/// Reads an invitation by its token for the accept page, without redeeming anything: a link scanner that opens the
/// mailed link burns nothing. Any token that cannot be redeemed now reads as <c>null</c>, whatever the reason.
/// </summary>
public sealed class InvitationPreview(PortalDbContext db, InvitationAcceptance acceptance)
{
    public async Task<PendingInvitation?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (!await acceptance.IsRedeemableAsync(token, cancellationToken)) return null;
        var hash = SecretToken.Hash(token!);
        var found = await db.Invitations.AsNoTracking().Where(i => i.TokenHash == hash)
            .Join(db.Organizations, i => i.OrganizationId, o => o.Id, (i, o) => new { i.Email, i.ExpiresAt, o.Name, o.Status, o.AccountRepId })
            .SingleOrDefaultAsync(cancellationToken);
        // Acceptance refuses a suspended organization: the page must not offer what the button would refuse.
        if (found is null || found.Status != OrganizationStatus.Invited) return null;
        var representative = await db.Users.AsNoTracking().Where(u => u.Id == found.AccountRepId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        return new PendingInvitation(found.Email, found.Name, string.IsNullOrWhiteSpace(representative) ? "your account representative" : representative, found.ExpiresAt);
    }
}
