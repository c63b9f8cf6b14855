using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Domain.Grants;

namespace PreviewAccess.Bench;

/// <summary>
/// Change propagation: a grant is suspended (then reinstated), and the reading instance's access check is polled back
/// to back until its answer flips. The time runs from the commit to the first flipped answer. Each change is a
/// different grant or the reinstatement of the previous one, so no answer can be stale from an earlier change.
/// The change is made either through an instance's API (<c>--write</c>: on PostgreSQL, instance A's, read on B) or,
/// on SQLite, by this process itself through the portal's model (<c>--write-sqlite</c>: a change committed by another
/// process, which the single instance only learns of from its poll of the change log).
/// </summary>
internal static class Propagation
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(Options options)
    {
        var key = options.Required("key");
        using var reader = Verification.Client(options.Required("read"), key);
        await using var writer = Writer(options, key);
        var changes = options.Number("changes", 100);
        var targets = (await File.ReadAllLinesAsync(options.Required("targets"))).Select(line => line.Split('\t')).ToList();
        if (targets.Count * 2 < changes) throw new BenchException($"{changes} changes need {changes / 2} targets; {targets.Count} given.");

        var times = new List<double>();
        for (var n = 0; n < changes; n++)
        {
            var (grantId, checkPath) = (targets[n / 2][0], targets[n / 2][1]);
            var suspend = n % 2 == 0;
            if (await AllowedAsync(reader, checkPath) != suspend) throw new BenchException($"Before change {n + 1}, the reading instance does not answer allowed={suspend} for grant {grantId}.");

            await writer.ChangeAsync(Guid.Parse(grantId), suspend, n + 1);
            var committed = Stopwatch.StartNew();
            while (await AllowedAsync(reader, checkPath) == suspend)
            {
                if (committed.Elapsed > GiveUpAfter) throw new BenchException($"Change {n + 1} (grant {grantId}) did not reach the reading instance within {GiveUpAfter.TotalSeconds} s.");
            }

            times.Add(committed.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"propagation_changes={times.Count} propagation_p50_ms={Percentile(times, 50):0.0} propagation_max_ms={times[^1]:0.0}"));
        return 0;
    }

    private static IGrantWriter Writer(Options options, string key) =>
        options.Optional("write-sqlite") is { } path ? new SqliteWriter(path) : new ApiWriter(Verification.Client(options.Required("write"), key));

    private const string Reason = "Bench: propagation measurement.";

    /// <summary>Suspends or reinstates a grant; returns once the change is committed.</summary>
    private interface IGrantWriter : IAsyncDisposable
    {
        Task ChangeAsync(Guid grant, bool suspend, int change);
    }

    private sealed class ApiWriter(HttpClient http) : IGrantWriter
    {
        public async Task ChangeAsync(Guid grant, bool suspend, int change)
        {
            using var response = await http.PostAsJsonAsync(new Uri($"/api/v1/grants/{grant}/{(suspend ? "suspend" : "reinstate")}", UriKind.Relative), new { reason = Reason });
            if (!response.IsSuccessStatusCode) throw new BenchException($"Change {change} failed: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        public ValueTask DisposeAsync()
        {
            http.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The grant's own transition (<see cref="ScopeGrant.Suspend"/>, <see cref="ScopeGrant.Reinstate"/>) saved through the portal's SQLite context.</summary>
    private sealed class SqliteWriter(string path) : IGrantWriter
    {
        public async Task ChangeAsync(Guid grant, bool suspend, int change)
        {
            await using var db = SqliteCopy.Sqlite(path);
            var row = await db.Grants.SingleOrDefaultAsync(g => g.Id == grant) ?? throw new BenchException($"Change {change}: grant {grant} is not in {path}.");
            if (suspend) row.Suspend(Reason);
            else row.Reinstate(Reason);
            await db.SaveChangesAsync();
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
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
