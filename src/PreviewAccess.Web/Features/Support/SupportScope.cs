using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Rollout;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.Support;

/// <summary>
/// An organization as support needs to read it to answer "why can't I access it?": its suspension and why, each
/// surface with where its request stands, and each grant with its wave, what holds it back and whether it is in effect.
/// Facts only: whether a request is allowed is the access decision's answer, never this view's.
/// </summary>
public sealed record SupportScope(
    Guid Id,
    string Name,
    string Country,
    string AccountRepEmail,
    OrganizationStatus Status,
    OrganizationSuspension? Suspension,
    bool TrustedAccessForCyber,
    bool PreviousAlphaParticipant,
    GovernmentCoordinationView? GovernmentCoordination,
    SupportEnrollment? Enrollment,
    IReadOnlyList<SurfaceScope> Surfaces)
{
    public SurfaceScope For(Surface surface) => Surfaces.FirstOrDefault(s => s.Surface == surface) ?? SurfaceScope.Outside(surface);
}

/// <param name="Since">When it was suspended, from the audit log; null when the log does not say.</param>
public sealed record OrganizationSuspension(string Reason, OrganizationStatus? StatusBefore, DateTimeOffset? Since, string? By);

public sealed record SupportEnrollment(string LegalName, string Country, IReadOnlyList<Surface> Surfaces, IReadOnlyList<string> ApiOrganizationIds,
    IReadOnlyList<string> CodexWorkspaceIds, IReadOnlyList<string> AccountEmails, DateTimeOffset SubmittedAt, bool SubmittedByStaff);

/// <summary>Where an organization's request for one surface stands.</summary>
public enum SurfaceRequestState
{
    NotRequested,
    UnderReview,
    Approved,
    Declined,
    MoreInformationRequested,
}

/// <summary>The latest staff decision on a surface: what, why (the justification or the question asked), when.</summary>
public sealed record SurfaceDecisionFact(DecisionOutcome Outcome, string Justification, DateTimeOffset DecidedAt);

public sealed record SurfaceScope(Surface Surface, SurfaceRequestState Request, SurfaceDecisionFact? LatestDecision,
    IReadOnlyList<string> EnrolledIdentifiers, IReadOnlyList<SupportGrant> Grants)
{
    /// <summary>A surface outside the preview: never requested, never granted.</summary>
    public static SurfaceScope Outside(Surface surface) => new(surface, SurfaceRequestState.NotRequested, null, [], []);
}

public sealed record WaveFact(string Name, DateTimeOffset OpensAt, WaveState State)
{
    /// <summary>Planned for a moment still to come: nothing in it is enabled before then.</summary>
    public bool OpensLater(DateTimeOffset now) => State == WaveState.Planned && OpensAt > now;
}

/// <param name="StatusReason">Why staff last suspended, reinstated or revoked it.</param>
/// <param name="Blockers">The gates that keep a grant waiting for enablement from being enabled (none once it is enabled or ended).</param>
/// <param name="HeldByOrganizationSuspension">The grant is live but its organization is suspended: not in effect until reinstated.</param>
/// <param name="PastExpiry">Its expiry date has passed, whether or not it was marked expired yet.</param>
public sealed record SupportGrant(
    Guid Id,
    Surface Surface,
    string Identifier,
    GrantStatus Status,
    string? StatusReason,
    IReadOnlyList<string> Models,
    IReadOnlyList<string> AccountEmails,
    WaveFact? Wave,
    IReadOnlyList<EnablementBlocker> Blockers,
    DateOnly? ExpiresOn,
    bool PastExpiry,
    bool HeldByOrganizationSuspension)
{
    public bool IsWaitingForEnablement => Status is GrantStatus.PendingSecondApproval or GrantStatus.Approved or GrantStatus.Scheduled or GrantStatus.Provisioning;
}

