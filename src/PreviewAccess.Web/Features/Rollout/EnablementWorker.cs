using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Rollout;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Mail;
using PreviewAccess.Web.Features.Organizations;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Features.Rollout;

/// <summary>
/// Rolling enablement, on every instance. Each pass: opens waves whose time has come, returns invited organizations
/// whose invitations have all run out to nominated, expires grants past their date, then moves due grants Scheduled → Provisioning and Provisioning → Enabled in small batches.
/// On PostgreSQL the grants are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so instances never work on the
/// same grant; each transition re-checks the status under that lock, so a grant is enabled exactly once
/// however many instances run, and a grant left in Provisioning by an instance that died is finished by
/// another. A grant whose gates are closed (no government coordination, organization suspended) stays
/// Scheduled and goes on once they open. The wave is checked again for each grant under the audit chain's
/// lock, so a pause stops the very next step, and the per-minute rate holds across all instances together.
/// </summary>
public sealed class EnablementWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger<EnablementWorker> logger) : BackgroundService
{
    public const int BatchSize = 25;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PollingLoop.RunAsync("Enablement", async ct => await RunOnceAsync(ct) > 0, Pause, TimeSpan.FromSeconds(2), clock, logger, stoppingToken);

    /// <returns>How many grants changed state in this pass.</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await OpenDueWavesAsync(cancellationToken);
        await LapseInvitationsAsync(cancellationToken);
        var expired = await ExpireGrantsAsync(cancellationToken);
        var provisioning = await AdvanceAsync(GrantStatus.Scheduled, cancellationToken);
        var enabled = await AdvanceAsync(GrantStatus.Provisioning, cancellationToken);
        return expired + provisioning + enabled;
    }

    private async Task OpenDueWavesAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = clock.GetUtcNow();
        var due = await db.Waves.Where(w => w.State == WaveState.Planned && w.OpensAt <= now).ToListAsync(cancellationToken);
        foreach (var wave in due)
        {
            try
            {
                await scope.ServiceProvider.GetRequiredService<UnitOfWork>().RunAsync(async ct =>
                {
                    var fresh = await db.Waves.SingleAsync(w => w.Id == wave.Id, ct);
                    if (fresh.State != WaveState.Planned) return;
                    fresh.Open(now);
                    scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAs(HttpCurrentActor.System, AuditAction.WaveOpened, "Wave", fresh.Id,
                        new { State = WaveState.Planned }, new { fresh.State }, null);
                }, cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another instance opened it.
            }
        }
    }

    /// <summary>
    /// Invited organizations whose invitations have all run out go back to nominated, as when the last one is revoked:
    /// the status then says what the rep must do (invite again). Through the organization's own change, audited as the system.
    /// </summary>
    private async Task LapseInvitationsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = clock.GetUtcNow();
        var ids = await db.Organizations.AsNoTracking()
            .Where(o => o.Status == OrganizationStatus.Invited || (o.Status == OrganizationStatus.Suspended && o.StatusBeforeSuspension == OrganizationStatus.Invited))
            .Where(o => !db.Invitations.Any(i => i.OrganizationId == o.Id && i.StoredStatus == InvitationStatus.Pending && i.ExpiresAt > now))
            .OrderBy(o => o.Id).Select(o => o.Id).Take(BatchSize).ToListAsync(cancellationToken);
        var changes = scope.ServiceProvider.GetRequiredService<OrganizationChanges>();
        foreach (var id in ids)
        {
            // Chosen before the change: a rep may have resent the invitation since; the domain checks again, and another
            // instance doing the same is a version conflict, left to it.
            await changes.RunAsync(id, null, ProgramAction.LapseInvitations, AuditAction.OrganizationInvitationExpired, (organization, now) => organization.ReturnToNominatedWithoutInvitation(now)
                ? true
                : throw new DomainException("The organization has a pending invitation again."), cancellationToken);
        }
    }

    private async Task<int> ExpireGrantsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var ids = await db.Grants.AsNoTracking()
            .Where(g => g.ExpiresOn != null && g.ExpiresOn < today && g.Status != GrantStatus.Revoked && g.Status != GrantStatus.Expired)
            .OrderBy(g => g.ExpiresOn).ThenBy(g => g.Id).Select(g => g.Id).Take(BatchSize).ToListAsync(cancellationToken);
        var count = 0;
        foreach (var id in ids)
        {
            count += await TransitionAsync(scope.ServiceProvider, id, null, null, (grant, organization, now, audit, mail) =>
            {
                // Chosen before the lock: since then another instance may have expired it, or a rep revoked or re-certified it.
                if (!grant.IsLive || !grant.IsPastExpiry(now)) return false;
                var before = grant.Status;
                grant.Expire(now);
                audit.RecordAs(HttpCurrentActor.System, AuditAction.GrantExpired, "Grant", grant.Id, new { Status = before }, new { grant.Status, grant.ExpiresOn }, grant.OrganizationId);
                mail(to => PartnerMail.AccessStopped(to, organization.Name, AccessStop.Expired, [(grant.Surface, grant.Identifier)]));
                return true;
            }, cancellationToken);
        }

        return count;
    }

    /// <summary>One step for a batch of grants in <paramref name="from"/>: Scheduled → Provisioning, or Provisioning → Enabled.</summary>
    private async Task<int> AdvanceAsync(GrantStatus from, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var candidates = await DueGrantsAsync(db, from, cancellationToken);
        var count = 0;
        foreach (var (grantId, waveId) in candidates)
        {
            count += await TransitionAsync(scope.ServiceProvider, grantId, from, (grant, ct) => WaveStillAllowsAsync(db, grant, waveId, from, ct), (grant, organization, now, audit, mail) =>
            {
                if (ScopeGrant.BlockersFor(organization).Count > 0) return false;
                if (from == GrantStatus.Scheduled)
                {
                    grant.StartProvisioning(organization);
                    audit.RecordAs(HttpCurrentActor.System, AuditAction.GrantProvisioning, "Grant", grant.Id, new { Status = GrantStatus.Scheduled }, new { grant.Status, WaveId = waveId }, grant.OrganizationId);
                }
                else
                {
                    grant.Enable(organization, now);
                    audit.RecordAs(HttpCurrentActor.System, AuditAction.GrantEnabled, "Grant", grant.Id, new { Status = GrantStatus.Provisioning }, new { grant.Status, WaveId = waveId }, grant.OrganizationId);
                    mail(to => PartnerMail.Enabled(to, organization.Name, grant.Surface, grant.Identifier, grant.Models, grant.AccountEmails));
                }

                return true;
            }, cancellationToken);
        }

        if (from == GrantStatus.Provisioning) scope.ServiceProvider.GetRequiredService<PortalMetrics>().GrantsEnabled(count);
        return count;
    }

    /// <summary>
    /// Grants in <paramref name="from"/> of open waves whose organization is not held back, at most the
    /// wave's per-minute rate minus what it enabled in the last minute.
    /// </summary>
    private async Task<List<(Guid GrantId, Guid WaveId)>> DueGrantsAsync(PortalDbContext db, GrantStatus from, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var minuteAgo = now.AddMinutes(-1);
        var waves = await db.Waves.AsNoTracking().Where(w => w.State == WaveState.Open).Select(w => new { w.Id, w.EnablementsPerMinute }).ToListAsync(cancellationToken);
        var due = new List<(Guid, Guid)>();
        foreach (var wave in waves)
        {
            var enabledLastMinute = await db.Grants.CountAsync(g => g.WaveId == wave.Id && g.EnabledAt != null && g.EnabledAt > minuteAgo, cancellationToken);
            var room = Math.Min(BatchSize, wave.EnablementsPerMinute - enabledLastMinute);
            if (room <= 0) continue;
            var ids = await db.Grants.AsNoTracking()
                .Where(g => g.WaveId == wave.Id && g.Status == from)
                .Where(g => db.Organizations.Any(o => o.Id == g.OrganizationId && o.Status != OrganizationStatus.Suspended && o.GovernmentCoordination != null && o.Enrollment != null))
                .OrderBy(g => g.Id).Select(g => g.Id).Take(room).ToListAsync(cancellationToken);
            due.AddRange(ids.Select(id => (id, wave.Id)));
        }

        return due;
    }

    /// <summary>
    /// Whether the grant's wave still lets it take <paramref name="from"/>'s step, decided under the audit chain's lock:
    /// the candidates were chosen before, and meanwhile the wave may have been paused or another instance may have
    /// used up this minute's enablements. Pausing and enabling both write audit events, so with the lock held no
    /// pause and no other enablement can commit until this grant's transaction does: a pause that returned stops
    /// every instance at once, and the rate is never exceeded however many instances run.
    /// </summary>
    private async Task<bool> WaveStillAllowsAsync(PortalDbContext db, ScopeGrant grant, Guid waveId, GrantStatus from, CancellationToken cancellationToken)
    {
        if (grant.WaveId != waveId) return false;
        await db.HoldAuditChainAsync(cancellationToken);
        var wave = await db.Waves.AsNoTracking().Where(w => w.Id == waveId)
            .Select(w => new { w.State, w.EnablementsPerMinute }).SingleOrDefaultAsync(cancellationToken);
        if (wave is not { State: WaveState.Open }) return false;
        if (from != GrantStatus.Provisioning) return true;
        var minuteAgo = clock.GetUtcNow().AddMinutes(-1);
        var enabledLastMinute = await db.Grants.CountAsync(g => g.WaveId == waveId && g.EnabledAt != null && g.EnabledAt > minuteAgo, cancellationToken);
        return enabledLastMinute < wave.EnablementsPerMinute;
    }

    /// <param name="mailPartners">Queues a mail, composed for each of the organization's partner contacts, with the step's transaction.</param>
    private delegate bool Step(ScopeGrant grant, Organization organization, DateTimeOffset now, AuditTrail audit, Action<Func<string, OutgoingMail>> mailPartners);

    /// <summary>
    /// One grant, one transaction: lock the row (skipping it if another instance holds it), re-check that it is
    /// still in <paramref name="expected"/> and that <paramref name="allowed"/> (if given) still lets it go, apply the
    /// step, and commit it with its audit event and mail.
    /// </summary>
    /// <returns>1 when the grant moved, 0 when it was taken, already moved, or held back.</returns>
    private async Task<int> TransitionAsync(IServiceProvider services, Guid grantId, GrantStatus? expected,
        Func<ScopeGrant, CancellationToken, Task<bool>>? allowed, Step step, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<PortalDbContext>();
        var audit = services.GetRequiredService<AuditTrail>();
        var contacts = services.GetRequiredService<PartnerContacts>();
        try
        {
            return await services.GetRequiredService<UnitOfWork>().RunAsync(async ct =>
            {
                var grant = await LockAsync(db, grantId, ct);
                if (grant is null || (expected is { } status && grant.Status != status)) return 0;
                if (allowed is not null && !await allowed(grant, ct)) return 0;
                var organization = await db.Organizations.Include(o => o.Invitations).SingleAsync(o => o.Id == grant.OrganizationId, ct);
                var mails = new List<Func<string, OutgoingMail>>();
                var moved = step(grant, organization, clock.GetUtcNow(), audit, mails.Add);
                foreach (var compose in mails) await contacts.MailAsync(organization, compose, ct);
                return moved ? 1 : 0;
            }, moved => moved > 0, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return 0;
        }
        finally
        {
            db.DiscardChanges();
        }
    }

    private static async Task<ScopeGrant?> LockAsync(PortalDbContext db, Guid grantId, CancellationToken cancellationToken)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            return await db.Grants.FromSql($"SELECT * FROM \"Grants\" WHERE \"Id\" = {grantId} FOR UPDATE SKIP LOCKED").SingleOrDefaultAsync(cancellationToken);
        }

        // SQLite has one writer at a time; the version check on save settles any race.
        return await db.Grants.SingleOrDefaultAsync(g => g.Id == grantId, cancellationToken);
    }
}
