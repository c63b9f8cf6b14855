using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PreviewAccess.Data;
using PreviewAccess.Domain.Amendments;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Mail;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.Amendments;

public sealed record RequestAmendmentInput(
    Guid OrganizationId,
    IReadOnlyList<Surface> Surfaces,
    IReadOnlyList<string> ApiOrganizationIds,
    IReadOnlyList<string> CodexWorkspaceIds,
    IReadOnlyList<string> AccountEmails,
    IReadOnlyList<string> Models,
    IReadOnlyList<Guid> RenewGrantIds,
    string? Note);

/// <summary>
/// A partner of a reviewed organization, or staff on its behalf (recorded so), asks to add to its scope or renew ended
/// grants. Nothing changes in its access: the amendment is reviewed per surface, and its account representative is
/// mailed unless they asked themselves.
/// </summary>
public sealed class RequestAmendment(
    PortalDbContext db,
    UnitOfWork unitOfWork,
    AuditTrail audit,
    MailOutbox outbox,
    IdentifierHolders holders,
    ICurrentActor actor,
    ProgramPermissions permissions,
    IOptions<MailOptions> mail,
    TimeProvider clock)
{
    public async Task<Outcome<AmendmentView>> HandleAsync(RequestAmendmentInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            return await unitOfWork.RunAsync(async ct =>
            {
                var organization = await db.Organizations.SingleOrDefaultAsync(o => o.Id == input.OrganizationId, ct);
                if (organization is null) return Outcome<AmendmentView>.NotFound("No such organization.");
                if (permissions.Refusal(ProgramAction.RequestAmendment, organization) is { } refusal) return Outcome<AmendmentView>.Forbidden(refusal);

                var grants = await db.Grants.AsNoTracking().Where(g => g.OrganizationId == organization.Id).ToListAsync(ct);
                var catalog = (await db.Models.AsNoTracking().Select(m => m.ModelId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
                var held = await holders.HeldByOthersAsync(organization.Id, [.. input.ApiOrganizationIds, .. input.CodexWorkspaceIds], ct);
                var requestedBy = actor.UserId ?? Guid.Empty;
                var byStaff = actor.Actor.PartnerOrganizationId is null;
                var now = clock.GetUtcNow();
                var amendment = Amendment.Request(organization, grants,
                    new AmendmentRequest(input.Surfaces, input.ApiOrganizationIds, input.CodexWorkspaceIds, input.AccountEmails, input.Models, input.RenewGrantIds, input.Note),
                    catalog, held, requestedBy, byStaff, now);
                db.Amendments.Add(amendment);

                var view = AmendmentView.From(amendment, grants);
                audit.Record(AuditAction.AmendmentRequested, "Amendment", amendment.Id, null,
                    new { amendment.Status, amendment.Surfaces, amendment.ApiOrganizationIds, amendment.CodexWorkspaceIds, amendment.AccountEmails, amendment.Models,
                        amendment.RenewGrantIds, amendment.Note, amendment.RequestedByStaff, view.Changes }, organization.Id);

                if (requestedBy != organization.AccountRepId
                    && await db.Users.AsNoTracking().Where(u => u.Id == organization.AccountRepId).Select(u => new { u.Email, u.DisplayName }).SingleOrDefaultAsync(ct) is { Email: { Length: > 0 } email } rep)
                {
                    outbox.Queue(AmendmentMail.Requested(email, rep.DisplayName, organization.Name, view, new Uri(mail.Value.PublicUrl, $"/Admin/Organizations/Details/{organization.Id}")));
                }

                return Outcome<AmendmentView>.Success(view);
            }, outcome => outcome.Succeeded, cancellationToken);
        }
        catch (DomainException refusal)
        {
            // What the request gets wrong is a 400 on its field; an organization that is not reviewed, a 409.
            return Outcome<AmendmentView>.Refused(refusal);
        }
    }
}
