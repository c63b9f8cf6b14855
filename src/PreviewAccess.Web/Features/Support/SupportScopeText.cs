using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Rollout;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Support;

/// <summary>
/// The sentences support staff read and paste about a scope (plain text, no markup), in <see cref="Vocabulary"/>'s words,
/// dates and times.
/// </summary>
public static class SupportScopeText
{
    /// <summary>A grant's status: "… — not yet enabled" while it waits, "Enabled — not in effect" while its organization is suspended.</summary>
    public static StatusLabel Status(SupportGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return grant.HeldByOrganizationSuspension ? Vocabulary.HeldBySuspension(grant.Status) : Vocabulary.For(grant.Status);
    }

    /// <summary>"Wave 2 · opens 3 Dec 2026, 09:00 UTC": the name with the moment it opens or opened.</summary>
    public static string Wave(WaveFact wave, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(wave);
        return wave.State switch
        {
            WaveState.Planned when wave.OpensLater(now) => $"{wave.Name} · opens {Vocabulary.Moment(wave.OpensAt)}",
            WaveState.Planned => $"{wave.Name} · due since {Vocabulary.Moment(wave.OpensAt)}, opening",
            WaveState.Paused => $"{wave.Name} · opened {Vocabulary.Moment(wave.OpensAt)}, paused",
            WaveState.Completed => $"{wave.Name} · opened {Vocabulary.Moment(wave.OpensAt)}, completed",
            _ => $"{wave.Name} · opened {Vocabulary.Moment(wave.OpensAt)}",
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
            SurfaceRequestState.Declined => $"{name} was declined on {Vocabulary.Day(decision!.DecidedAt)}: “{decision.Justification}” Only the account representative can revisit it.",
            SurfaceRequestState.MoreInformationRequested =>
                $"More information was requested on {Vocabulary.Day(decision!.DecidedAt)}: “{decision.Justification}” The partner must answer it and submit the enrollment again.",
            SurfaceRequestState.Approved => $"{name} was approved on {Vocabulary.Day(decision!.DecidedAt)}, but no grant on it is left.",
            _ => $"The organization did not request {name}. It would need to ask its account representative.",
        };
    }

    /// <summary>Kept for <see cref="AccessExplanation"/>, which words its sentences with it; the format is <see cref="Vocabulary.Moment(DateTimeOffset)"/>'s.</summary>
    public static string Moment(DateTimeOffset at) => Vocabulary.Moment(at);
}
