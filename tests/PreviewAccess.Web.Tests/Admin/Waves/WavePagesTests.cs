using AngleSharp.Html.Dom;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Rollout;
using PreviewAccess.Web.Features.Rollout;
using PreviewAccess.Web.Features.Seeding;

namespace PreviewAccess.Web.Tests.Admin.Waves;

/// <summary>
/// The waves pages: plan a wave (field errors), place approved grants in it (filters, one by one, every match, never past
/// capacity), open, pause and resume it, two people at once, its progress, its blocked grants and where to clear them.
/// </summary>
[Collection(AdminPagesCollectionDefinition.Name)]
public sealed class WavePagesTests(PostgresServer postgres) : PortalTest(postgres)
{
    // The background worker is off: the tests run its passes themselves, when they want to see grants move.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Rollout:WorkerEnabled"] = "false", ["Mail:DispatcherEnabled"] = "false" };

    [Fact]
    public async Task Planning_a_wave_with_bad_fields_shows_each_error_on_its_field_then_plans_it()
    {
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync("/Admin/Waves/Create");
        Assert.Equal("60", form.QuerySelector("input[name='Input.EnablementsPerMinute']")!.GetAttribute("value"));

        var refused = await rep.SubmitInvalidAsync(form, "#wave-form", new Dictionary<string, string>
        {
            ["Input.Name"] = "  ", ["Input.OpensAt"] = "not a time", ["Input.Capacity"] = "0", ["Input.EnablementsPerMinute"] = "lots",
        });
        Assert.Equal("Give the wave a name.", refused.FieldError("Input.Name"));
        Assert.Equal("Give the opening time.", refused.FieldError("Input.OpensAt"));
        Assert.Equal("The capacity is between 1 and 100,000 grants.", refused.FieldError("Input.Capacity"));
        Assert.Equal("The rate is between 1 and 10,000 enablements per minute.", refused.FieldError("Input.EnablementsPerMinute"));
        Assert.Equal("lots", refused.QuerySelector("input[name='Input.EnablementsPerMinute']")!.GetAttribute("value"));

        var name = TestData.UniqueName("Wave Nordics");
        var details = await rep.SubmitAndFollowAsync(form, "#wave-form", new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.OpensAt"] = "2099-12-03T09:30", ["Input.Capacity"] = "40", ["Input.EnablementsPerMinute"] = "5",
        });
        Assert.Contains($"{name} was planned", details.Flash(), StringComparison.Ordinal);
        Assert.Equal(name, details.QuerySelector("h1")!.TextContent.Trim());
        var wave = await App.ReadAsync(db => db.Waves.AsNoTracking().SingleAsync(w => w.Name == name));
        Assert.Equal((new DateTimeOffset(2099, 12, 3, 9, 30, 0, TimeSpan.Zero), 40, 5, WaveState.Planned), (wave.OpensAt, wave.Capacity, wave.EnablementsPerMinute, wave.State));

