using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Grants;
using PreviewAccess.Web.Features.Mail;
using PreviewAccess.Web.Features.Organizations;
using PreviewAccess.Web.Features.Review;

namespace PreviewAccess.Web.Features.Amendments;

/// <summary>
/// A reviewer decides one surface of an amendment (<see cref="SurfaceDecisionInput.Id"/> is the amendment's), as a delta
/// on the organization's grants: an approval creates grants for new identifiers, widens live grants and renews ended ones
/// (<see cref="Domain.Amendments.Amendment.Approve"/>); a decline or a question changes no grant. The organization stays
/// reviewed, its enabled grants keep answering, and its partners are mailed.
/// </summary>
public sealed class DecideAmendment(
    PortalDbContext db,
    UnitOfWork unitOfWork,
    AuditTrail audit,
    PartnerContacts contacts,
    IdentifierHolders holders,
    ICurrentActor actor,
    ProgramPermissions permissions,
    ApprovalRules approvalRules,
    TimeProvider clock)
{
    public async Task<Outcome<IReadOnlyList<GrantView>>> HandleAsync(SurfaceDecisionInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        // What the request gets wrong is a 400 on its field, what the amendment's or organization's state forbids a 409.
        return await unitOfWork.RunUseCaseAsync(async ct =>
        {
            var amendment = await db.Amendments.SingleOrDefaultAsync(a => a.Id == input.Id, ct);
            if (amendment is null) return Outcome<IReadOnlyList<GrantView>>.NotFound("No such amendment.");
            var organization = await db.Organizations.Include(o => o.Invitations).SingleAsync(o => o.Id == amendment.OrganizationId, ct);
            if (permissions.Refusal(ProgramAction.DecideAmendment, organization) is { } refusal) return Outcome<IReadOnlyList<GrantView>>.Forbidden(refusal);
            if (input.ExpectedVersion is { } version)
            {
                if (amendment.Version != version) return Outcome<IReadOnlyList<GrantView>>.Conflict(Outcome.ChangedMeanwhile);
                db.Entry(amendment).Property(a => a.Version).OriginalValue = version;
            }

            var now = clock.GetUtcNow();
            var decidedBy = actor.UserId ?? Guid.Empty;
            var statusBefore = amendment.Status;
            var justification = input.Justification.Trim();
            IReadOnlyList<GrantView> touched = [];
            switch (input.Decision)
            {
                case DecisionOutcome.Approve:
                    var grants = await db.Grants.Where(g => g.OrganizationId == organization.Id).ToListAsync(ct);
                    var before = grants.ToDictionary(g => g.Id, GrantAuditState.Of);
                    var rules = await approvalRules.ReadAsync(ct);
                    var held = await holders.HeldByOthersAsync(organization.Id, input.Identifiers, ct);
                    var approval = amendment.Approve(
                        rules.Request(input.Surface, input.Identifiers, input.Models, input.AccountEmails, input.Justification, input.ExpiresOn),
                        organization, grants, rules.UnsupportedCountries, rules.Catalog, held, decidedBy, now);
                    db.Grants.AddRange(approval.Created);
                    foreach (var grant in approval.Created) audit.Record(AuditAction.GrantApproved, "Grant", grant.Id, null, GrantAuditState.Of(grant) with { Justification = justification, AmendmentId = amendment.Id }, organization.Id);
                    foreach (var grant in approval.Widened) audit.Record(AuditAction.GrantWidened, "Grant", grant.Id, before[grant.Id], GrantAuditState.Of(grant) with { AmendmentId = amendment.Id }, organization.Id);
                    foreach (var grant in approval.Renewed) audit.Record(AuditAction.GrantRenewed, "Grant", grant.Id, before[grant.Id], GrantAuditState.Of(grant) with { Justification = justification, AmendmentId = amendment.Id }, organization.Id);

                    touched = [.. approval.All.Select(g => GrantView.From(g, organization))];
                    await contacts.MailAsync(organization, to => PartnerMail.Approved(to, organization.Name, input.Surface, [.. approval.All.Select(g => g.Identifier)], approval.All[0].Models), ct);
                    break;
                case DecisionOutcome.Decline:
                    amendment.Decline(input.Surface, input.Justification, input.PartnerMessage, organization, decidedBy, now);
                    // The partner is told the message written for them; the justification stays with staff.
                    var told = amendment.LatestDecision(input.Surface)!.PartnerMessage!;
                    await contacts.MailAsync(organization, to => PartnerMail.Declined(to, organization.Name, input.Surface, told), ct);
                    break;
                default:
                    amendment.RequestMoreInformation(input.Surface, input.Justification, organization, decidedBy, now);
                    await contacts.MailAsync(organization, to => AmendmentMail.NeedsInformation(to, organization.Name, input.Surface, justification), ct);
                    break;
            }

            audit.Record(AuditAction.AmendmentDecision(input.Decision), "Amendment", amendment.Id, new { Status = statusBefore },
                new { amendment.Status, input.Surface, input.Decision, Justification = justification, amendment.LatestDecision(input.Surface)?.PartnerMessage, Grants = touched.Select(g => g.Id).ToList() }, organization.Id);
            return Outcome<IReadOnlyList<GrantView>>.Success(touched);
        }, cancellationToken);
    }
}
