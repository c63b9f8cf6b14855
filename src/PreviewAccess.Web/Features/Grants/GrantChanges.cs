using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Mail;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.Grants;

public sealed record GrantReasonInput(Guid GrantId, string Reason, int? ExpectedVersion = null);

/// <summary>A grant picked for a bulk change, with the version the person saw.</summary>
public sealed record GrantPick(Guid GrantId, int ExpectedVersion);

/// <summary>Re-certify every picked grant until <paramref name="ExpiresOn"/>.</summary>
public sealed record RecertifyGrantsInput(IReadOnlyList<GrantPick> Grants, DateOnly? ExpiresOn);

/// <summary>Revoke every picked grant with one reason.</summary>
public sealed record RevokeGrantsInput(IReadOnlyList<GrantPick> Grants, string Reason);

/// <summary>
/// Staff changes to grants: second approval, suspend, reinstate, revoke — each audited; and, from the re-certification
/// page, re-certify or revoke several at once (all or nothing). A suspension or revocation is mailed to the
/// organization's partners in the same transaction (without the staff's reason, which may be internal).
/// </summary>
public sealed class GrantChanges(
    PortalDbContext db,
    UnitOfWork unitOfWork,
    AuditTrail audit,
    PartnerContacts contacts,
    ICurrentActor actor,
    ProgramPermissions permissions,
    TimeProvider clock)
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
        RunAsync(grantId, null, ProgramAction.ConfirmSecondApproval, AuditAction.GrantSecondApproval, grant => grant.ConfirmSecondApproval(actor.UserId ?? Guid.Empty), null, cancellationToken);

    public Task<Outcome<GrantView>> SuspendAsync(GrantReasonInput input, CancellationToken cancellationToken) =>
        WithReasonAsync(input, ProgramAction.SuspendGrant, AuditAction.GrantSuspended, g => g.Suspend(input.Reason), AccessStop.Suspended, cancellationToken);

    public Task<Outcome<GrantView>> ReinstateAsync(GrantReasonInput input, CancellationToken cancellationToken) =>
        WithReasonAsync(input, ProgramAction.ReinstateGrant, AuditAction.GrantReinstated, g => g.Reinstate(input.Reason), null, cancellationToken);

    public Task<Outcome<GrantView>> RevokeAsync(GrantReasonInput input, CancellationToken cancellationToken) =>
        WithReasonAsync(input, ProgramAction.RevokeGrant, AuditAction.GrantRevoked, g => g.Revoke(input.Reason), AccessStop.Revoked, cancellationToken);

    /// <summary>
    /// Re-certifies the picked grants until a future date (<see cref="ScopeGrant.Recertify"/>): in one transaction, so
    /// either all are re-certified or, when one was changed meanwhile or refuses, none is.
    /// </summary>
    public async Task<Outcome<int>> RecertifyAsync(RecertifyGrantsInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>();
        if (input.Grants is not { Count: > 0 }) errors["grants"] = ["Choose at least one grant."];
        if (input.ExpiresOn is not { } expiresOn) errors["expiresOn"] = ["Choose the date the re-certified access lasts until."];
        else if (expiresOn <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) errors["expiresOn"] = ["The new expiry date must be in the future."];
        if (errors.Count > 0) return Outcome<int>.Invalid(errors);

        return await RunManyAsync(input.Grants, ProgramAction.RecertifyGrant, AuditAction.GrantRecertified,
            grant => new { grant.ExpiresOn, grant.RecertifiedAt },
            grant => grant.Recertify(input.ExpiresOn!.Value, clock.GetUtcNow()), null, cancellationToken);
    }

    /// <summary>Revokes the picked grants with one reason, all or none.</summary>
    public async Task<Outcome<int>> RevokeAllAsync(RevokeGrantsInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>();
        if (input.Grants is not { Count: > 0 }) errors["grants"] = ["Choose at least one grant."];
        var validation = await _reason.ValidateAsync(new OrganizationReasonInput(Guid.Empty, input.Reason ?? string.Empty), cancellationToken);
        if (!validation.IsValid)
        {
            foreach (var (field, messages) in Outcome<int>.Invalid(validation).Errors) errors[field] = messages;
        }

        if (errors.Count > 0) return Outcome<int>.Invalid(errors);

        return await RunManyAsync(input.Grants, ProgramAction.RevokeGrant, AuditAction.GrantRevoked,
            grant => new { grant.Status, grant.StatusReason },
            grant => grant.Revoke(input.Reason!), AccessStop.Revoked, cancellationToken);
    }

    private async Task<Outcome<int>> RunManyAsync(IReadOnlyList<GrantPick> picks, ProgramAction permission, AuditAction action, Func<ScopeGrant, object> state, Action<ScopeGrant> change,
        AccessStop? stop, CancellationToken cancellationToken)
    {
        string? current = null;
        try
        {
            return await unitOfWork.RunAsync(async ct =>
            {
                var ids = picks.Select(p => p.GrantId).Distinct().ToList();
                var grants = await db.Grants.Where(g => ids.Contains(g.Id)).ToDictionaryAsync(g => g.Id, ct);
                if (grants.Count != ids.Count) return Outcome<int>.Conflict("One of the chosen grants no longer exists. Nothing was changed: reload the list and choose again.");
                if (await RefusalForAnyAsync(permission, grants.Values, ct) is { } refusal) return Outcome<int>.Forbidden(refusal);
                foreach (var pick in picks.DistinctBy(p => p.GrantId))
                {
                    var grant = grants[pick.GrantId];
                    current = grant.Identifier;
                    if (grant.Version != pick.ExpectedVersion)
                    {
                        return Outcome<int>.Conflict($"The grant for {grant.Identifier} was changed by someone else while you were working. Nothing was changed: the list now shows the current state; check it and try again.");
                    }

                    db.Entry(grant).Property(g => g.Version).OriginalValue = pick.ExpectedVersion;
                    var before = state(grant);
                    change(grant);
                    audit.Record(action, "Grant", grant.Id, before, state(grant), grant.OrganizationId);
                }

                if (stop is { } stopped)
                {
                    // One mail per organization, listing its grants.
                    foreach (var group in grants.Values.GroupBy(g => g.OrganizationId))
                    {
                        var organization = await db.Organizations.AsNoTracking().Include(o => o.Invitations).SingleAsync(o => o.Id == group.Key, ct);
                        await TellPartnersAsync(organization, stopped, [.. group], ct);
                    }
                }

                return Outcome<int>.Success(grants.Count);
            }, outcome => outcome.Succeeded, cancellationToken);
        }
        catch (DomainException e)
        {
            // One of many grants refused: the person must learn which one, and that the others were left as they were too.
            return Outcome<int>.Conflict($"The grant for {current}: {e.Message} Nothing was changed.");
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<int>.Conflict("One of the chosen grants was changed by someone else while you were working. Nothing was changed: reload the list and try again.");
        }
    }

    /// <summary>The first refusal among the grants' organizations: a bulk change is all or nothing, the rule included.</summary>
    private async Task<string?> RefusalForAnyAsync(ProgramAction permission, IEnumerable<ScopeGrant> grants, CancellationToken cancellationToken)
    {
        var organizationIds = grants.Select(g => g.OrganizationId).Distinct().ToList();
        var portfolios = await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id))
            .Select(o => new PortfolioOf(o.Id, o.AccountRepId)).ToListAsync(cancellationToken);
        return portfolios.Select(p => permissions.Refusal(permission, p)).FirstOrDefault(r => r is not null);
    }

    private async Task<Outcome<GrantView>> WithReasonAsync(GrantReasonInput input, ProgramAction permission, AuditAction action, Action<ScopeGrant> change, AccessStop? stop,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validation = await _reason.ValidateAsync(new OrganizationReasonInput(input.GrantId, input.Reason), cancellationToken);
        if (!validation.IsValid) return Outcome<GrantView>.Invalid(validation);
        return await RunAsync(input.GrantId, input.ExpectedVersion, permission, action, change, stop, cancellationToken);
    }

    /// <summary>Mails the organization's partners that these grants stopped giving access: through the outbox, so only if the change commits.</summary>
    private async Task TellPartnersAsync(Organization organization, AccessStop stop, IReadOnlyCollection<ScopeGrant> grants, CancellationToken cancellationToken)
    {
        var stopped = grants.Select(g => (g.Surface, g.Identifier)).ToList();
        await contacts.MailAsync(organization, to => PartnerMail.AccessStopped(to, organization.Name, stop, stopped), cancellationToken);
    }

    private async Task<Outcome<GrantView>> RunAsync(Guid grantId, int? expectedVersion, ProgramAction permission, AuditAction action, Action<ScopeGrant> change, AccessStop? stop,
        CancellationToken cancellationToken)
    {
        return await unitOfWork.RunUseCaseAsync(async ct =>
        {
            var grant = await db.Grants.SingleOrDefaultAsync(g => g.Id == grantId, ct);
            if (grant is null) return Outcome<GrantView>.NotFound("No such grant.");
            var organization = await db.Organizations.AsNoTracking().Include(o => o.Invitations).SingleAsync(o => o.Id == grant.OrganizationId, ct);
            if (permissions.Refusal(permission, organization) is { } refusal) return Outcome<GrantView>.Forbidden(refusal);
            if (expectedVersion is { } version)
            {
                if (grant.Version != version) return Outcome<GrantView>.Conflict(Outcome.ChangedMeanwhile);
                db.Entry(grant).Property(g => g.Version).OriginalValue = version;
            }

            var before = new { grant.Status, grant.StatusReason };
            change(grant);
            audit.Record(action, "Grant", grant.Id, before, new { grant.Status, grant.StatusReason }, grant.OrganizationId);
            if (stop is { } stopped) await TellPartnersAsync(organization, stopped, [grant], ct);
            return Outcome<GrantView>.Success(GrantView.From(grant, organization));
        }, cancellationToken);
    }
}
