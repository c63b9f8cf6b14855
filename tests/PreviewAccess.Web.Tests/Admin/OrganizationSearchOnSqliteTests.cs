using PreviewAccess.Data;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Hosting;

namespace PreviewAccess.Web.Tests.Admin;

/// <summary>
/// The parity subset on SQLite: the organization search finds by name fragment, identifier and email, and pages a
/// search by cursor, as on PostgreSQL (where it runs on other indexes and SQL, see OrganizationQueries).
/// </summary>
public sealed class OrganizationSearchOnSqliteTests : IAsyncLifetime, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"org-search-{Guid.NewGuid():N}.db");
    private PortalApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new PortalApp($"Data Source={_file}", DatabaseProvider.Sqlite, seedDemoData: true, settings: new Dictionary<string, string?>
        {
            ["Rollout:WorkerEnabled"] = "false",
            ["Mail:DispatcherEnabled"] = "false",
        });
        _ = _app.Services;
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
    public async Task On_SQLite_the_list_searches_by_name_api_organization_id_workspace_id_and_account_email()
    {
        var arranged = await _app.UnderReviewAsync(TestData.UniqueName("Searchable"));
        using var rep = await _app.SignedInAsync(DemoData.RepEmail);

        foreach (var query in new[] { arranged.Name[..12].ToUpperInvariant(), arranged.ApiOrganizationIds[1], arranged.CodexWorkspaceIds[0], arranged.AccountEmails[1].ToUpperInvariant() })
        {
            var page = await rep.GetPageAsync($"/Admin/Organizations?q={Uri.EscapeDataString(query)}&rep=all");
            var names = page.QuerySelectorAll("#organizations tbody tr td:first-child").Select(c => c.TextContent.Trim()).ToList();
            Assert.Equal([arranged.Name], names);
        }

        var nothing = await rep.GetPageAsync("/Admin/Organizations?q=no%20such%20organization&rep=all");
        Assert.Empty(nothing.QuerySelectorAll("#organizations tbody tr"));
    }

    [Fact]
    public async Task On_SQLite_a_search_pages_with_a_next_link_until_every_match_was_shown_once_in_name_order()
    {
        var marker = TestData.UniqueName("Sought").Replace(' ', '-');
        var expected = new List<string>();
        for (var i = 0; i < 27; i++) expected.Add((await _app.NominatedAsync($"{(char)('Z' - i % 26)}{i:00} {marker}")).Name);
        await _app.NominatedAsync(TestData.UniqueName("Unrelated"));
        using var rep = await _app.SignedInAsync(DemoData.RepEmail);

        var seen = new List<string>();
        var url = $"/Admin/Organizations?q={Uri.EscapeDataString(marker.ToLowerInvariant())}&rep=all";
        while (url is not null)
        {
            var page = await rep.GetPageAsync(url);
            seen.AddRange(page.QuerySelectorAll("#organizations tbody tr td:first-child").Select(c => c.TextContent.Trim()));
            url = page.QuerySelector("#next-page")?.GetAttribute("href");
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal), seen);
    }
}
