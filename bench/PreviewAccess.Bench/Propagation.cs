using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace PreviewAccess.Bench;

/// <summary>
/// Change propagation between two instances on one database: a grant is suspended (then reinstated) through
/// instance A's API; instance B's access check is polled back to back until its answer flips. The time runs from
/// A's 200 (the change is committed) to B's first flipped answer. Each change is a different grant or the
/// reinstatement of the previous one, so no answer can be stale from an earlier change.
/// </summary>
internal static class Propagation
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(Options options)
    {
        var key = options.Required("key");
        using var writer = Verification.Client(options.Required("write"), key);
        using var reader = Verification.Client(options.Required("read"), key);
        var changes = options.Number("changes", 100);
        var targets = (await File.ReadAllLinesAsync(options.Required("targets"))).Select(line => line.Split('\t')).ToList();
        if (targets.Count * 2 < changes) throw new BenchException($"{changes} changes need {changes / 2} targets; {targets.Count} given.");

        var times = new List<double>();
        for (var n = 0; n < changes; n++)
        {
            var (grantId, checkPath) = (targets[n / 2][0], targets[n / 2][1]);
            var suspend = n % 2 == 0;
            if (await AllowedAsync(reader, checkPath) != suspend) throw new BenchException($"Before change {n + 1}, B does not answer allowed={suspend} for grant {grantId}.");

            using var response = await writer.PostAsJsonAsync(new Uri($"/api/v1/grants/{grantId}/{(suspend ? "suspend" : "reinstate")}", UriKind.Relative),
                new { reason = "Bench: propagation measurement." });
            if (!response.IsSuccessStatusCode) throw new BenchException($"Change {n + 1} failed: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var committed = Stopwatch.StartNew();
            while (await AllowedAsync(reader, checkPath) == suspend)
            {
                if (committed.Elapsed > GiveUpAfter) throw new BenchException($"Change {n + 1} (grant {grantId}) did not reach B within {GiveUpAfter.TotalSeconds} s.");
            }

            times.Add(committed.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"propagation_changes={times.Count} propagation_p50_ms={Percentile(times, 50):0.0} propagation_max_ms={times[^1]:0.0}"));
        return 0;
    }

    private static async Task<bool> AllowedAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        if (!response.IsSuccessStatusCode) throw new BenchException($"The check answered HTTP {(int)response.StatusCode}: {path}");
        await using var body = await response.Content.ReadAsStreamAsync();
        using var json = await JsonDocument.ParseAsync(body);
        return json.RootElement.GetProperty("allowed").GetBoolean();
    }

    /// <summary>Nearest rank over sorted values.</summary>
    public static double Percentile(List<double> sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
