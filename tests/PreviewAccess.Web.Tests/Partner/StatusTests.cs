using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Status;

namespace PreviewAccess.Web.Tests.Partner;

/// <summary>The status page: the true state per surface and identifier, in plain words, and what to do.</summary>
[Collection(PartnerCollectionDefinition.Name)]
public sealed class StatusTests(SharedPortal portal) : PortalTest(portal)
{
    private const string NotActive = "Completing enrollment does not make access active.";

    [Fact]
    public async Task An_approved_API_waiting_for_its_wave_and_Codex_under_review_are_told_apart_and_neither_is_called_access()
    {
        var organization = await Data.EnrolledAsync([Surface.Api, Surface.Codex], apiIds: 1);
        await Data.ApproveAsync(organization, Surface.Api);
        var opens = new DateTimeOffset(TestData.Now.Year + 1, 12, 3, 9, 0, 0, TimeSpan.Zero);
        var wave = await Data.WaveAsync("Wave " + TestData.Unique(), opens);
        await Data.ScheduleAsync(organization, Surface.Api, wave);
        var waveName = await Data.ReadAsync(db => Task.FromResult(db.Waves.Single(w => w.Id == wave).Name));

        var page = await StatusPageAsync(organization);

        var api = Row(page, organization.ApiIds[0]);
        Assert.Equal($"Approved — waiting for rollout wave '{waveName}' opening 3 Dec {opens.Year}", State(api));
        Assert.Equal("false", api.GetAttribute("data-enabled"));
        var codex = Row(page, organization.CodexIds[0]);
        Assert.Equal("Under review", State(codex));
        Assert.Equal("Approved — not yet enabled", Headline(page, Surface.Api));
        Assert.Equal("Under review", Headline(page, Surface.Codex));
        Assert.Contains(NotActive, page.QuerySelector("#not-active-note")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(NotActive, page.QuerySelector("#surface-api")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(NotActive, page.QuerySelector("#surface-codex")!.TextContent, StringComparison.Ordinal);
        AssertNeverSaysAccess(api);
        AssertNeverSaysAccess(codex);
        Assert.Equal("Enrolled — under review", page.QuerySelector("#overall")!.ParentElement!.QuerySelector(".status-badge")!.TextContent);
    }

    [Fact]
    public async Task An_enabled_API_is_called_enabled_while_Codex_says_it_was_not_requested()
    {
        var organization = await Data.EnrolledAsync([Surface.Api], apiIds: 1);
        await Data.ApproveAsync(organization, Surface.Api);
        await Data.EnableAsync(organization, Surface.Api);

        var page = await StatusPageAsync(organization);

        var api = Row(page, organization.ApiIds[0]);
        Assert.Equal("Enabled", State(api));
        Assert.Equal("true", api.GetAttribute("data-enabled"));
        Assert.Contains("Access is active", api.QuerySelector(".todo")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Enabled", Headline(page, Surface.Api));
        Assert.Equal("Not requested", Headline(page, Surface.Codex));
        Assert.Contains("Approval for the API does not include Codex", page.QuerySelector("#surface-codex")!.Words(), StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("#surface-codex tbody tr"));
        // Everything requested is enabled: the page no longer warns that enrollment is not access.
        Assert.Null(page.QuerySelector("#not-active-note"));
    }

    [Fact]
    public async Task API_and_Codex_are_always_shown_separately_even_before_the_enrollment_is_submitted()
    {
        var organization = await Data.EnrolledAsync([Surface.Api], submit: false);

        var page = await StatusPageAsync(organization);

        Assert.NotNull(page.QuerySelector("#surface-api"));
        Assert.NotNull(page.QuerySelector("#surface-codex"));
        Assert.Equal("Not requested yet", Headline(page, Surface.Api));
        Assert.Equal("Not requested yet", Headline(page, Surface.Codex));
        Assert.Equal("Enrollment not yet submitted", page.QuerySelector("#overall")!.ParentElement!.QuerySelector(".status-badge")!.TextContent);
        Assert.Contains(NotActive, page.QuerySelector("#not-active-note")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("a[href='/Partner/Enrollment']"));
    }

    [Fact]
    public async Task Each_identifier_has_its_own_row_and_one_left_out_of_the_approval_says_so()
    {
        var organization = await Data.EnrolledAsync([Surface.Api], apiIds: 2);
        await Data.ApproveAsync(organization, Surface.Api, identifiers: [organization.ApiIds[0]]);
        await Data.EnableAsync(organization, Surface.Api);

        var page = await StatusPageAsync(organization);

        Assert.Equal("Enabled", State(Row(page, organization.ApiIds[0])));
        var left = Row(page, organization.ApiIds[1]);
        Assert.Equal("Not included in the approval", State(left));
        AssertNeverSaysAccess(left);
        Assert.Equal("Enabled for 1 of 2 API organization IDs", Headline(page, Surface.Api));
        Assert.Contains(NotActive, page.QuerySelector("#surface-api")!.TextContent, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> GrantStates => new()
    {
        { "pending-second-approval", "Under review — waiting for a second approval" },
        { "approved", "Approved — waiting to be placed in a rollout wave" },
        { "open-wave", "Approved — in rollout wave '{wave}' (opened {day}), not yet enabled" },
        { "provisioning", "Approved — being enabled now" },
        { "grant-suspended", "Suspended" },
        { "revoked", "Revoked" },
        { "organization-suspended", "Suspended" },
    };

    [Theory]
    [MemberData(nameof(GrantStates))]
    public async Task Every_state_short_of_enabled_reads_in_plain_words_without_claiming_access(string state, string expected)
    {
        var organization = await Data.EnrolledAsync([Surface.Api], apiIds: 1);
        await Data.ApproveAsync(organization, Surface.Api, secondApproval: state == "pending-second-approval");
        var waveName = "Wave " + TestData.Unique();
        switch (state)
        {
            case "open-wave":
                await Data.ScheduleAsync(organization, Surface.Api, await Data.WaveAsync(waveName, TestData.Now.AddDays(-2), open: true));
                break;
            case "provisioning":
                await Data.ChangeAsync(organization, (o, now) => o.RecordGovernmentCoordination(new(DateOnly.FromDateTime(now.UtcDateTime), "USG-T", o.AccountRepId, now)));
                await Data.ScheduleAsync(organization, Surface.Api, await Data.WaveAsync(waveName, TestData.Now.AddDays(-2), open: true));
                await Data.ChangeGrantsAsync(organization, Surface.Api, (g, o, _) => g.StartProvisioning(o));
                break;
            case "grant-suspended":
                await Data.EnableAsync(organization, Surface.Api);
                await Data.ChangeGrantsAsync(organization, Surface.Api, (g, _, _) => g.Suspend("Usage under review."));
                break;
            case "revoked":
                await Data.ChangeGrantsAsync(organization, Surface.Api, (g, _, _) => g.Revoke("Withdrawn."));
                break;
            case "organization-suspended":
                await Data.EnableAsync(organization, Surface.Api);
                await Data.ChangeAsync(organization, (o, _) => o.Suspend("Usage under review."));
                break;
        }

        var page = await StatusPageAsync(organization);

        var row = Row(page, organization.ApiIds[0]);
        Assert.Equal(expected.Replace("{wave}", waveName, StringComparison.Ordinal).Replace("{day}", Features.Common.Vocabulary.Day(TestData.Now.AddDays(-2)), StringComparison.Ordinal), State(row));
        Assert.Equal("false", row.GetAttribute("data-enabled"));
        AssertNeverSaysAccess(row);
        Assert.Contains(NotActive, page.QuerySelector("#not-active-note")!.TextContent, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(row.QuerySelector(".todo")!.TextContent));
    }

    [Fact]
    public async Task A_grant_past_its_expiry_date_reads_expired_even_before_anything_marks_it()
    {
        var organization = await Data.EnrolledAsync([Surface.Api], apiIds: 1);
        var expiresOn = DateOnly.FromDateTime(TestData.Now.UtcDateTime).AddDays(1);
        await Data.ApproveAsync(organization, Surface.Api, expiresOn: expiresOn);
        await Data.EnableAsync(organization, Surface.Api);

        var before = await StatusPageAsync(organization);
        Assert.Equal($"Enabled until {Features.Common.Vocabulary.Day(expiresOn)}", State(Row(before, organization.ApiIds[0])));

        // The same grant seen two days later, through the page's own wording.
        var grant = await Data.ReadAsync(db => Task.FromResult(db.Grants.Single(g => g.OrganizationId == organization.Id)));
        var later = PartnerStatus.DescribeGrant(grant, organizationSuspended: false, new Dictionary<Guid, PreviewAccess.Domain.Rollout.Wave>(), TestData.Now.AddDays(2));
        Assert.Equal($"Expired on {Features.Common.Vocabulary.Day(expiresOn)}", later.State);
        Assert.False(later.IsEnabled);
    }

    [Fact]
    public async Task A_declined_surface_says_not_approved_with_the_message_for_the_partner_never_the_justification()
    {
        var organization = await Data.EnrolledAsync([Surface.Api, Surface.Codex], apiIds: 1);
        await Data.ApproveAsync(organization, Surface.Api);
        await Data.ChangeAsync(organization, (o, now) => o.Decline(Surface.Codex, "Internal: their legal review of Codex terms is stuck.",
            "Codex use is not in your agreement yet.", o.AccountRepId, now));

        var page = await StatusPageAsync(organization);

        Assert.Equal("Not approved", Headline(page, Surface.Codex));
        Assert.Equal("Not approved", State(Row(page, organization.CodexIds[0])));
        Assert.Contains("From your account representative: Codex use is not in your agreement yet.", page.QuerySelector("#surface-codex")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("legal review", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Approved — waiting to be placed in a rollout wave", State(Row(page, organization.ApiIds[0])));
    }

    [Fact]
    public async Task A_needs_info_request_shows_the_representatives_message_and_what_to_do_and_clears_on_resubmission()
    {
        var organization = await Data.EnrolledAsync([Surface.Api, Surface.Codex], apiIds: 1);
        await Data.NeedsInfoAsync(organization, Surface.Codex, "Which workspace will your engineers use?");

        var (page, client) = await OpenStatusAsync(organization);

        Assert.Equal("More information needed", page.QuerySelector("#overall")!.ParentElement!.QuerySelector(".status-badge")!.TextContent);
        Assert.Contains("Which workspace will your engineers use?", page.QuerySelector(".rep-message")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("More information needed", State(Row(page, organization.CodexIds[0])));

        var enrollment = await client.GetPageAsync("/Partner/Enrollment");
        using var resubmitted = await client.PostAsync(enrollment, "#enrollment-form", EnrollmentTests.ValidForm(organization, [Surface.Api, Surface.Codex]));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, resubmitted.StatusCode);

        var after = await client.GetPageAsync("/Partner/Status");
        Assert.Equal("Under review", State(Row(after, organization.CodexIds[0])));
        Assert.Null(after.QuerySelector(".rep-message"));
        client.Dispose();
    }

    [Fact]
    public async Task Trusted_Access_for_Cyber_and_alpha_flags_change_nothing_on_the_page()
    {
        var organization = await Data.EnrolledAsync([Surface.Api], apiIds: 1);
        await Data.ApproveAsync(organization, Surface.Api);
        var without = (await StatusPageAsync(organization)).QuerySelector("main")!.Words();

        await Data.ChangeAsync(organization, (o, _) => o.SetInformationalFlags(trustedAccessForCyber: true, previousAlphaParticipant: true));
        var with = (await StatusPageAsync(organization)).QuerySelector("main")!.Words();

        Assert.Equal(without, with);
    }

    [Fact]
    public async Task The_status_page_names_the_representative_and_offers_the_why_page_for_each_identifier()
    {
        var organization = await Data.EnrolledAsync([Surface.Codex]);

        var page = await StatusPageAsync(organization);

        Assert.Contains(organization.RepName, page.Words(), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($"a[href='mailto:{organization.RepEmail}']"));
        Assert.NotNull(page.QuerySelector($"a[href='/Partner/Why?surface=Codex&identifier={organization.CodexIds[0]}']"));
        Assert.NotNull(page.QuerySelector("a[href='/Partner/Why']"));
    }

    private async Task<IHtmlDocument> StatusPageAsync(TestOrganization organization)
    {
        var (page, client) = await OpenStatusAsync(organization);
        client.Dispose();
        return page;
    }

    private async Task<(IHtmlDocument Page, HttpClient Client)> OpenStatusAsync(TestOrganization organization)
    {
        var client = await Data.SignedInAsync(await Data.PartnerAsync(organization));
        return (await client.GetPageAsync("/Partner/Status"), client);
    }

    private static IElement Row(IHtmlDocument page, string identifier) =>
        page.QuerySelector($"tr[data-identifier='{identifier}']") ?? throw new InvalidOperationException($"No row for {identifier}.");

    private static string State(IElement row) => row.QuerySelector(".state")!.TextContent.Trim();

    private static string Headline(IHtmlDocument page, Surface surface) =>
        page.QuerySelector($"#surface-{surface.ToString().ToLowerInvariant()} [data-surface-headline]")!.TextContent.Trim();

    /// <summary>Only an enabled grant may be described as access or active.</summary>
    private static void AssertNeverSaysAccess(IElement row)
    {
        var words = row.QuerySelector(".state")!.TextContent + " " + row.QuerySelector(".todo")!.TextContent;
        Assert.DoesNotContain("access", words, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("active", words, StringComparison.OrdinalIgnoreCase);
    }
}
