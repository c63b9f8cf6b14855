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

namespace PreviewAccess.Web.Features.Review;

/// <summary>
/// A reviewer decides one requested surface of an enrollment (<see cref="SurfaceDecisionInput.Id"/> is the
/// organization's): approve (one grant per identifier), decline, or ask for more information. The partner is mailed, and
/// an approval is never called access.
/// </summary>
public sealed class RecordDecision(
    PortalDbContext db,
    UnitOfWork unitOfWork,
    AuditTrail audit,
    PartnerContacts contacts,
    ICurrentActor actor,
    ProgramPermissions permissions,
    ApprovalRules approvalRules,
    TimeProvider clock)
{
    public async Task<Outcome<IReadOnlyList<GrantView>>> HandleAsync(SurfaceDecisionInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        // What the request gets wrong is a 400 on its field, what the organization's state forbids a 409: the domain says which.
        return await unitOfWork.RunUseCaseAsync(async ct =>
        {
            var organization = await db.Organizations.Include(o => o.Invitations).SingleOrDefaultAsync(o => o.Id == input.Id, ct);
            if (organization is null) return Outcome<IReadOnlyList<GrantView>>.NotFound("No such organization.");
            if (permissions.Refusal(ProgramAction.RecordDecision, organization) is { } refusal) return Outcome<IReadOnlyList<GrantView>>.Forbidden(refusal);
            if (input.ExpectedVersion is { } version)
            {
                // Someone decided or changed it since the reviewer looked: say so, rather than "already decided".
                if (organization.Version != version) return Outcome<IReadOnlyList<GrantView>>.Conflict(Outcome.ChangedMeanwhile);
                db.Entry(organization).Property(o => o.Version).OriginalValue = version;
            }

            var now = clock.GetUtcNow();
            var decidedBy = actor.UserId ?? Guid.Empty;
            var before = OrganizationChanges.AuditState.Of(organization);
            IReadOnlyList<GrantView> created = [];
            switch (input.Decision)
            {
                case DecisionOutcome.Approve:
                    var existing = await db.Grants.Where(g => g.OrganizationId == organization.Id).ToListAsync(ct);
                    var rules = await approvalRules.ReadAsync(ct);
                    var grants = organization.Approve(
                        rules.Request(input.Surface, input.Identifiers, input.Models, input.AccountEmails, input.Justification, input.ExpiresOn),
                        existing, rules.UnsupportedCountries, rules.Catalog, decidedBy, now);
                    db.Grants.AddRange(grants);
                    foreach (var grant in grants)
                    {
                        audit.Record(AuditAction.GrantApproved, "Grant", grant.Id, null, GrantAuditState.Of(grant) with { Justification = input.Justification.Trim() }, organization.Id);
                    }

                    created = grants.Select(g => GrantView.From(g, organization)).ToList();
                    await contacts.MailAsync(organization, to => PartnerMail.Approved(to, organization.Name, input.Surface, [.. grants.Select(g => g.Identifier)], grants[0].Models), ct);
                    break;
                case DecisionOutcome.Decline:
                    organization.Decline(input.Surface, input.Justification, input.PartnerMessage, decidedBy, now);
                    var declined = organization.LatestDecision(input.Surface)!;
                    await contacts.MailAsync(organization, to => PartnerMail.Declined(to, organization.Name, input.Surface, declined.ForPartner!), ct);
                    break;
                default:
                    organization.RequestMoreInformation(input.Surface, input.Justification, decidedBy, now);
                    await contacts.MailAsync(organization, to => PartnerMail.NeedsInformation(to, organization.Name, input.Surface, input.Justification.Trim()), ct);
                    break;
            }

            audit.Record(AuditAction.Decision(input.Decision), "Organization", organization.Id, before,
                new { organization.Status, Surface = input.Surface, Decision = input.Decision, Justification = input.Justification.Trim(), organization.LatestDecision(input.Surface)?.PartnerMessage }, organization.Id);
            return Outcome<IReadOnlyList<GrantView>>.Success(created);
        }, cancellationToken);
    }
}
