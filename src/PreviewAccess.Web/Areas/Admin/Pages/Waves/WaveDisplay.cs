using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Rollout;

namespace PreviewAccess.Web.Areas.Admin.Pages.Waves;

/// <summary>How the waves pages name a wave's state and colour the chart: words first, colour beside them.</summary>
public static class WaveDisplay
{
    public static StatusLabel For(WaveState state) => state switch
    {
        WaveState.Planned => new("Planned", "text-bg-light border", "Opens by itself at its opening time, or when opened now"),
        WaveState.Open => new("Open — enabling", "text-bg-success", "The worker enables its grants, a bounded number per minute"),
        WaveState.Paused => new("Paused", "text-bg-warning", "Nothing more is enabled until it resumes"),
        WaveState.Completed => new("Completed", "text-bg-secondary", "Takes no more grants"),
        _ => new(state.ToString(), "text-bg-secondary"),
    };

    /// <summary>The chart's series: the statuses of a grant in a wave, bottom of the stack first.</summary>
    public static readonly IReadOnlyList<(string Label, string CssClass, GrantStatus[] Statuses)> Series =
    [
        ("Enabled", "series-enabled", [GrantStatus.Enabled]),
        ("Provisioning", "series-provisioning", [GrantStatus.Provisioning]),
        ("Scheduled — waiting", "series-scheduled", [GrantStatus.Scheduled]),
        ("Suspended, revoked or expired", "series-ended", [GrantStatus.Suspended, GrantStatus.Revoked, GrantStatus.Expired]),
    ];
}
