using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Rollout;
using PreviewAccess.Web.Features.Access;

namespace PreviewAccess.Web.Features.Support;

/// <summary>The question a diagnosis asked, once the check accepted it as well formed.</summary>
public sealed record DiagnosedRequest(Surface Surface, string Identifier, string Email, string Model, string? Country);

/// <summary>
/// What the portal knows behind one access decision, for support: the organization the decision matched, the grants on
/// the surface for the identifier, and what would unblock it. The decision is taken as given (<see cref="AccessAnswer"/>);
/// its reason says which gate closed, and the facts say why that gate is closed and who can open it.
/// </summary>
public sealed record AccessExplanation(SupportScope? Organization, SurfaceScope? Surface, IReadOnlyList<SupportGrant> Grants, IReadOnlyList<string> Unblocks)
{
    public static AccessExplanation For(AccessAnswer answer, DiagnosedRequest request, SupportScope? organization, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(request);
        var surface = organization?.For(request.Surface);
        var grants = surface?.Grants.Where(g => string.Equals(g.Identifier, request.Identifier, StringComparison.Ordinal)).ToList() ?? [];
        return new AccessExplanation(organization, surface, grants, Unblocking(answer.Reason, request, organization, surface, grants, now));
    }

    private static List<string> Unblocking(AccessReason reason, DiagnosedRequest request, SupportScope? organization, SurfaceScope? surface,
        IReadOnlyList<SupportGrant> grants, DateTimeOffset now)
    {
        var surfaceName = request.Surface.DisplayName();
        switch (reason)
        {
            case AccessReason.Allowed:
                return ["Nothing: access is enabled. If the person still cannot use the model, it is a technical issue for a support case."];
            case AccessReason.SurfaceNotInPreview:
                return ["Nothing in the portal: ChatGPT is not part of the preview."];
            case AccessReason.UnknownIdentifier:
                return ["No organization in the program has this identifier or email. Look the organization up by name to find the identifiers it was approved for."];
        }

        if (organization is null || surface is null) return [];
        switch (reason)
        {
            case AccessReason.NotApprovedForSurface:
                return [SupportScopeText.ForRequest(surface)];
            case AccessReason.IdentifierNotInScope:
                var granted = string.Join(", ", surface.Grants.Select(g => g.Identifier).Distinct());
                return surface.EnrolledIdentifiers.Contains(request.Identifier, StringComparer.Ordinal)
                    ? [$"{request.Identifier} is in the enrollment but was not approved on {surfaceName}; the {surfaceName} grants are for {granted}. Approving it is the account representative's decision (Admin)."]
                    : [$"The organization's {surfaceName} grants are for {granted}. The person may be using another {request.Surface.IdentifierName()}; adding {request.Identifier} needs the account representative (Admin)."];
            case AccessReason.ModelNotIncluded:
                return [$"The grant covers {string.Join(", ", grants.SelectMany(g => g.Models).Distinct())}, not {request.Model}. Only the account representative can change which models are approved (Admin)."];
            case AccessReason.EmailNotApproved:
                return [$"{request.Email} is not an approved account email of the grant. The person signs in with an approved one ({string.Join(", ", grants.SelectMany(g => g.AccountEmails).Distinct())}), or the account representative approves this email (Admin)."];
            case AccessReason.UnsupportedRegion:
                return [$"The grant itself is enabled; the request appears to come from {request.Country}, an unsupported country or region. The person must connect from a supported country, without a VPN or proxy."];
        }

        var lines = new List<string>();
        if (organization.Suspension is { } suspension)
        {
            lines.Add($"The organization is suspended ({suspension.Reason.TrimEnd('.')}). Nothing it holds is in effect until its account representative reinstates it (Admin).");
        }

        foreach (var grant in grants) lines.AddRange(ForGrant(grant, now));
        return lines;
    }

    private static IEnumerable<string> ForGrant(SupportGrant grant, DateTimeOffset now)
    {
        var reason = string.IsNullOrWhiteSpace(grant.StatusReason) ? string.Empty : $" (“{grant.StatusReason.Trim()}”)";
        switch (grant.Status)
        {
            case GrantStatus.Suspended:
                yield return $"The grant for {grant.Identifier} is suspended{reason}: the account representative can reinstate it (Admin).";
                yield break;
            case GrantStatus.Revoked:
                yield return $"The grant for {grant.Identifier} was revoked{reason}: it does not come back; access needs a new approval by the account representative (Admin).";
                yield break;
            case GrantStatus.Expired:
                yield return $"The grant for {grant.Identifier} expired{(grant.ExpiresOn is { } expired ? $" after {expired:yyyy-MM-dd}" : string.Empty)}: access needs a new approval by the account representative (Admin).";
                yield break;
        }

        if (grant.PastExpiry)
        {
            yield return $"The grant for {grant.Identifier} ended after its expiry date, {grant.ExpiresOn:yyyy-MM-dd}: access needs a new approval by the account representative (Admin).";
            yield break;
        }

        if (grant.Status == GrantStatus.Enabled)
        {
            if (grant.HeldByOrganizationSuspension) yield return $"The grant for {grant.Identifier} itself is enabled; it is not in effect while the organization is suspended.";
            yield break;
        }

        // A closed gate is what support must act on: it comes before where the grant stands in the rollout.
        foreach (var blocker in grant.Blockers) yield return ForBlocker(blocker);
        switch (grant.Status)
        {
            case GrantStatus.PendingSecondApproval:
                yield return "The grant waits for a second approval by a different staff user (Admin).";
                break;
            case GrantStatus.Approved:
                yield return "The grant is approved but not placed in a rollout wave yet: the account representative schedules it (Admin → Waves).";
                break;
            case GrantStatus.Scheduled when grant.Wave is { } wave:
                yield return ForWave(wave, now);
                break;
            case GrantStatus.Provisioning:
                yield return "The grant is being provisioned by the enablement worker: it becomes enabled shortly unless a gate below closes.";
                break;
        }
    }

    private static string ForWave(WaveFact wave, DateTimeOffset now) => wave.State switch
    {
        WaveState.Planned when wave.OpensLater(now) => $"{wave.Name} opens on {SupportScopeText.Moment(wave.OpensAt)}: the grant is enabled after that, a few grants at a time.",
        WaveState.Planned => $"{wave.Name} was due on {SupportScopeText.Moment(wave.OpensAt)}: the enablement worker opens it and enables its grants a few at a time.",
        WaveState.Open => $"{wave.Name} opened on {SupportScopeText.Moment(wave.OpensAt)}: its grants are enabled a few at a time, each once nothing blocks it.",
        WaveState.Paused => $"{wave.Name} is paused: enablement resumes when staff resume the wave (Admin → Waves).",
        _ => $"{wave.Name} is completed without enabling this grant: the account representative decides where it goes next (Admin → Waves).",
    };

    public static string ForBlocker(EnablementBlocker blocker) => blocker switch
    {
        EnablementBlocker.GovernmentCoordinationMissing => "Government coordination must be recorded before this grant can be enabled (Admin → Government coordination).",
        EnablementBlocker.TermsNotAccepted => "The preview terms must be accepted in a submitted enrollment before this grant can be enabled (the partner).",
        EnablementBlocker.OrganizationSuspended => "The organization must be reinstated before this grant can be enabled (Admin).",
        _ => blocker.ToString(),
    };
}
