using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Rollout;
using PreviewAccess.Web.Features.Seeding;

namespace PreviewAccess.Web.Tests.Admin.Waves;

/// <summary>
/// The parity subset on SQLite (the provider <c>dotnet run</c> uses with the demo): the filters (a model is a JSON list there),
/// assigning every match, opening, and the chart read from the audit log.
/// </summary>
public sealed class WavePagesOnSqliteTests() : PortalTest(DatabaseProvider.Sqlite)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Rollout:WorkerEnabled"] = "false", ["Mail:DispatcherEnabled"] = "false" };

    [Fact]
    public async Task On_SQLite_a_representative_fills_opens_and_follows_a_wave_of_the_demo()
    {
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync("/Admin/Waves/Create");
        var wave = await rep.SubmitAndFollowAsync(form, "#wave-form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Wave on SQLite", ["Input.OpensAt"] = "2099-12-03T09:00", ["Input.Capacity"] = "5",
        });
        var waveId = await App.ReadAsync(db => db.Waves.Where(w => w.Name == "Wave on SQLite").Select(w => w.Id).SingleAsync());

        var alpineLuna = await rep.GetPageAsync($"/Admin/Waves/Details/{waveId}?country=CH&model=gpt-5.6-luna");
        Assert.Equal(2, alpineLuna.QuerySelectorAll("#assignable tbody tr").Length);
        var filled = await rep.SubmitAndFollowAsync(alpineLuna, "#assign-matching-form", new Dictionary<string, string>());
        Assert.Contains("2 grants placed in Wave on SQLite", filled.Flash(), StringComparison.Ordinal);

        var opened = await rep.SubmitAndFollowAsync(filled, "#open-form", new Dictionary<string, string>());
        var worker = App.Services.GetRequiredService<EnablementWorker>();
        await worker.RunOnceAsync(CancellationToken.None);
        await worker.RunOnceAsync(CancellationToken.None);

        var page = await rep.GetPageAsync($"/Admin/Waves/Details/{waveId}");
        Assert.Contains("Enabled: 2", page.QuerySelector("#progress-legend")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(page.QuerySelectorAll("#progress-chart rect.series-enabled"));
        Assert.Equal(2, await App.ReadAsync(db => db.Grants.CountAsync(g => g.WaveId == waveId && g.Status == GrantStatus.Enabled)));
        Assert.Contains("Open", opened.QuerySelector("#wave-state")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(wave.QuerySelector("#assignable"));
    }
}
