using System.Net.Http.Headers;
using System.Text.Json;

namespace PreviewAccess.Bench;

/// <summary>
/// Before any load: a sample of the check targets must get exactly the answer the seed intends, so the load
/// measures real allowed and denied decisions, not 400s or 401s.
/// </summary>
internal static class Verification
{
    public static async Task<int> RunAsync(Options options)
    {
        using var http = Client(options.Required("url"), options.Required("key"));
        var targets = (await File.ReadAllLinesAsync(options.Required("targets"))).Select(line => line.Split('\t')).ToList();
        var sample = targets.Where((_, n) => n % Math.Max(1, targets.Count / options.Number("sample", 500)) == 0).ToList();
        var byReason = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var wrong = 0;
        foreach (var target in sample)
        {
            using var response = await http.GetAsync(new Uri(target[0], UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            var reason = response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.GetProperty("reason").GetString() ?? "?" : $"HTTP {(int)response.StatusCode}";
            byReason[reason] = byReason.GetValueOrDefault(reason) + 1;
            if (reason == target[1]) continue;
            if (++wrong <= 5) await Console.Error.WriteLineAsync($"expected {target[1]}, got {reason}: {target[0]}");
        }

        Console.WriteLine($"verified {sample.Count} check targets: {string.Join(", ", byReason.Select(r => $"{r.Key} {r.Value}"))}; {wrong} unexpected");
        return wrong == 0 ? 0 : 1;
    }

    public static HttpClient Client(string baseUrl, string key)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }
}
