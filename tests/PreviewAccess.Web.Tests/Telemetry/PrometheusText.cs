using System.Globalization;
using System.Text.RegularExpressions;

namespace PreviewAccess.Web.Tests.Telemetry;

/// <summary>A scrape of <c>/metrics</c> read as Prometheus reads it: one sample a line, <c>name{label="value",…} number</c>.</summary>
public sealed partial class PrometheusText(string text)
{
    public string Text { get; } = text;

    /// <summary>The samples of this name whose labels include all of <paramref name="labels"/>.</summary>
    public IReadOnlyList<double> Samples(string name, params (string Label, string Value)[] labels)
    {
        var found = new List<double>();
        foreach (var line in Text.Split('\n'))
        {
            var match = Sample().Match(line);
            if (!match.Success || match.Groups["name"].Value != name) continue;
            var present = Label().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups["label"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
            if (labels.All(l => present.TryGetValue(l.Label, out var value) && value == l.Value))
            {
                found.Add(double.Parse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture));
            }
        }

        return found;
    }

    /// <summary>The sum of the matching samples; 0 when there is none (a counter not moved yet is not written).</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) => Samples(name, labels).Sum();

    public bool Has(string name, params (string Label, string Value)[] labels) => Samples(name, labels).Count > 0;

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?\s*$")]
    private static partial Regex Sample();

    [GeneratedRegex("(?<label>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<value>(?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Label();
}