        var list = await rep.GetPageAsync("/Admin/Waves");
        var row = list.QuerySelectorAll("#waves tbody tr").Single(r => r.TextContent.Contains(name, StringComparison.Ordinal));
        Assert.Contains("Planned", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("0 / 40", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("3 Dec 2099, 09:30 UTC", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grants_are_filtered_then_placed_one_by_one_or_every_match_at_once()
    {
        var finnishApi = await ApprovedAsync("FI", DemoData.RepEmail, Surface.Api, "gpt-5.6-sol");
        var finnishCodex = await ApprovedAsync("FI", DemoData.SecondRepEmail, Surface.Codex, "gpt-5.6-luna");
        var finnishApiOfRavi = await ApprovedAsync("FI", DemoData.SecondRepEmail, Surface.Api, "gpt-5.6-luna");
        var norwegian = await ApprovedAsync("NO", DemoData.SecondRepEmail, Surface.Api, "gpt-5.6-luna");
        var waveId = await PlanAsync(capacity: 10);
        var raviId = await App.UserIdAsync(DemoData.SecondRepEmail);
        using var rep = await App.SignedInAsync(DemoData.RepEmail);

        var finland = await rep.GetPageAsync($"/Admin/Waves/Details/{waveId}?country=FI");
        Assert.Equal(new[] { finnishApi.GrantId, finnishApiOfRavi.GrantId, finnishCodex.GrantId }.Order(), Listed(finland).Order());
        var codexLuna = await rep.GetPageAsync($"/Admin/Waves/Details/{waveId}?country=FI&surface=Codex&model=gpt-5.6-luna");
        Assert.Equal([finnishCodex.GrantId], Listed(codexLuna));
        var sol = await rep.GetPageAsync($"/Admin/Waves/Details/{waveId}?country=FI&model=gpt-5.6-sol");
        Assert.Equal([finnishApi.GrantId], Listed(sol));

        // A representative places only their own portfolio's grants: Ravi's show no box to tick, and "every match" asks
        // Rosa to filter by her own portfolio first.
        Assert.Null(finland.QuerySelector($"#grant-{finnishCodex.GrantId}"));
        Assert.NotNull(finland.QuerySelector($"#grant-{finnishApi.GrantId}"));
        Assert.Null(finland.QuerySelector("#assign-matching-form"));
        Assert.NotNull(finland.QuerySelector("#assign-matching-hint"));

        // An admin places anyone's. One by one: tick the Codex grant.
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        codexLuna = await admin.GetPageAsync($"/Admin/Waves/Details/{waveId}?country=FI&surface=Codex&model=gpt-5.6-luna");
        var placed = await admin.SubmitAndFollowAsync(codexLuna, "#assign-form", new Dictionary<string, string> { ["Input.GrantIds"] = finnishCodex.GrantId.ToString() });
        Assert.Contains("1 grant placed in", placed.Flash(), StringComparison.Ordinal);
        Assert.Equal((GrantStatus.Scheduled, waveId), await StatusAsync(finnishCodex.GrantId));

        // Every match: Ravi's grants in Finland (the Norwegian one is Ravi's too, and stays out).
        var ravisFinland = await admin.GetPageAsync($"/Admin/Waves/Details/{waveId}?country=FI&rep={raviId}");
        Assert.Equal([finnishApiOfRavi.GrantId], Listed(ravisFinland));
        Assert.Contains("Assign all 1 matching", ravisFinland.QuerySelector("#assign-matching-form")!.TextContent, StringComparison.Ordinal);
        var all = await admin.SubmitAndFollowAsync(ravisFinland, "#assign-matching-form", new Dictionary<string, string>());
        Assert.Contains("1 grant placed in", all.Flash(), StringComparison.Ordinal);
        Assert.Equal((GrantStatus.Scheduled, waveId), await StatusAsync(finnishApiOfRavi.GrantId));
        Assert.Equal(GrantStatus.Approved, (await StatusAsync(norwegian.GrantId)).Status);
        Assert.Equal(GrantStatus.Approved, (await StatusAsync(finnishApi.GrantId)).Status);

        var finlandNow = await rep.GetPageAsync($"/Admin/Waves/Details/{waveId}?country=FI");
        Assert.Equal([finnishApi.GrantId], Listed(finlandNow));
        Assert.Contains("2 of 10", finlandNow.QuerySelector("#wave-facts")!.TextContent, StringComparison.Ordinal);
        var audit = await App.ReadAsync(db => db.AuditEvents.CountAsync(e => e.Action == "grant.scheduled" && e.SubjectId == finnishApiOfRavi.GrantId.ToString()));
        Assert.Equal(1, audit);
    }

    [Fact]
    public async Task Placing_more_grants_than_the_wave_holds_is_refused_plainly_and_places_none()
    {
        var first = await ApprovedAsync("IS", DemoData.RepEmail, Surface.Api, "gpt-5.6-sol");
        var second = await ApprovedAsync("IS", DemoData.RepEmail, Surface.Api, "gpt-5.6-sol");
        var waveId = await PlanAsync(capacity: 1);
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var page = await rep.GetPageAsync($"/Admin/Waves/Details/{waveId}?country=IS");

        using var response = await rep.SubmitAsync(page, "#assign-form", new Dictionary<string, string>());
        var both = new FormUrlEncodedContent(FormFields(page, "#assign-form").Append(new("Input.GrantIds", first.GrantId.ToString())).Append(new("Input.GrantIds", second.GrantId.ToString())));
        using var refusedResponse = await rep.PostAsync(new Uri($"/Admin/Waves/Details/{waveId}?handler=Assign&country=IS", UriKind.Relative), both);
        Assert.Equal(HttpStatusCode.OK, refusedResponse.StatusCode);
        var refused = await HtmlForms.ParseAsync(refusedResponse);

        Assert.Contains("The wave holds at most 1 grants; it has 0 and 2 more would exceed it.", refused.FormErrors(), StringComparison.Ordinal);
        Assert.Equal(2, refused.QuerySelectorAll("#assignable input[type=checkbox][checked]").Length);
        Assert.Equal(GrantStatus.Approved, (await StatusAsync(first.GrantId)).Status);
        Assert.Equal(GrantStatus.Approved, (await StatusAsync(second.GrantId)).Status);

        var matching = await rep.SubmitInvalidAsync(page, "#assign-matching-form", new Dictionary<string, string>());
        Assert.Contains("holds at most 1 grants", matching.FormErrors(), StringComparison.Ordinal);

        // Ticking nothing is its own plain error; the empty first submission above was that case.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose at least one grant.", (await HtmlForms.ParseAsync(response)).FormErrors(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wave_is_opened_now_paused_and_resumed_from_its_page()
    {
        var grant = await ApprovedAsync("LU", DemoData.RepEmail, Surface.Api, "gpt-5.6-sol");
        var waveId = await PlanAsync(capacity: 5);
        await AssignAsync(waveId, grant.GrantId);
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var page = await rep.GetPageAsync($"/Admin/Waves/Details/{waveId}");
        Assert.Contains("Or leave it: it opens by itself at 3 Dec 2099", page.Text(), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#pause-form"));

        var opened = await rep.SubmitAndFollowAsync(page, "#open-form", new Dictionary<string, string>());
        Assert.Contains("is open", opened.Flash(), StringComparison.Ordinal);
        Assert.Contains("Open — enabling", opened.QuerySelector("#wave-state")!.TextContent, StringComparison.Ordinal);
        var wave = await App.ReadAsync(db => db.Waves.AsNoTracking().SingleAsync(w => w.Id == waveId));
        Assert.Equal(WaveState.Open, wave.State);
        Assert.True(wave.OpensAt <= DateTimeOffset.UtcNow);

        var paused = await rep.SubmitAndFollowAsync(opened, "#pause-form", new Dictionary<string, string>());
        Assert.Contains("is paused", paused.Flash(), StringComparison.Ordinal);
        await App.Services.GetRequiredService<EnablementWorker>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(GrantStatus.Scheduled, (await StatusAsync(grant.GrantId)).Status);

        var resumed = await rep.SubmitAndFollowAsync(paused, "#resume-form", new Dictionary<string, string>());
        Assert.Contains("resumed", resumed.Flash(), StringComparison.Ordinal);
        Assert.Equal(WaveState.Open, (await App.ReadAsync(db => db.Waves.AsNoTracking().SingleAsync(w => w.Id == waveId))).State);
        var actions = await App.ReadAsync(db => db.AuditEvents.Where(e => e.SubjectId == waveId.ToString()).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(["wave.planned", "wave.opened", "wave.paused", "wave.resumed"], actions);
    }

    [Fact]
    public async Task Two_representatives_changing_the_same_wave_the_second_is_told_it_changed_and_nothing_of_theirs_is_saved()
    {
        var mine = await ApprovedAsync("MT", DemoData.RepEmail, Surface.Api, "gpt-5.6-sol");
        var theirs = await ApprovedAsync("MT", DemoData.SecondRepEmail, Surface.Api, "gpt-5.6-sol");
        var waveId = await PlanAsync(capacity: 5);
        using var rosa = await App.SignedInAsync(DemoData.RepEmail);
        using var ravi = await App.SignedInAsync(DemoData.SecondRepEmail);
        var rosasPage = await rosa.GetPageAsync($"/Admin/Waves/Details/{waveId}?country=MT");
        var ravisPage = await ravi.GetPageAsync($"/Admin/Waves/Details/{waveId}?country=MT");

        await rosa.SubmitAndFollowAsync(rosasPage, "#assign-form", new Dictionary<string, string> { ["Input.GrantIds"] = mine.GrantId.ToString() });
        var refused = await ravi.SubmitInvalidAsync(ravisPage, "#assign-form", new Dictionary<string, string> { ["Input.GrantIds"] = theirs.GrantId.ToString() });

        Assert.Contains("Someone else changed this while you were working on it", refused.FormErrors(), StringComparison.Ordinal);
        Assert.Equal(GrantStatus.Approved, (await StatusAsync(theirs.GrantId)).Status);
        Assert.NotNull(refused.QuerySelector($"#grant-{theirs.GrantId}[checked]"));

        // The refused page carries the current version: sending it again now works.
        var again = await ravi.SubmitAndFollowAsync(refused, "#assign-form", new Dictionary<string, string> { ["Input.GrantIds"] = theirs.GrantId.ToString() });
        Assert.Contains("1 grant placed in", again.Flash(), StringComparison.Ordinal);

        // The same for the state: Rosa opens it, Ravi's stale "Open now" is refused without a second "opened".
        var ravisStale = await ravi.GetPageAsync($"/Admin/Waves/Details/{waveId}");
        await rosa.SubmitAndFollowAsync(await rosa.GetPageAsync($"/Admin/Waves/Details/{waveId}"), "#open-form", new Dictionary<string, string>());
        var staleOpen = await ravi.SubmitInvalidAsync(ravisStale, "#open-form", new Dictionary<string, string>());
        Assert.Contains("Someone else changed this while you were working on it", staleOpen.FormErrors(), StringComparison.Ordinal);
        Assert.Equal(1, await App.ReadAsync(db => db.AuditEvents.CountAsync(e => e.SubjectId == waveId.ToString() && e.Action == "wave.opened")));
    }

    [Fact]
    public async Task Support_is_refused_every_write_of_the_waves_pages()
    {
        var grant = await ApprovedAsync("CY", DemoData.RepEmail, Surface.Api, "gpt-5.6-sol");
        var waveId = await PlanAsync(capacity: 5);
        using var support = await App.SignedInAsync(DemoData.SupportEmail);
        // A valid antiforgery token of the support user's own: the refusal is about the role, not a missing token.
        var own = await support.GetPageAsync("/Support");
        var token = own.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

        foreach (var (path, fields) in new (string, Dictionary<string, string>)[]
                 {
                     ("/Admin/Waves/Create", new() { ["Input.Name"] = "Support's wave", ["Input.OpensAt"] = "2099-01-01T09:00", ["Input.Capacity"] = "5" }),
                     ($"/Admin/Waves/Details/{waveId}?handler=Assign", new() { ["Input.GrantIds"] = grant.GrantId.ToString(), ["Input.Version"] = "0" }),
                     ($"/Admin/Waves/Details/{waveId}?handler=AssignMatching", new() { ["country"] = "CY", ["Input.Version"] = "0" }),
                     ($"/Admin/Waves/Details/{waveId}?handler=Open", new() { ["Input.Version"] = "0" }),
                     ($"/Admin/Waves/Details/{waveId}?handler=Pause", new() { ["Input.Version"] = "0" }),
                     ($"/Admin/Waves/Details/{waveId}?handler=Resume", new() { ["Input.Version"] = "0" }),
                 })
        {
            fields["__RequestVerificationToken"] = token;
            using var content = new FormUrlEncodedContent(fields);
            using var response = await support.PostAsync(new Uri(path, UriKind.Relative), content);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"POST {path} answered {(int)response.StatusCode} to support");
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
            using var denied = await support.GetAsync(response.Headers.Location);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        Assert.Equal(GrantStatus.Approved, (await StatusAsync(grant.GrantId)).Status);
        Assert.Equal(WaveState.Planned, (await App.ReadAsync(db => db.Waves.AsNoTracking().SingleAsync(w => w.Id == waveId))).State);
        Assert.False(await App.ReadAsync(db => db.Waves.AnyAsync(w => w.Name == "Support's wave")));
    }

    [Fact]
    public async Task Blocked_grants_are_listed_with_each_blocker_and_a_link_to_clear_it()
    {
        var uncoordinated = await ApprovedAsync("EE", DemoData.RepEmail, Surface.Api, "gpt-5.6-sol", coordinated: false);
        var suspended = await ApprovedAsync("LV", DemoData.RepEmail, Surface.Api, "gpt-5.6-sol");
        var fine = await ApprovedAsync("LT", DemoData.RepEmail, Surface.Api, "gpt-5.6-sol");
        var waveId = await PlanAsync(capacity: 5);
        await AssignAsync(waveId, uncoordinated.GrantId, suspended.GrantId, fine.GrantId);
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            (await db.Organizations.SingleAsync(o => o.Id == suspended.OrganizationId)).Suspend("Usage is being reviewed.");
            await db.SaveChangesAsync();
        }

        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var page = await admin.GetPageAsync($"/Admin/Waves/Details/{waveId}");
        var rows = page.QuerySelectorAll("#blocked-grants tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Contains("Blocked grants (2)", page.QuerySelector("#blocked-heading")!.TextContent, StringComparison.Ordinal);
        var coordination = page.QuerySelector($"#blocked-grants tr[data-grant='{uncoordinated.GrantId}'] li[data-blocker=GovernmentCoordinationMissing]")!;
        Assert.Contains("Government coordination not recorded", coordination.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/Admin/Government/Record/{uncoordinated.OrganizationId}", coordination.QuerySelector("a")!.GetAttribute("href"));
        var suspension = page.QuerySelector($"#blocked-grants tr[data-grant='{suspended.GrantId}'] li[data-blocker=OrganizationSuspended]")!;
        Assert.Contains("Organization suspended", suspension.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/Admin/Organizations/Suspension/{suspended.OrganizationId}", suspension.QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(page.QuerySelector($"#blocked-grants tr[data-grant='{fine.GrantId}']"));

        // The links lead somewhere the person may go: the register page opens for an admin.
        using (var record = await admin.GetAsync(new Uri($"/Admin/Government/Record/{uncoordinated.OrganizationId}", UriKind.Relative))) Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        // A representative cannot record coordination: they are sent to the organization instead.
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var repsView = await rep.GetPageAsync($"/Admin/Waves/Details/{waveId}");
        var repsLink = repsView.QuerySelector($"#blocked-grants tr[data-grant='{uncoordinated.GrantId}'] li[data-blocker=GovernmentCoordinationMissing] a")!;
        Assert.Equal($"/Admin/Organizations/Details/{uncoordinated.OrganizationId}", repsLink.GetAttribute("href"));
        Assert.Contains("An admin records it", repsView.QuerySelector("#blocked-grants")!.TextContent, StringComparison.Ordinal);

        // Once its blocker is cleared (through the register page the link leads to), the grant leaves the list and the open wave enables it.
        var recordPage = await admin.GetPageAsync($"/Admin/Government/Record/{uncoordinated.OrganizationId}");
        await admin.SubmitAndFollowAsync(recordPage, "#record-form", new Dictionary<string, string> { ["Input.SharedOn"] = "2026-11-20", ["Input.Reference"] = "USG-WAVE-7" });
        await using (var scope = App.Scope()) Assert.True((await scope.ServiceProvider.GetRequiredService<WaveUseCases>().OpenAsync(waveId, CancellationToken.None)).Succeeded);
        var worker = App.Services.GetRequiredService<EnablementWorker>();
        await worker.RunOnceAsync(CancellationToken.None);
        await worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(GrantStatus.Enabled, (await StatusAsync(uncoordinated.GrantId)).Status);
        Assert.Equal(GrantStatus.Scheduled, (await StatusAsync(suspended.GrantId)).Status);
        var after = await admin.GetPageAsync($"/Admin/Waves/Details/{waveId}");
        Assert.Single(after.QuerySelectorAll("#blocked-grants tbody tr"));
    }

    [Fact]
    public async Task The_progress_chart_shows_the_grants_by_status_over_time_from_the_audit_log()
    {
        var first = await ApprovedAsync("SI", DemoData.RepEmail, Surface.Api, "gpt-5.6-sol");
        var second = await ApprovedAsync("SI", DemoData.RepEmail, Surface.Api, "gpt-5.6-sol");
        var blocked = await ApprovedAsync("SI", DemoData.RepEmail, Surface.Api, "gpt-5.6-sol", coordinated: false);
        var waveId = await PlanAsync(capacity: 5);
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var empty = await rep.GetPageAsync($"/Admin/Waves/Details/{waveId}");
        Assert.Contains("No grant has been placed in this wave yet.", empty.QuerySelector("#progress")!.TextContent, StringComparison.Ordinal);

        await AssignAsync(waveId, first.GrantId, second.GrantId, blocked.GrantId);
        await using (var scope = App.Scope()) Assert.True((await scope.ServiceProvider.GetRequiredService<WaveUseCases>().OpenAsync(waveId, CancellationToken.None)).Succeeded);
        var worker = App.Services.GetRequiredService<EnablementWorker>();
        await worker.RunOnceAsync(CancellationToken.None);

        var page = await rep.GetPageAsync($"/Admin/Waves/Details/{waveId}");
        var chart = page.QuerySelector("svg#progress-chart")!;
        Assert.Equal("img", chart.GetAttribute("role"));
        Assert.Contains("Now: 2 enabled, 0 provisioning, 1 scheduled — waiting", chart.QuerySelector("desc")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(chart.QuerySelectorAll("rect.series-enabled"));
        Assert.NotEmpty(chart.QuerySelectorAll("rect.series-scheduled"));
        var legend = page.QuerySelector("#progress-legend")!.TextContent;
        Assert.Contains("Enabled: 2", legend, StringComparison.Ordinal);
        Assert.Contains("Scheduled — waiting: 1", legend, StringComparison.Ordinal);
        // Earlier moments come from the audit events: at the first moment none was enabled yet. (How many were scheduled
        // then depends on the clock: the three placements are three audit events, microseconds apart or not.)
        var figures = page.QuerySelectorAll("#progress-figures tbody tr");
        Assert.Equal(24, figures.Length);
        var firstMoment = figures[0].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["0", "0", "0"], [firstMoment[0], firstMoment[1], firstMoment[3]]);
        Assert.InRange(int.Parse(firstMoment[2], System.Globalization.CultureInfo.InvariantCulture), 1, 3);
        Assert.Equal(["2", "0", "1", "0"], figures[^1].QuerySelectorAll("td").Select(c => c.TextContent.Trim()));
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));
    }

    // ---- Arranging -------------------------------------------------------------------------------

    private sealed record Approved(Guid OrganizationId, Guid GrantId);

    /// <summary>An organization of <paramref name="repEmail"/>'s portfolio with one approved grant, made through the domain's own methods.</summary>
    private async Task<Approved> ApprovedAsync(string country, string repEmail, Surface surface, string model, bool coordinated = true)
    {
        var repId = await App.UserIdAsync(repEmail);
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = DateTimeOffset.UtcNow;
        var organization = Organization.Nominate(TestData.UniqueName("Wave partner"), country, repId, now.AddDays(-3));
        var invitation = organization.Invite($"lead-{Guid.NewGuid():N}@partner.example", SecretToken.Issue().Hash, repId, now.AddDays(-3));
        organization.AcceptInvitation(invitation.Id, now.AddDays(-2));
        var identifier = surface == Surface.Api ? TestData.NewApiOrganizationId() : TestData.NewWorkspaceId();
        var email = $"dev-{Guid.NewGuid():N}@partner.example";
        organization.SubmitEnrollment(EnrollmentSubmission.Create(new EnrollmentRequest(organization.Name + " Inc.", country, [surface],
            surface == Surface.Api ? [identifier] : [], surface == Surface.Codex ? [identifier] : [], [email], "Research.", false, true), repId, true, now.AddDays(-1)));
        if (coordinated) organization.RecordGovernmentCoordination(new GovernmentCoordination(new DateOnly(2026, 11, 1), "USG-WAVES", repId, now));
        var grants = organization.Approve(new ApprovalRequest(surface, [identifier], [model], [email], "Approved in a test.", null, false),
            [], new HashSet<string>(), new HashSet<string>(["gpt-5.6-sol", "gpt-5.6-terra", "gpt-5.6-luna"]), repId, now);
        db.Organizations.Add(organization);
        db.Grants.AddRange(grants);
        await db.SaveChangesAsync();
        return new Approved(organization.Id, grants[0].Id);
    }

    private async Task<Guid> PlanAsync(int capacity)
    {
        await using var scope = App.Scope();
        var planned = await scope.ServiceProvider.GetRequiredService<WaveUseCases>()
            .PlanAsync(new PlanWaveInput(TestData.UniqueName("Wave"), new DateTimeOffset(2099, 12, 3, 9, 0, 0, TimeSpan.Zero), capacity), CancellationToken.None);
        Assert.True(planned.Succeeded, planned.Message);
        return planned.Value!.Id;
    }

    private async Task AssignAsync(Guid waveId, params Guid[] grantIds)
    {
        await using var scope = App.Scope();
        var assigned = await scope.ServiceProvider.GetRequiredService<WaveUseCases>().AssignAsync(waveId, grantIds, CancellationToken.None);
        Assert.True(assigned.Succeeded, assigned.Message);
    }

    private async Task<(GrantStatus Status, Guid? WaveId)> StatusAsync(Guid grantId)
    {
        var grant = await App.ReadAsync(db => db.Grants.AsNoTracking().SingleAsync(g => g.Id == grantId));
        return (grant.Status, grant.WaveId);
    }

    private static Guid[] Listed(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("#assignable tbody tr").Select(r => Guid.Parse(r.GetAttribute("data-grant")!))];

    private static IEnumerable<KeyValuePair<string, string>> FormFields(IHtmlDocument page, string formSelector) =>
        ((IHtmlFormElement)page.QuerySelector(formSelector)!).Elements.OfType<IHtmlInputElement>()
            .Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value));
}
