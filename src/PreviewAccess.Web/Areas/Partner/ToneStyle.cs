using PreviewAccess.Web.Features.Status;

namespace PreviewAccess.Web.Areas.Partner;

/// <summary>The colour that repeats a state's words (never replaces them).</summary>
public static class ToneStyle
{
    public static string Badge(StatusTone tone) => tone switch
    {
        StatusTone.Enabled => "text-bg-success",
        StatusTone.Waiting => "text-bg-primary",
        StatusTone.ActionNeeded => "text-bg-warning",
        StatusTone.Stopped => "text-bg-danger",
        _ => "text-bg-secondary",
    };
}
