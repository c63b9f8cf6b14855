using Microsoft.Extensions.DependencyInjection;
using PreviewAccess.Data;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Admin;
using PreviewAccess.Web.Tests.Hosting;

namespace PreviewAccess.Web.Tests.Audit;

/// <summary>
/// The parity subset on SQLite (the provider of <c>dotnet run</c>), with the key the portal keeps through the
/// data-protection system when none is configured: the demo's log is sealed from the audit page, and removing its newest
/// events or rewriting one with the unkeyed algorithm is shown there.
/// </summary>
public sealed class AuditChainOnSqliteTests : IAsyncLifetime, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"audit-chain-{Guid.NewGuid():N}.db");
    private PortalApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new PortalApp($"Data Source={_file}", DatabaseProvider.Sqlite, seedDemoData: true,
            settings: new Dictionary<string, string?> { ["Rollout:WorkerEnabled"] = "false", ["Mail:DispatcherEnabled"] = "false", ["Webhooks:DispatcherEnabled"] = "false" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task On_SQLite_removing_the_newest_events_after_a_checkpoint_is_shown_as_truncation()
    {
        using var admin = await _app.SignedInAsync(DemoData.AdminEmail);
        var intact = await admin.GetPageAsync("/Admin/Audit");
        Assert.Contains("Chain intact", intact.QuerySelector("#chain-status")!.TextContent, StringComparison.Ordinal);
        var sealedPage = await admin.SubmitAndFollowAsync(intact, "#checkpoint-form", new Dictionary<string, string>());
        Assert.Contains("Checkpoint written", sealedPage.Flash(), StringComparison.Ordinal);

        await TamperAsync(db => AuditTampering.DeleteNewestAsync(db, 2));

        var page = await admin.GetPageAsync("/Admin/Audit");
        Assert.Contains("events were removed", page.QuerySelector("#chain-status")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_SQLite_rewriting_an_event_and_rehashing_the_rest_with_the_unkeyed_algorithm_is_shown_as_a_break()
    {
        await TamperAsync(db => AuditTampering.RewriteAndRehashAsync(db, 3, "someone-else"));

        using var rep = await _app.SignedInAsync(DemoData.RepEmail);
        var page = await rep.GetPageAsync("/Admin/Audit");
        Assert.Contains("Chain broken at event #3", page.QuerySelector("#chain-status")!.TextContent, StringComparison.Ordinal);
    }

    private async Task TamperAsync(Func<PortalDbContext, Task> tamper)
    {
        await using var scope = _app.Scope();
        await tamper(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }
}
