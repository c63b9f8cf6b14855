using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Seeding;

namespace PreviewAccess.Web.Tests.Admin;

/// <summary>The organizations pages: list, search, filters, paging, nominate, edit, hand over, and the organization page.</summary>
[Collection(AdminPagesCollectionDefinition.Name)]
public sealed class OrganizationPagesTests(PostgresServer postgres) : PortalTest(postgres)
{
    [Fact]
    public async Task A_representative_nominates_an_organization_and_is_sent_on_to_invite_it()
    {
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync("/Admin/Organizations/Create");
        Assert.Equal(DemoData.RepEmail, form.QuerySelector("select[name='Input.AccountRepEmail'] option[selected]")?.GetAttribute("value"));

        var name = TestData.UniqueName("Fourth Coffee");
        var invite = await rep.SubmitAndFollowAsync(form, "#organization-form", new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.Country"] = "de", ["Input.AccountRepEmail"] = DemoData.RepEmail, ["Input.TrustedAccessForCyber"] = "true",
        });

        Assert.Contains($"{name} was nominated", invite.Flash(), StringComparison.Ordinal);
        Assert.NotNull(invite.QuerySelector("#invite-form"));
        var organization = await App.ReadAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Name == name));
        Assert.Equal(OrganizationStatus.Nominated, organization.Status);
        Assert.Equal("DE", organization.Country);
        Assert.True(organization.TrustedAccessForCyber);
        Assert.Equal(await App.UserIdAsync(DemoData.RepEmail), organization.AccountRepId);
    }

    [Fact]
    public async Task Nominating_with_bad_fields_shows_each_error_on_its_field_and_keeps_what_was_typed()
    {
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync("/Admin/Organizations/Create");
        var page = await rep.SubmitInvalidAsync(form, "#organization-form", new Dictionary<string, string>
        {
            ["Input.Name"] = "  ", ["Input.Country"] = "XX", ["Input.AccountRepEmail"] = DemoData.SupportEmail, ["Input.PreviousAlphaParticipant"] = "true",
        });

        Assert.Equal("Enter the organization's name.", page.FieldError("Input.Name"));
        Assert.Equal("Enter a two-letter ISO 3166-1 country code, e.g. US or DE.", page.FieldError("Input.Country"));
        Assert.Null(page.FieldError("Input.AccountRepEmail")); // Its own rule runs once the fields themselves are valid.
        Assert.Equal("XX", page.QuerySelector("input[name='Input.Country']")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("input[name='Input.PreviousAlphaParticipant'][checked]"));

        var wrongRep = await rep.SubmitInvalidAsync(form, "#organization-form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Valid Name", ["Input.Country"] = "US", ["Input.AccountRepEmail"] = DemoData.SupportEmail,
        });
        Assert.Equal("No account representative has this email.", wrongRep.FieldError("Input.AccountRepEmail"));
    }

    [Fact]
    public async Task The_organization_page_shows_enrollment_scope_invitations_government_flags_and_timeline_side_by_side()
    {
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var litware = await App.ReadAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Name == "Litware Systems"));
        var page = await rep.GetPageAsync($"/Admin/Organizations/Details/{litware.Id}");

        var enrollment = page.QuerySelector("#enrollment-heading")!.ParentElement!.ParentElement!.TextContent;
        Assert.Contains("completing enrollment does not make access active", enrollment, StringComparison.Ordinal);
        var scope = page.QuerySelector("#scope-heading")!.ParentElement!.ParentElement!.TextContent;
        Assert.Contains("org-litwaresystems0000000000", scope, StringComparison.Ordinal);
        Assert.Contains("Scheduled in a wave — not yet enabled", scope, StringComparison.Ordinal);
        Assert.Contains("litwaresystems-engineering", scope, StringComparison.Ordinal);
        Assert.Contains("No grant", scope, StringComparison.Ordinal);
        Assert.Contains("partner@litware.example", page.QuerySelector("#invitations")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("USG-PREVIEW-0117", page.QuerySelector("#government-heading")!.ParentElement!.ParentElement!.TextContent, StringComparison.Ordinal);
        var flags = page.QuerySelector("#informational-flags")!.TextContent;
        Assert.Equal(2, flags.Split("does not grant access").Length - 1);
        var timeline = page.QuerySelectorAll("#timeline .audit-sentence").Select(s => s.TextContent).ToList();
        Assert.Contains("Pat Partner submitted the enrollment of Litware Systems.", timeline);
        Assert.Contains("Rosa Rep nominated Litware Systems.", timeline);
        // Wording: the page never calls an approval access.
        Assert.DoesNotContain("access approved", page.Text(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("approved access", page.Text(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_list_searches_by_name_api_organization_id_workspace_id_and_account_email()
    {
        var arranged = await App.UnderReviewAsync(TestData.UniqueName("Searchable"));
        using var rep = await App.SignedInAsync(DemoData.RepEmail);

        foreach (var query in new[] { arranged.Name[..12].ToUpperInvariant(), arranged.ApiOrganizationIds[1], arranged.CodexWorkspaceIds[0], arranged.AccountEmails[1].ToUpperInvariant() })
        {
            var page = await rep.GetPageAsync($"/Admin/Organizations?q={Uri.EscapeDataString(query)}&rep=all");
            var rows = page.QuerySelectorAll("#organizations tbody tr");
            Assert.Contains(rows, r => r.TextContent.Contains(arranged.Name, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_representative_lands_on_their_portfolio_and_filters_narrow_the_list()
    {
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var mine = await rep.GetPageAsync("/Admin/Organizations");
        var names = mine.QuerySelectorAll("#organizations tbody tr td:first-child").Select(c => c.TextContent.Trim()).ToList();
        Assert.Contains("Litware Systems", names);
        Assert.DoesNotContain("Fabrikam Research", names); // Ravi's.

        var everyone = await rep.GetPageAsync("/Admin/Organizations?rep=all&status=Suspended");
        Assert.Equal(["Trey Research"], everyone.QuerySelectorAll("#organizations tbody tr td:first-child").Select(c => c.TextContent.Trim()));

        var cyber = await rep.GetPageAsync("/Admin/Organizations?rep=all&tac=true");
        var cyberNames = cyber.QuerySelectorAll("#organizations tbody tr td:first-child").Select(c => c.TextContent.Trim()).ToList();
        Assert.Contains("Woodgrove Security", cyberNames);
        Assert.DoesNotContain("Litware Systems", cyberNames);

        var codex = await rep.GetPageAsync("/Admin/Organizations?rep=all&surface=Codex");
        var codexNames = codex.QuerySelectorAll("#organizations tbody tr td:first-child").Select(c => c.TextContent.Trim()).ToList();
        Assert.Contains("Wide World Importers", codexNames);
        Assert.DoesNotContain("Trey Research", codexNames);
    }

    [Fact]
    public async Task The_list_pages_with_a_next_link_until_every_organization_was_shown_once()
    {
        for (var i = 0; i < 27; i++) await App.NominatedAsync(TestData.UniqueName($"Paged {i:00}"));
        var total = await App.ReadAsync(db => db.Organizations.CountAsync());
        using var rep = await App.SignedInAsync(DemoData.RepEmail);

        var (seen, pages) = await ListedAsync(rep, "/Admin/Organizations?rep=all");

        Assert.True(pages >= 2);
        Assert.Equal(total, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public Task A_search_pages_with_a_next_link_until_every_match_was_shown_once_in_name_order() => SearchPagesInNameOrderAsync(App);

    /// <summary>
    /// 27 organizations of a unique marker, made in reverse name order, and one without it: a search for the marker lists
    /// each of the 27 once, in name order, over pages linked by their next link. (The same on SQLite: OrganizationSearchOnSqliteTests.)
    /// </summary>
    internal static async Task SearchPagesInNameOrderAsync(PortalApp app)
    {
        var marker = TestData.UniqueName("Sought").Replace(' ', '-');
        var expected = new List<string>();
        for (var i = 0; i < 27; i++) expected.Add((await app.NominatedAsync($"{(char)('Z' - i % 26)}{i:00} {marker}")).Name);
        await app.NominatedAsync(TestData.UniqueName("Unrelated"));
        using var rep = await app.SignedInAsync(DemoData.RepEmail);

        var (seen, _) = await ListedAsync(rep, $"/Admin/Organizations?q={Uri.EscapeDataString(marker.ToLowerInvariant())}&rep=all");

        Assert.Equal(expected.Order(StringComparer.Ordinal), seen);
    }

    /// <summary>The names the list shows from <paramref name="url"/> on, following its next link to the last page, and how many pages that was.</summary>
    private static async Task<(List<string> Names, int Pages)> ListedAsync(HttpClient client, string url)
    {
        var names = new List<string>();
        var pages = 0;
        for (string? next = url; next is not null; pages++)
        {
            var page = await client.GetPageAsync(next);
            names.AddRange(page.QuerySelectorAll("#organizations tbody tr td:first-child").Select(c => c.TextContent.Trim()));
            next = page.QuerySelector("#next-page")?.GetAttribute("href");
        }

        return (names, pages);
    }

    [Fact]
    public async Task A_search_combines_with_the_surface_filter()
    {
        var codex = await App.UnderReviewAsync(TestData.UniqueName("Filtered"), [Surface.Codex]);
        var api = await App.UnderReviewAsync(TestData.UniqueName("Filtered"), [Surface.Api]);
        using var rep = await App.SignedInAsync(DemoData.RepEmail);

        var page = await rep.GetPageAsync("/Admin/Organizations?q=filtered&surface=Codex&rep=all");
        var names = page.QuerySelectorAll("#organizations tbody tr td:first-child").Select(c => c.TextContent.Trim()).ToList();
        Assert.Contains(codex.Name, names);
        Assert.DoesNotContain(api.Name, names);
    }

    [Fact]
    public async Task An_unreadable_filter_or_cursor_is_ignored_not_an_error()
    {
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        using var response = await rep.GetAsync(new Uri("/Admin/Organizations?status=Bogus&surface=ChatGPT&tac=maybe&after=%%%", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Editing_saves_the_details_and_a_bad_country_is_shown_on_its_field()
    {
        var arranged = await App.NominatedAsync();
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync($"/Admin/Organizations/Edit/{arranged.Id}");

        var invalid = await rep.SubmitInvalidAsync(form, "#edit-form", new Dictionary<string, string> { ["Input.Name"] = "Renamed", ["Input.Country"] = "Germany" });
        Assert.Equal("Enter a two-letter ISO 3166-1 country code, e.g. US or DE.", invalid.FieldError("Input.Country"));
        Assert.Equal("Renamed", invalid.QuerySelector("input[name='Input.Name']")!.GetAttribute("value"));

        var details = await rep.SubmitAndFollowAsync(invalid, "#edit-form", new Dictionary<string, string> { ["Input.Name"] = "Renamed " + arranged.Name, ["Input.Country"] = "FR", ["Input.PreviousAlphaParticipant"] = "true" });
        Assert.Contains("saved", details.Flash(), StringComparison.Ordinal);
        var saved = await App.OrganizationAsync(arranged.Id);
        Assert.Equal(("Renamed " + arranged.Name, "FR", true), (saved.Name, saved.Country, saved.PreviousAlphaParticipant));
        var edited = details.QuerySelector("#timeline li")!;
        Assert.Equal($"Rosa Rep edited Renamed {arranged.Name}.", edited.QuerySelector(".audit-sentence")!.TextContent);
        var country = edited.QuerySelectorAll(".audit-changes li").Single(li => li.TextContent.Contains("Country:", StringComparison.Ordinal));
        Assert.Equal("FR", country.QuerySelector(".audit-after")!.TextContent);
    }

    [Fact]
    public async Task Two_people_editing_at_once_the_second_is_told_plainly_that_it_changed()
    {
        var arranged = await App.NominatedAsync();
        using var first = await App.SignedInAsync(DemoData.RepEmail);
        using var second = await App.SignedInAsync(DemoData.AdminEmail);
        var firstForm = await first.GetPageAsync($"/Admin/Organizations/Edit/{arranged.Id}");
        var secondForm = await second.GetPageAsync($"/Admin/Organizations/Edit/{arranged.Id}");

        await first.SubmitAndFollowAsync(firstForm, "#edit-form", new Dictionary<string, string> { ["Input.Name"] = "First " + arranged.Name, ["Input.Country"] = "US" });
        var refused = await second.SubmitInvalidAsync(secondForm, "#edit-form", new Dictionary<string, string> { ["Input.Name"] = "Second " + arranged.Name, ["Input.Country"] = "US" });

        Assert.Contains("Someone else changed this while you were working on it", refused.FormErrors(), StringComparison.Ordinal);
        Assert.Equal("Second " + arranged.Name, refused.QuerySelector("input[name='Input.Name']")!.GetAttribute("value"));
        Assert.Equal("First " + arranged.Name, (await App.OrganizationAsync(arranged.Id)).Name);
    }

    [Fact]
    public async Task Handing_over_moves_the_organization_to_the_other_representative()
    {
        var arranged = await App.NominatedAsync();
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync($"/Admin/Organizations/HandOver/{arranged.Id}");

        var missing = await rep.SubmitInvalidAsync(form, "#handover-form", new Dictionary<string, string> { ["Input.AccountRepEmail"] = "" });
        Assert.Equal("No account representative has this email.", missing.FieldError("Input.AccountRepEmail"));

        var details = await rep.SubmitAndFollowAsync(form, "#handover-form", new Dictionary<string, string> { ["Input.AccountRepEmail"] = DemoData.SecondRepEmail });
        Assert.Contains(DemoData.SecondRepEmail, details.Flash(), StringComparison.Ordinal);
        Assert.Equal(await App.UserIdAsync(DemoData.SecondRepEmail), (await App.OrganizationAsync(arranged.Id)).AccountRepId);
    }

    [Fact]
    public async Task Suspending_and_reinstating_each_need_a_reason()
    {
        var arranged = await App.UnderReviewAsync();
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync($"/Admin/Organizations/Suspension/{arranged.Id}");

        var noReason = await rep.SubmitInvalidAsync(form, "#suspension-form", new Dictionary<string, string> { ["Input.Reason"] = " " });
        Assert.Equal("Give a reason.", noReason.FieldError("Input.Reason"));

        var suspended = await rep.SubmitAndFollowAsync(form, "#suspension-form", new Dictionary<string, string> { ["Input.Reason"] = "Usage review" });
        Assert.Contains("suspended", suspended.Flash(), StringComparison.Ordinal);
        Assert.Equal(OrganizationStatus.Suspended, (await App.OrganizationAsync(arranged.Id)).Status);

        var reinstate = await rep.GetPageAsync($"/Admin/Organizations/Suspension/{arranged.Id}");
        Assert.Contains("Reinstate", reinstate.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        await rep.SubmitAndFollowAsync(reinstate, "#suspension-form", new Dictionary<string, string> { ["Input.Reason"] = "Review finished" });
        Assert.Equal(OrganizationStatus.UnderReview, (await App.OrganizationAsync(arranged.Id)).Status);
    }
}
