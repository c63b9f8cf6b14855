using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Rollout;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Status;

/// <summary>One identifier of one surface: its state in plain words and what the partner does next.</summary>
public sealed record IdentifierStatus(
    Surface Surface,
    string Identifier,
    string State,
    StatusTone Tone,
    string WhatToDo,
    IReadOnlyList<string> Models,
    IReadOnlyList<string> AccountEmails)
{
    public bool IsEnabled => Tone == StatusTone.Enabled;

    /// <summary>The ended (expired or revoked) grant a partner may ask to renew; null when there is nothing to renew.</summary>
    public Guid? RenewableGrantId { get; init; }
}

/// <summary>One surface. The API and Codex are always shown, each on its own: one never implies the other.</summary>
public sealed record SurfaceStatus(
    Surface Surface,
    bool Requested,
    string Headline,
    StatusTone Tone,
    string Explanation,
    string? DecisionNote,
    IReadOnlyList<IdentifierStatus> Identifiers)
{
    public bool AllEnabled => Identifiers.Count > 0 && Identifiers.All(i => i.IsEnabled);

    /// <summary>What is under way for the surface and why access is limited (the sentences of InProgress.For).</summary>
    public IReadOnlyList<string> InProgress { get; init; } = [];

    /// <summary>Whether the partner can ask to change this surface's access now (their organization is reviewed).</summary>
    public bool CanRequestChange { get; init; }
}

/// <summary>A request to change access that is not decided yet, as its partner sees it.</summary>
public sealed record PendingRequest(Guid Id, DateTimeOffset RequestedAt, IReadOnlyList<Surface> Surfaces, bool WaitsForAnswer);

public sealed record PartnerStatusView(
    string OrganizationName,
    OrganizationStatus Status,
    string StatusInWords,
    StatusTone Tone,
    string WhatToDo,
    PartnerRepresentative Representative,
    DateTimeOffset? EnrollmentSubmittedAt,
    string? NeedsInfoMessage,
    IReadOnlyList<SurfaceStatus> Surfaces)
{
    /// <summary>Requests to change access that are not decided yet, oldest first.</summary>
    public IReadOnlyList<PendingRequest> PendingRequests { get; init; } = [];

    /// <summary>Whether the organization may ask to change its access (it is reviewed).</summary>
    public bool CanRequestChange => Status == OrganizationStatus.Reviewed;

    public bool CanEditEnrollment => Status == OrganizationStatus.Enrolling;

    public bool EverythingEnabled => Surfaces.Where(s => s.Requested).ToList() is { Count: > 0 } requested && requested.All(s => s.AllEnabled);
}

/// <summary>
/// The partner's status page: per surface × identifier, the grant's state in plain words and what to do.
/// Only an enabled grant is called access; everything else says what it is (under review, approved, waiting
/// for a wave) and that completing enrollment does not make access active.
/// </summary>
public sealed class PartnerStatus(PartnerSnapshots snapshots, TimeProvider clock)
{
    /// <summary>The sentence of the notice that every page showing an organization that is not enabled carries.</summary>
    public const string EnrollmentIsNotAccess = "Completing enrollment does not make access active.";

