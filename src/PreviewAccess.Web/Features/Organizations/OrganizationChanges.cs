using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Organizations;

/// <summary>
/// The common shape of every change to one organization: load it, hold it to the version the person
/// saw, let the domain make the change, record before and after in the audit log, save — all in one
/// unit of work — if the actor may (<see cref="ProgramRules"/>). A rule that refuses becomes a conflict with the rule's own sentence; a stale version
/// becomes a conflict that says someone else changed it.
/// </summary>
public sealed class OrganizationChanges(PortalDbContext db, UnitOfWork unitOfWork, AuditTrail audit, ProgramPermissions permissions, TimeProvider clock)
{
    public delegate T Change<out T>(Organization organization, DateTimeOffset now);

    /// <param name="permission">What the change is, as <see cref="ProgramRules"/> names it: who may make it to this organization.</param>
    public async Task<Outcome<T>> RunAsync<T>(Guid organizationId, int? expectedVersion, ProgramAction permission, AuditAction action, Change<T> change,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return await unitOfWork.RunUseCaseAsync(async ct =>
        {
            var organization = await db.Organizations.Include(o => o.Invitations).SingleOrDefaultAsync(o => o.Id == organizationId, ct);
            if (organization is null) return Outcome<T>.NotFound("No such organization.");
            if (permissions.Refusal(permission, organization) is { } refusal) return Outcome<T>.Forbidden(refusal);
            if (expectedVersion is { } version)
            {
                // Someone changed it since the person looked: say so, rather than a rule's refusal of the new state.
                if (organization.Version != version) return Outcome<T>.Conflict(Outcome.ChangedMeanwhile);
                db.Entry(organization).Property(o => o.Version).OriginalValue = version;
            }

            var before = AuditState.Of(organization);
            var now = clock.GetUtcNow();
            var result = change(organization, now);
            audit.Record(action, "Organization", organization.Id, before, AuditState.Of(organization), organization.Id);
            return Outcome<T>.Success(result);
        }, cancellationToken);
    }

    /// <summary>What the audit log keeps of an organization before and after a change.</summary>
    public sealed record AuditState(string Name, string Country, Guid AccountRepId, OrganizationStatus Status, bool TrustedAccessForCyber,
        bool PreviousAlphaParticipant, string? GovernmentCoordinationReference, string? SuspensionReason)
    {
        public static AuditState Of(Organization organization) => new(organization.Name, organization.Country, organization.AccountRepId,
            organization.Status, organization.TrustedAccessForCyber, organization.PreviousAlphaParticipant,
            organization.GovernmentCoordination?.Reference, organization.SuspensionReason);
    }
}