/// <summary>Reads one organization's <see cref="SupportScope"/>.</summary>
public static class SupportScopeQuery
{
    public static async Task<SupportScope?> GetAsync(PortalDbContext db, Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organization is null) return null;
        var grants = await db.Grants.AsNoTracking().Where(g => g.OrganizationId == id)
            .OrderBy(g => g.Surface).ThenBy(g => g.Identifier).ThenByDescending(g => g.CreatedAt).ToListAsync(cancellationToken);
        var waveIds = grants.Select(g => g.WaveId).OfType<Guid>().Distinct().ToList();
        var waves = await db.Waves.AsNoTracking().Where(w => waveIds.Contains(w.Id))
            .ToDictionaryAsync(w => w.Id, w => new WaveFact(w.Name, w.OpensAt, w.State), cancellationToken);
        var repEmail = await db.Users.AsNoTracking().Where(u => u.Id == organization.AccountRepId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);

        OrganizationSuspension? suspension = null;
        if (organization.IsSuspended)
        {
            var suspended = await db.AuditEvents.AsNoTracking().Where(e => e.OrganizationId == id && e.Action == "organization.suspended")
                .OrderByDescending(e => e.Id).Select(e => new { e.At, e.Actor }).FirstOrDefaultAsync(cancellationToken);
            suspension = new OrganizationSuspension(organization.SuspensionReason ?? "No reason was recorded.", organization.StatusBeforeSuspension,
                suspended?.At, suspended?.Actor);
        }

        var enrollment = organization.Enrollment;
        return new SupportScope(
            organization.Id,
            organization.Name,
            organization.Country,
            repEmail ?? string.Empty,
            organization.Status,
            suspension,
            organization.TrustedAccessForCyber,
            organization.PreviousAlphaParticipant,
            organization.GovernmentCoordination is { } coordination ? new GovernmentCoordinationView(coordination.SharedOn, coordination.Reference) : null,
            enrollment is null
                ? null
                : new SupportEnrollment(enrollment.LegalName, enrollment.Country, enrollment.Surfaces, [.. enrollment.IdentifiersFor(Surface.Api)],
                    [.. enrollment.IdentifiersFor(Surface.Codex)], enrollment.AccountEmails, enrollment.SubmittedAt, enrollment.SubmittedByStaff),
            [.. Surfaces.InPreview.Select(surface => new SurfaceScope(
                surface,
                RequestState(organization, surface),
                organization.LatestDecision(surface) is { } decision ? new SurfaceDecisionFact(decision.Outcome, decision.Justification, decision.DecidedAt) : null,
                enrollment is null ? [] : [.. enrollment.IdentifiersFor(surface)],
                [.. grants.Where(g => g.Surface == surface).Select(g => ToFact(g, organization, waves, now))]))]);
    }

    /// <summary>
    /// The latest decision counts. A needs-info decision followed by a newer submission is under review again; before
    /// it, the question is with the partner.
    /// </summary>
    private static SurfaceRequestState RequestState(Organization organization, Surface surface)
    {
        var decision = organization.LatestDecision(surface);
        var requested = organization.Enrollment?.Surfaces.Contains(surface) == true;
        return decision?.Outcome switch
        {
            DecisionOutcome.Approve => SurfaceRequestState.Approved,
            DecisionOutcome.Decline => SurfaceRequestState.Declined,
            DecisionOutcome.NeedsInfo when organization.Enrollment is { } enrollment && enrollment.SubmittedAt > decision.DecidedAt && requested => SurfaceRequestState.UnderReview,
            DecisionOutcome.NeedsInfo => SurfaceRequestState.MoreInformationRequested,
            _ => requested ? SurfaceRequestState.UnderReview : SurfaceRequestState.NotRequested,
        };
    }

    private static SupportGrant ToFact(ScopeGrant grant, Organization organization, IReadOnlyDictionary<Guid, WaveFact> waves, DateTimeOffset now)
    {
        var fact = new SupportGrant(grant.Id, grant.Surface, grant.Identifier, grant.Status, grant.StatusReason, grant.Models, grant.AccountEmails,
            grant.WaveId is { } waveId ? waves.GetValueOrDefault(waveId) : null, [], grant.ExpiresOn, grant.IsPastExpiry(now),
            organization.IsSuspended && grant.IsLive);
        return fact.IsWaitingForEnablement ? fact with { Blockers = ScopeGrant.BlockersFor(organization) } : fact;
    }
}