    public async Task<PartnerStatusView?> GetAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.LoadAsync(organizationId, cancellationToken);
        return snapshot is null ? null : Describe(snapshot, clock.GetUtcNow());
    }

    public static PartnerStatusView Describe(PartnerSnapshot snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var organization = snapshot.Organization;
        var needsInfo = organization.OpenNeedsInfo?.Justification;
        var (words, tone, todo) = OrganizationInWords(organization, needsInfo is not null);
        return new PartnerStatusView(
            organization.Name,
            organization.Status,
            words,
            tone,
            todo,
            snapshot.Representative,
            organization.Enrollment?.SubmittedAt,
            needsInfo,
            Surfaces.InPreview.Select(surface => WithRequests(DescribeSurface(snapshot, surface, now), snapshot) with
            {
                InProgress = InProgress.For(snapshot, surface),
                CanRequestChange = organization.Status == OrganizationStatus.Reviewed,
            }).ToList())
        {
            PendingRequests = [.. snapshot.PendingAmendments.Select(a => new PendingRequest(a.Id, a.RequestedAt, a.Surfaces, a.Status == Domain.Amendments.AmendmentStatus.NeedsInfo))],
        };
    }

    /// <summary>A surface not requested in the enrollment but asked for in a pending amendment reads as requested, under review.</summary>
    private static SurfaceStatus WithRequests(SurfaceStatus status, PartnerSnapshot snapshot) =>
        !status.Requested && snapshot.PendingAmendments.Any(a => a.Surfaces.Contains(status.Surface))
            ? status with
            {
                Requested = true,
                Headline = "Requested — under review",
                Tone = StatusTone.Waiting,
                Explanation = $"You asked for {Named(status.Surface)} in a request to change your access. It is reviewed on its own; nothing is enabled until it is approved and then enabled in a rollout wave.",
            }
            : status;

    private static (string Words, StatusTone Tone, string WhatToDo) OrganizationInWords(Organization organization, bool needsInfo)
    {
        var label = Vocabulary.ForPartner(organization.Status, needsInfo);
        var todo = organization.Status switch
        {
            OrganizationStatus.Nominated or OrganizationStatus.Invited => "Accept the invitation your account representative sent you.",
            OrganizationStatus.Enrolling when needsInfo => "Your account representative asked for more information. Answer their question below; your enrollment then goes back to review.",
            OrganizationStatus.Enrolling => "Complete your enrollment and submit it.",
            OrganizationStatus.UnderReview => "Nothing to do for now. The API and Codex are reviewed separately; each is shown below.",
            OrganizationStatus.Reviewed => "Every surface you requested has a decision; each is shown below. To add to your access or renew it, send a request from the surface concerned.",
            OrganizationStatus.Suspended => "Your organization's participation is suspended. Contact your account representative.",
            _ => "Contact your account representative.",
        };
        return (label.Text, label.Tone, todo);
    }

    private static SurfaceStatus DescribeSurface(PartnerSnapshot snapshot, Surface surface, DateTimeOffset now)
    {
        var organization = snapshot.Organization;
        var enrollment = organization.Enrollment;
        var other = surface == Surface.Api ? Surface.Codex : Surface.Api;
        var grants = snapshot.Grants.Where(g => g.Surface == surface).ToList();

        if (enrollment is null || (!enrollment.Surfaces.Contains(surface) && grants.Count == 0))
        {
            var explanation = enrollment is null
                ? "Request the API, Codex or both in your enrollment."
                : $"Your enrollment does not request {Named(surface)}. Approval for {Named(other)} does not include {Named(surface)}. "
                  + (organization.Status == OrganizationStatus.Enrolling
                      ? $"You can add {Named(surface)} when you update your enrollment."
                      : organization.Status == OrganizationStatus.Reviewed
                          ? $"You can request {Named(surface)}: your account representative reviews the request."
                          : $"Once every surface you requested is decided, you can request {Named(surface)} from this page.");
            return new SurfaceStatus(surface, false, enrollment is null ? "Not requested yet" : "Not requested", StatusTone.Neutral, explanation, null, []);
        }

        var decision = organization.LatestDecision(surface);
        // A needs-info decision older than the latest submission has been answered: the surface is under review again.
        if (decision is { Outcome: DecisionOutcome.NeedsInfo } && decision.DecidedAt < enrollment.SubmittedAt) decision = null;
        var identifiers = enrollment.IdentifiersFor(surface).ToList();

        if (grants.Count == 0)
        {
            var (headline, tone, todo, note) = decision?.Outcome switch
            {
                DecisionOutcome.NeedsInfo => ("More information needed", StatusTone.ActionNeeded, "Answer your account representative's question at the top of this page.", (string?)null),
                DecisionOutcome.Decline => ("Not approved", StatusTone.Stopped, "Your account representative can answer questions about this decision.", $"From your account representative: {decision.ForPartner}"),
                DecisionOutcome.Approve => ("Approved — not yet enabled", StatusTone.Waiting, "Nothing to do for now.", null),
                _ => ("Under review", StatusTone.Waiting, "Nothing to do for now. Your account representative can tell you more.", null),
            };
            var rows = identifiers.Select(i => new IdentifierStatus(surface, i, headline, tone, todo, [], [])).ToList();
            return new SurfaceStatus(surface, true, headline, tone, SeparateApproval(surface, other), note, rows);
        }

        var organizationSuspended = organization.IsSuspended;
        var rowsFromGrants = new List<IdentifierStatus>();
        foreach (var identifier in identifiers.Union(grants.Select(g => g.Identifier), StringComparer.Ordinal))
        {
            // Should an identifier have an old revoked grant beside a new one, the live one speaks (as in the access decision).
            var grant = grants.Where(g => g.Identifier == identifier).OrderBy(g => g.IsLive ? 0 : 1).ThenByDescending(g => g.CreatedAt).FirstOrDefault();
            rowsFromGrants.Add(grant is null
                ? new IdentifierStatus(surface, identifier, "Not included in the approval", StatusTone.Stopped,
                    "Your account representative can confirm what your approval includes.", [], [])
                : DescribeGrant(grant, organizationSuspended, snapshot.Waves, now));
        }

        var enabled = rowsFromGrants.Count(r => r.IsEnabled);
        var (surfaceHeadline, surfaceTone) = enabled == rowsFromGrants.Count
            ? ("Enabled", StatusTone.Enabled)
            : enabled > 0
                ? ($"Enabled for {enabled} of {rowsFromGrants.Count} {surface.IdentifierName()}s", StatusTone.Enabled)
                : organizationSuspended
                    ? ("Suspended", StatusTone.Stopped)
                    : rowsFromGrants.All(r => r.Tone == StatusTone.Stopped)
                        ? (rowsFromGrants[0].State, StatusTone.Stopped)
                        : ("Approved — not yet enabled", StatusTone.Waiting);
        return new SurfaceStatus(surface, true, surfaceHeadline, surfaceTone, SeparateApproval(surface, other), null, rowsFromGrants);
    }

    private static string SeparateApproval(Surface surface, Surface other) =>
        $"{Capitalized(Named(surface))} only: approval for {Named(surface)} does not include {Named(other)}.";

    /// <summary>"the API", "Codex": how a sentence names a surface.</summary>
    public static string Named(Surface surface) => surface == Surface.Api ? "the API" : surface.DisplayName();

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>A grant in a partner's words. Only <see cref="GrantStatus.Enabled"/> (not suspended, not past expiry) reads as access.</summary>
    public static IdentifierStatus DescribeGrant(ScopeGrant grant, bool organizationSuspended, IReadOnlyDictionary<Guid, Wave> waves, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(waves);
        const string AskRep = "Contact your account representative.";
        const string Renew = "You can ask to renew it; your account representative reviews the request.";
        const string WaitForMail = "Nothing to do. Enablement happens on a rolling basis; you will receive an email when it is enabled.";

        (string State, StatusTone Tone, string Todo) words = organizationSuspended
            ? ("Suspended", StatusTone.Stopped, "Your organization's participation is suspended. " + AskRep)
            : grant.Status switch
            {
                GrantStatus.Revoked => ("Revoked", StatusTone.Stopped, "You can ask to renew it; your account representative reviews the request."),
                GrantStatus.Expired => ($"Expired{(grant.ExpiresOn is { } on ? " on " + Vocabulary.Day(on) : string.Empty)}", StatusTone.Stopped, Renew),
                _ when grant.IsPastExpiry(now) => ($"Expired on {Vocabulary.Day(grant.ExpiresOn!.Value)}", StatusTone.Stopped, Renew),
                GrantStatus.Suspended => ("Suspended", StatusTone.Stopped, AskRep),
                GrantStatus.PendingSecondApproval => ("Under review — waiting for a second approval", StatusTone.Waiting, "Nothing to do for now."),
                GrantStatus.Approved => ("Approved — waiting to be placed in a rollout wave", StatusTone.Waiting, WaitForMail),
                GrantStatus.Scheduled => (Scheduled(grant, waves, now), StatusTone.Waiting, WaitForMail),
                GrantStatus.Provisioning => ("Approved — being enabled now", StatusTone.Waiting, WaitForMail),
                GrantStatus.Enabled => (
                    grant.ExpiresOn is { } until ? $"Enabled until {Vocabulary.Day(until)}" : "Enabled",
                    StatusTone.Enabled,
                    $"Access is active. Use this {grant.Surface.IdentifierName()} with one of the approved account emails and an included model."),
                _ => (grant.Status.ToString(), StatusTone.Neutral, AskRep),
            };
        var ended = !organizationSuspended && grant.Status is GrantStatus.Expired or GrantStatus.Revoked;
        return new IdentifierStatus(grant.Surface, grant.Identifier, words.State, words.Tone, words.Todo, grant.Models, grant.AccountEmails)
        {
            RenewableGrantId = ended ? grant.Id : null,
        };
    }

    private static string Scheduled(ScopeGrant grant, IReadOnlyDictionary<Guid, Wave> waves, DateTimeOffset now)
    {
        if (grant.WaveId is not { } waveId || !waves.TryGetValue(waveId, out var wave)) return "Approved — waiting for its rollout wave";
        return wave.State switch
        {
            WaveState.Planned when wave.OpensAt > now => $"Approved — waiting for rollout wave '{wave.Name}' opening {Vocabulary.Day(wave.OpensAt)}",
            WaveState.Paused => $"Approved — waiting for rollout wave '{wave.Name}', which is paused",
            WaveState.Completed => "Approved — waiting for a rollout wave",
            _ => $"Approved — in rollout wave '{wave.Name}' (opened {Vocabulary.Day(wave.OpensAt)}), not yet enabled",
        };
    }
}
