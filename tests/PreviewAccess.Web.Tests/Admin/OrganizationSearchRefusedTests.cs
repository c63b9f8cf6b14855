using PreviewAccess.Web.Features.Seeding;

namespace PreviewAccess.Web.Tests.Admin;

/// <summary>
/// The organization list's search box meets the one input rule like every other field: a refused search shows its
/// reason on the box, keeps what was typed there, and lists nothing (never every organization, as if nothing was typed).
/// </summary>
[Collection(AdminPagesCollectionDefinition.Name)]
public sealed class OrganizationSearchRefusedTests(PostgresServer postgres) : PortalTest(postgres)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mail:DispatcherEnabled"] = "false",
        ["Rollout:WorkerEnabled"] = "false",
        ["Webhooks:DispatcherEnabled"] = "false",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _ = App.Services;
    }

    [Theory]
    [InlineData("%00")]
    [InlineData("a%01b")]
    [InlineData("line%0Abreak")]
    public async Task A_refused_search_is_an_error_on_the_search_box_and_lists_no_organization(string query)
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);

        var page = await admin.GetPageAsync("/Admin/Organizations?q=" + query);

        Assert.NotNull(page.FieldError("Q"));
        var box = page.QuerySelector("input#q")!;
        Assert.Contains("is-invalid", box.ClassList);
        Assert.Contains("q-error", box.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        // What was typed stays in the box (an HTML parser reads a NUL as U+FFFD).
        Assert.Equal(Uri.UnescapeDataString(query).Replace('\0', '\uFFFD'), box.GetAttribute("value"));
        Assert.Null(page.QuerySelector("#organizations"));
    }

    [Fact]
    public async Task An_accepted_search_shows_no_error()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);

        var page = await admin.GetPageAsync("/Admin/Organizations?q=" + Uri.EscapeDataString("  a  "));

        Assert.Null(page.FieldError("Q"));
        Assert.DoesNotContain("is-invalid", page.QuerySelector("input#q")!.ClassList);
        Assert.Equal("a", page.QuerySelector("input#q")!.GetAttribute("value"));
    }
}
