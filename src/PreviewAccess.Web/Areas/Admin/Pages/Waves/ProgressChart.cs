using System.Globalization;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Rollout;

namespace PreviewAccess.Web.Areas.Admin.Pages.Waves;

/// <summary>One stacked segment of a bar: where it is drawn and what it stands for.</summary>
public sealed record ChartSegment(string X, string Y, string Width, string Height, string CssClass, string Title);

/// <summary>
/// The wave's progress as a stacked bar chart drawn on the server (an SVG, no script: the Content-Security-Policy allows
/// none inline, and a picture needs none). One bar per moment, its segments the grants by status.
/// </summary>
public sealed class ProgressChart
{
    public const int Width = 720;
    public const int Height = 240;
    public const int Left = 44;
    public const int Right = 12;
    public const int Top = 12;
    public const int Bottom = 36;

    public ProgressChart(IReadOnlyList<ProgressPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        Points = points;
        Max = Math.Max(1, points.Count == 0 ? 0 : points.Max(p => p.Total));
        var plotWidth = Width - Left - Right;
        var slot = points.Count == 0 ? plotWidth : (double)plotWidth / points.Count;
        var barWidth = Math.Max(2, slot * 0.72);
        var segments = new List<ChartSegment>();
        for (var i = 0; i < points.Count; i++)
        {
            var x = Left + (slot * i) + ((slot - barWidth) / 2);
            var y = (double)Top + PlotHeight;
            foreach (var (label, css, statuses) in Vocabulary.WaveSeries)
            {
                var count = statuses.Sum(points[i].Count);
                if (count == 0) continue;
                var height = PlotHeight * count / Max;
                y -= height;
                segments.Add(new ChartSegment(N(x), N(y), N(barWidth), N(height), css, $"{Vocabulary.Moment(points[i].At)}: {count} {label.ToLowerInvariant()}"));
            }
        }

        Segments = segments;
    }

    public IReadOnlyList<ProgressPoint> Points { get; }

    public IReadOnlyList<ChartSegment> Segments { get; }

    /// <summary>The top of the scale: the most grants the wave held at any moment shown.</summary>
    public int Max { get; }

    public static int PlotHeight => Height - Top - Bottom;

    public static string Baseline => N(Top + PlotHeight);

    public string ViewBox => $"0 0 {Width} {Height}";

    public string StartLabel => Points.Count == 0 ? string.Empty : Vocabulary.Moment(Points[0].At);

    public string EndLabel => Points.Count == 0 ? string.Empty : "Now";

    /// <summary>The chart in one sentence, for those who do not see it.</summary>
    public string Summary
    {
        get
        {
            if (Points.Count == 0) return "No grant has been placed in this wave yet.";
            var now = Points[^1];
            var parts = Vocabulary.WaveSeries.Select(s => $"{s.Statuses.Sum(now.Count)} {s.Label.ToLowerInvariant()}");
            return $"From {StartLabel} until now. Now: {string.Join(", ", parts)}.";
        }
    }

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
