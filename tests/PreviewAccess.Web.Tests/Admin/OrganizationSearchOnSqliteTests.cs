using PreviewAccess.Web.Features.Seeding;

namespace PreviewAccess.Web.Tests.Admin;

/// <summary>
/// The parity subset on SQLite: the organization search finds by name fragment, identifier and email, and pages a
/// search by cursor, as on PostgreSQL (where it runs on other indexes and SQL, see OrganizationQueries).
/// </summary>
public sealed class OrganizationSearchOnSqliteTests() : PortalTest(DatabaseProvider.Sqlite)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Rollout:WorkerEnabled"] = "false",
        ["Mail:DispatcherEnabled"] = "false",
    };

    [Fact]
    public async Task On_SQLite_the_list_searches_by_name_api_organization_id_workspace_id_and_account_email()
    {
        var arranged = await App.UnderReviewAsync(TestData.UniqueName("Searchable"));
        using var rep = await App.SignedInAsync(DemoData.RepEmail);

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
    public Task On_SQLite_a_search_pages_with_a_next_link_until_every_match_was_shown_once_in_name_order() =>
        OrganizationPagesTests.SearchPagesInNameOrderAsync(App);
}
