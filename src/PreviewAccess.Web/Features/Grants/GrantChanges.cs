using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Auditing;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.Grants;

public sealed record GrantReasonInput(Guid GrantId, string Reason, int? ExpectedVersion = null);

/// <summary>Staff changes to one grant: second approval, suspend, reinstate, revoke — each audited.</summary>
public sealed class GrantChanges(PortalDbContext db, UnitOfWork unitOfWork, AuditTrail audit, ICurrentActor actor)
{
    private readonly OrganizationReasonValidator _reason = new();

    public async Task<GrantView?> GetAsync(Guid grantId, CancellationToken cancellationToken)
    {
        var grant = await db.Grants.AsNoTracking().SingleOrDefaultAsync(g => g.Id == grantId, cancellationToken);
        if (grant is null) return null;
        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == grant.OrganizationId, cancellationToken);
        return GrantView.From(grant, organization);
    }

    public Task<Outcome<GrantView>> ConfirmSecondApprovalAsync(Guid grantId, CancellationToken cancellationToken) =>
        RunAsync(grantId, null, "grant.second-approval", grant => grant.ConfirmSecondApproval(actor.UserId ?? Guid.Empty), cancellationToken);

    public Task<Outcome<GrantView>> SuspendAsync(GrantReasonInput input, CancellationToken cancellationToken) =>
        WithReasonAsync(input, "grant.suspended", g => g.Suspend(input.Reason), cancellationToken);

    public Task<Outcome<GrantView>> ReinstateAsync(GrantReasonInput input, CancellationToken cancellationToken) =>
        WithReasonAsync(input, "grant.reinstated", g => g.Reinstate(input.Reason), cancellationToken);

    public Task<Outcome<GrantView>> RevokeAsync(GrantReasonInput input, CancellationToken cancellationToken) =>
        WithReasonAsync(input, "grant.revoked", g => g.Revoke(input.Reason), cancellationToken);

    private async Task<Outcome<GrantView>> WithReasonAsync(GrantReasonInput input, string action, Action<ScopeGrant> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validation = await _reason.ValidateAsync(new OrganizationReasonInput(input.GrantId, input.Reason), cancellationToken);
        if (!validation.IsValid) return Outcome<GrantView>.Invalid(validation);
        return await RunAsync(input.GrantId, input.ExpectedVersion, action, change, cancellationToken);
    }

    private async Task<Outcome<GrantView>> RunAsync(Guid grantId, int? expectedVersion, string action, Action<ScopeGrant> change, CancellationToken cancellationToken)
    {
        try
        {
            return await unitOfWork.RunAsync(async ct =>
            {
                var grant = await db.Grants.SingleOrDefaultAsync(g => g.Id == grantId, ct);
                if (grant is null) return Outcome<GrantView>.NotFound("No such grant.");
                if (expectedVersion is { } version)
                {
                    if (grant.Version != version) return Outcome<GrantView>.Conflict(Outcome.ChangedMeanwhile);
                    db.Entry(grant).Property(g => g.Version).OriginalValue = version;
                }

                var before = new { grant.Status, grant.StatusReason };
                change(grant);
                audit.Record(action, "Grant", grant.Id, before, new { grant.Status, grant.StatusReason }, grant.OrganizationId);
                Organization organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == grant.OrganizationId, ct);
                return Outcome<GrantView>.Success(GrantView.From(grant, organization));
            }, outcome => outcome.Succeeded, cancellationToken);
        }
        catch (DomainException e)
        {
            return Outcome<GrantView>.Conflict(e.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<GrantView>.Conflict(Outcome.ChangedMeanwhile);
        }
    }
}
