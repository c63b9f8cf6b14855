using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Webhooks;

namespace PreviewAccess.Web.Tests.Admin;

[Collection(AdminPagesCollectionDefinition.Name)]
public sealed class TextInputPagesOnPostgresTests(PostgresServer postgres) : TextInputPagesTests(postgres, DatabaseProvider.Postgres);

[Collection(AdminPagesCollectionDefinition.Name)]
public sealed class TextInputPagesOnSqliteTests(PostgresServer postgres) : TextInputPagesTests(postgres, DatabaseProvider.Sqlite);

/// <summary>
/// Text through the pages and the CSV upload meets the one rule (<c>InputText</c>) identically on both databases:
/// a refused character is an error on its field (or on its row and column) and nothing is saved; what is accepted
/// is stored composed (NFC) and trimmed, multi-line fields with their line breaks.
/// </summary>
public abstract class TextInputPagesTests(PostgresServer postgres, DatabaseProvider provider) : PortalTest(postgres, provider)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mail:DispatcherEnabled"] = "false",
        ["Rollout:WorkerEnabled"] = "false",
        ["Webhooks:DispatcherEnabled"] = "false",
    };

    [Fact]
    public async Task A_NUL_or_control_character_in_a_csv_cell_is_an_error_on_its_row_and_column_and_nothing_is_imported()
    {
        var before = await App.ReadAsync(db => db.Organizations.CountAsync());
        var good = TestData.UniqueName("Csv Clean");
        var csv = $"""
            organization,country,contact_email
            {good},US,clean@csv.example
            Nul{'\0'}Name Inc,US,nul@csv.example
            Bell Inc,US,bell{'\u0007'}@csv.example
            """;
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var page = await InvitationPagesTests.UploadAsync(rep, csv, HttpStatusCode.OK);

        Assert.Contains("nothing was imported", page.FieldError("Upload"), StringComparison.Ordinal);
        var problems = page.QuerySelectorAll("#import-problems tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(problems, p => p.Contains('3') && p.Contains("organization", StringComparison.Ordinal) && p.Contains("U+0000", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains('4') && p.Contains("contact_email", StringComparison.Ordinal) && p.Contains("U+0007", StringComparison.Ordinal));
        Assert.Equal(2, problems.Count);
        Assert.Equal(before, await App.ReadAsync(db => db.Organizations.CountAsync()));
    }

    [Fact]
    public async Task Csv_cells_are_stored_composed_and_trimmed()
    {
        var unique = TestData.UniqueName("Cafe\u0301");
        var csv = $"""
            organization,country,contact_email
            "  {unique}  ",US,cafe-{Guid.NewGuid():N}@csv.example
            """;
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        await InvitationPagesTests.UploadAsync(rep, csv, HttpStatusCode.Redirect);

        var composed = unique.Replace("e\u0301", "\u00e9", StringComparison.Ordinal);
        Assert.Equal(1, await App.ReadAsync(db => db.Organizations.CountAsync(o => o.Name == composed)));
    }

    // (A URL-encoded form with %00 anywhere is refused by ASP.NET Core's form reader before any page runs: a 400.
    // A NUL can reach the page in a multipart form: see the next test.)
    [Theory]
    [InlineData("Acme\u0007Corp", "U+0007")]
    [InlineData("Acme\u009BCorp", "U+009B")]
    [InlineData("Acme\u001FCorp", "U+001F")]
    public async Task A_control_character_in_an_organization_name_is_an_error_on_the_field_and_nothing_is_saved(string name, string named)
    {
        var before = await App.ReadAsync(db => db.Organizations.CountAsync());
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync("/Admin/Organizations/Create");

        var page = await rep.SubmitInvalidAsync(form, "#organization-form", new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.Country"] = "US", ["Input.AccountRepEmail"] = DemoData.RepEmail,
        });

        Assert.Equal($"Remove the invisible control character {named} from this text.", page.FieldError("Input.Name"));
        Assert.Null(page.FieldError("Input.Country"));
        Assert.Equal("US", page.QuerySelector("input[name='Input.Country']")!.GetAttribute("value"));
        Assert.Equal(before, await App.ReadAsync(db => db.Organizations.CountAsync()));
    }

    [Fact]
    public async Task A_NUL_in_a_multipart_form_is_an_error_on_its_field_and_nothing_is_saved()
    {
        var before = await App.ReadAsync(db => db.Organizations.CountAsync());
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync("/Admin/Organizations/Create");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector("#organization-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
            { new StringContent("Acme\0Corp"), "Input.Name" },
            { new StringContent("US"), "Input.Country" },
            { new StringContent(DemoData.RepEmail), "Input.AccountRepEmail" },
        };
        using var response = await rep.PostAsync(new Uri("/Admin/Organizations/Create", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Equal("Remove the invisible control character U+0000 from this text.", page.FieldError("Input.Name"));
        Assert.Equal(before, await App.ReadAsync(db => db.Organizations.CountAsync()));
    }

    [Fact]
    public async Task A_name_typed_decomposed_is_stored_composed_and_trimmed()
    {
        var unique = TestData.UniqueName("Cafe\u0301");
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync("/Admin/Organizations/Create");
        await rep.SubmitAndFollowAsync(form, "#organization-form", new Dictionary<string, string>
        {
            ["Input.Name"] = $"  {unique} ", ["Input.Country"] = "US", ["Input.AccountRepEmail"] = DemoData.RepEmail,
        });

        var composed = unique.Replace("e\u0301", "\u00e9", StringComparison.Ordinal);
        Assert.Equal(1, await App.ReadAsync(db => db.Organizations.CountAsync(o => o.Name == composed)));
    }

    [Fact]
    public async Task A_multi_line_reason_keeps_its_line_breaks_and_a_control_character_in_it_is_refused()
    {
        var arranged = await App.UnderReviewAsync();
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync($"/Admin/Organizations/Suspension/{arranged.Id}");

        var refused = await rep.SubmitInvalidAsync(form, "#suspension-form", new Dictionary<string, string> { ["Input.Reason"] = "Usage review\r\n\u001B[31mred" });
        Assert.Contains("U+001B", refused.FieldError("Input.Reason"), StringComparison.Ordinal);
        Assert.Null((await App.OrganizationAsync(arranged.Id)).SuspensionReason);

        await rep.SubmitAndFollowAsync(form, "#suspension-form", new Dictionary<string, string> { ["Input.Reason"] = "Usage review:\r\n\t- too many keys\r\n\t- unpaid invoices\r\n" });
        Assert.Equal("Usage review:\n\t- too many keys\n\t- unpaid invoices", (await App.OrganizationAsync(arranged.Id)).SuspensionReason);
    }

    [Fact]
    public async Task A_refused_character_in_an_optional_field_is_an_error_not_a_value_left_out()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var before = await App.ReadAsync(db => db.WebhookEndpoints.CountAsync());
        var form = (await admin.GetPageAsync("/Admin/Webhooks/Create")).TickEvents("#webhook-form", "grant.enabled");

        var page = await admin.SubmitInvalidAsync(form, "#webhook-form", new Dictionary<string, string>
        {
            ["Input.Url"] = "https://93.184.216.34/hook", ["Input.Secret"] = "a-signing-secret-of-enough-length\u0001",
        });

        Assert.Contains("U+0001", page.FieldError("Input.Secret"), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#webhook-secret"));
        Assert.Equal(before, await App.ReadAsync(db => db.WebhookEndpoints.CountAsync()));
    }

    [Theory]
    [InlineData("%00")]
    [InlineData("a%00b")]
    [InlineData("%01")]
    public async Task A_support_lookup_with_a_control_character_is_an_error_on_the_search_never_every_organization(string query)
    {
        using var support = await App.SignedInAsync(DemoData.SupportEmail);
        var page = await support.GetPageAsync("/Support?q=" + query);

        Assert.Contains("control character", page.FieldError("Q"), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#results"));
    }
}
