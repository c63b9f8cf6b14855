using System.Globalization;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Rollout;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Support;

/// <summary>How the support pages word a scope's facts: plain words first, the contract's code only beside them.</summary>
public static class SupportScopeText
{
    public static string Describe(SurfaceRequestState state) => state switch
    {
        SurfaceRequestState.NotRequested => "Not requested",
        SurfaceRequestState.UnderReview => "Requested — under review",
        SurfaceRequestState.Approved => "Approved",
        SurfaceRequestState.Declined => "Declined",
        SurfaceRequestState.MoreInformationRequested => "More information requested",
        _ => state.ToString(),
    };

    /// <summary>A Bootstrap badge class: colour backs up the words, it never replaces them.</summary>
    public static string BadgeClass(SurfaceRequestState state) => state switch
    {
        SurfaceRequestState.Approved => "text-bg-primary",
        SurfaceRequestState.Declined => "text-bg-danger",
        SurfaceRequestState.UnderReview or SurfaceRequestState.MoreInformationRequested => "text-bg-warning",
        _ => "text-bg-light border",
    };

    /// <summary>A grant's status, saying "not yet enabled" while it waits and "not in effect" while its organization is suspended.</summary>
    public static string Status(SupportGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var status = DisplayNames.Of(grant.Status);
        if (grant.HeldByOrganizationSuspension && grant.Status == GrantStatus.Enabled) return status + " — not in effect";
        return grant.IsWaitingForEnablement ? status + " — not yet enabled" : status;
    }

    /// <summary>"Wave 2 · opens 2026-12-03 09:00 UTC": the name with the moment it opens or opened.</summary>
    public static string Wave(WaveFact wave, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(wave);
        return wave.State switch
        {
            WaveState.Planned when wave.OpensLater(now) => $"{wave.Name} · opens {Moment(wave.OpensAt)}",
            WaveState.Planned => $"{wave.Name} · due since {Moment(wave.OpensAt)}, opening",
            WaveState.Paused => $"{wave.Name} · opened {Moment(wave.OpensAt)}, paused",
            WaveState.Completed => $"{wave.Name} · opened {Moment(wave.OpensAt)}, completed",
            _ => $"{wave.Name} · opened {Moment(wave.OpensAt)}",
        };
    }

    /// <summary>Why a surface has no grant, from the latest decision on it.</summary>
    public static string ForRequest(SurfaceScope surface)
    {
        ArgumentNullException.ThrowIfNull(surface);
        var name = surface.Surface.DisplayName();
        var decision = surface.LatestDecision;
        return surface.Request switch
        {
            SurfaceRequestState.UnderReview => $"{name} is requested and under review: the account representative decides it (Admin). Until then there is no {name} grant.",
            SurfaceRequestState.Declined => $"{name} was declined on {Day(decision!.DecidedAt)}: “{decision.Justification}” Only the account representative can revisit it.",
            SurfaceRequestState.MoreInformationRequested =>
                $"More information was requested on {Day(decision!.DecidedAt)}: “{decision.Justification}” The partner must answer it and submit the enrollment again.",
            SurfaceRequestState.Approved => $"{name} was approved on {Day(decision!.DecidedAt)}, but no grant on it is left.",
            _ => $"The organization did not request {name}. It would need to ask its account representative.",
        };
    }

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Moment(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
