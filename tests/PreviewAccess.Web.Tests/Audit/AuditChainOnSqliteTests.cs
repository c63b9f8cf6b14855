using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Admin;

namespace PreviewAccess.Web.Tests.Audit;

/// <summary>
/// The parity subset on SQLite (the provider of <c>dotnet run</c>), with the key the portal keeps through the
/// data-protection system when none is configured: the demo's log is sealed from the audit page, and removing its newest
/// events or rewriting one with the unkeyed algorithm is shown there.
/// </summary>
public sealed class AuditChainOnSqliteTests() : PortalTest(DatabaseProvider.Sqlite)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Rollout:WorkerEnabled"] = "false",
        ["Mail:DispatcherEnabled"] = "false",
        ["Webhooks:DispatcherEnabled"] = "false",
    };

    [Fact]
    public async Task On_SQLite_removing_the_newest_events_after_a_checkpoint_is_shown_as_truncation()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
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

        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var page = await rep.GetPageAsync("/Admin/Audit");
        Assert.Contains("Chain broken at event #3", page.QuerySelector("#chain-status")!.TextContent, StringComparison.Ordinal);
    }

    private async Task TamperAsync(Func<PortalDbContext, Task> tamper)
    {
        await using var scope = App.Scope();
        await tamper(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }
}
