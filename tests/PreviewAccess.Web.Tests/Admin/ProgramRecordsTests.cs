using System.Text;
using Npgsql;
using PreviewAccess.Domain.Audit;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Seeding;

namespace PreviewAccess.Web.Tests.Admin;

/// <summary>Grants with reasons, the government register, the audit log, the dashboard and staff users.</summary>
[Collection(AdminPagesCollectionDefinition.Name)]
public sealed class ProgramRecordsTests(PostgresServer postgres) : PortalTest(postgres)
{
    // Every request checks the security stamp, so that a disabled user's session ends at once instead of within a minute.
    protected override void ConfigureServices(IServiceCollection services) => services.CheckSecurityStampOnEveryRequest();

    [Fact]
    public async Task A_grant_is_suspended_reinstated_and_revoked_each_with_a_reason()
    {
        var grant = await App.ReadAsync(db => db.Grants.AsNoTracking().Join(db.Organizations, g => g.OrganizationId, o => o.Id, (g, o) => new { g, o.Name })
            .Where(x => x.Name == "Margie's Travel AI" && x.g.Status == GrantStatus.Enabled).Select(x => x.g).FirstAsync());
        using var rep = await App.SignedInAsync(DemoData.SecondRepEmail);
        var page = await rep.GetPageAsync($"/Admin/Grants/Details/{grant.Id}");

        var noReason = await rep.SubmitInvalidAsync(page, "#change-form", new Dictionary<string, string> { ["Input.Change"] = "suspend", ["Input.Reason"] = "" });
        Assert.Equal("Give a reason.", noReason.FieldError("Input.Reason"));
        var noChoice = await rep.SubmitInvalidAsync(page, "#change-form", new Dictionary<string, string> { ["Input.Reason"] = "Why not" });
        Assert.Equal("Choose what to do with the grant.", noChoice.FieldError("Input.Change"));

        var suspended = await rep.SubmitAndFollowAsync(page, "#change-form", new Dictionary<string, string> { ["Input.Change"] = "suspend", ["Input.Reason"] = "Abuse report under review" });
        Assert.Contains("Suspended", suspended.QuerySelector("h1")!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Abuse report under review", suspended.Text(), StringComparison.Ordinal);
        var reinstated = await rep.SubmitAndFollowAsync(suspended, "#change-form", new Dictionary<string, string> { ["Input.Change"] = "reinstate", ["Input.Reason"] = "Report closed" });
        Assert.Contains("Enabled", reinstated.QuerySelector("h1")!.ParentElement!.TextContent, StringComparison.Ordinal);

        // A page loaded before the last change: the second person is told it changed, and nothing is lost.
        var stale = suspended;
        var refused = await rep.SubmitInvalidAsync(stale, "#change-form", new Dictionary<string, string> { ["Input.Change"] = "revoke", ["Input.Reason"] = "Stale" });
        Assert.Contains("Someone else changed this", refused.FormErrors(), StringComparison.Ordinal);

        var revoked = await rep.SubmitAndFollowAsync(reinstated, "#change-form", new Dictionary<string, string> { ["Input.Change"] = "revoke", ["Input.Reason"] = "Left the program" });
        Assert.Contains("Revoked", revoked.QuerySelector("h1")!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Null(revoked.QuerySelector("#change-form"));
        var actions = await App.ReadAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.SubjectId == grant.Id.ToString()).Select(e => e.Action).ToListAsync());
        Assert.Contains("grant.suspended", actions);
        Assert.Contains("grant.reinstated", actions);
        Assert.Contains("grant.revoked", actions);
    }

    [Fact]
    public async Task An_admin_records_government_coordination_and_bad_input_is_shown_on_its_field()
    {
        var arranged = await App.NominatedAsync(TestData.UniqueName("Coordinated"));
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var form = await admin.GetPageAsync($"/Admin/Government/Record/{arranged.Id}");

        var future = await admin.SubmitInvalidAsync(form, "#record-form", new Dictionary<string, string> { ["Input.SharedOn"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd"), ["Input.Reference"] = "" });
        Assert.Equal("The date cannot be in the future.", future.FieldError("Input.SharedOn"));
        Assert.Equal("Enter the reference of the record.", future.FieldError("Input.Reference"));
        var garbage = await admin.SubmitInvalidAsync(form, "#record-form", new Dictionary<string, string> { ["Input.SharedOn"] = "yesterday", ["Input.Reference"] = "R-1" });
        Assert.Equal("Enter the date as a day, e.g. 2026-11-20.", garbage.FieldError("Input.SharedOn"));

        var register = await admin.SubmitAndFollowAsync(form, "#record-form", new Dictionary<string, string> { ["Input.SharedOn"] = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"), ["Input.Reference"] = "USG-2026-777" });
        Assert.Contains("recorded", register.Flash(), StringComparison.Ordinal);
        var row = register.QuerySelectorAll("#register tbody tr").Single(r => r.TextContent.Contains(arranged.Name, StringComparison.Ordinal));
        Assert.Contains("USG-2026-777", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(DemoData.AdminEmail, row.TextContent, StringComparison.Ordinal);

        var lucerne = register.QuerySelectorAll("#register tbody tr").Single(r => r.TextContent.Contains("Lucerne Publishing", StringComparison.Ordinal));
        Assert.Contains("Not recorded", lucerne.TextContent, StringComparison.Ordinal);
        Assert.Contains("cannot be enabled", lucerne.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_register_export_escapes_spreadsheet_formulas()
    {
        var evil = await App.NominatedAsync("=HYPERLINK(\"https://evil.example\",\"Click\")");
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        using var response = await admin.GetAsync(new Uri("/Admin/Government?handler=Export", UriKind.Relative));

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.DispositionType, StringComparison.Ordinal);
        var csv = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        Assert.StartsWith("organization,organization_id,country,status,shared_on,reference,recorded_by,recorded_at", csv, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Click\"\")\"", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("\n=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.Contains("USG-PREVIEW-0117", csv, StringComparison.Ordinal);
        _ = evil;
    }

    [Fact]
    public async Task The_audit_log_filters_exports_with_formulas_escaped_and_shows_the_chain_intact()
    {
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            // Whole milliseconds: the time is hashed as the database will give it back.
            var now = DateTimeOffset.UtcNow;
            now = now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMillisecond));
            await scope.ServiceProvider.GetRequiredService<UnitOfWork>().RunAsync(_ =>
            {
                db.Append(new AuditEvent(now, "=cmd|' /C calc'!A0", "test.injected", "Test", "1", null, "{\"note\":\"-2+3\"}"));
                db.Append(new AuditEvent(now, "@SUM(1)", "test.injected", "Test", "2", null, null));
                return Task.CompletedTask;
            }, CancellationToken.None);
        }

        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var page = await rep.GetPageAsync("/Admin/Audit?action=test.injected");
        Assert.Equal(2, page.QuerySelectorAll("#audit-events tbody tr").Length);
        Assert.Contains("Chain intact", page.QuerySelector("#chain-status")!.TextContent, StringComparison.Ordinal);

        var litware = await App.ReadAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Name == "Litware Systems"));
        var forLitware = await rep.GetPageAsync($"/Admin/Audit?organizationId={litware.Id}&actor=partner@litware");
        var rows = forLitware.QuerySelectorAll("#audit-events tbody tr").Select(r => r.TextContent).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains("partner@litware.example", r, StringComparison.Ordinal));
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd");
        Assert.Empty((await rep.GetPageAsync($"/Admin/Audit?from={tomorrow}")).QuerySelectorAll("#audit-events tbody tr"));

        using var export = await rep.GetAsync(new Uri("/Admin/Audit?handler=Export&action=test.injected", UriKind.Relative));
        var csv = Encoding.UTF8.GetString(await export.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains(",\"'=cmd|' /C calc'!A0\",test.injected,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",\"'@SUM(1)\",test.injected,", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("<html", csv, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_demo_history_carries_its_own_dates_in_the_order_it_happened()
    {
        var events = await App.ReadAsync(db => db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).Select(e => new { e.Id, e.At, e.Action, e.OrganizationId }).ToListAsync());
        var organizations = await App.ReadAsync(db => db.Organizations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.CreatedAt));
        var seeded = events.Where(e => e.OrganizationId is not null).ToList();

        // A month of history, not one moment: nominations when the organizations were made, enablements two days ago.
        // (The log keeps moments to the millisecond.)
        Assert.All(seeded.Where(e => e.Action == "organization.nominated"), e => Assert.True((organizations[e.OrganizationId!.Value] - e.At).Duration() < TimeSpan.FromMilliseconds(1)));
        var now = DateTimeOffset.UtcNow;
        Assert.All(seeded.Where(e => e.Action == "grant.enabled"), e => Assert.InRange(now - e.At, TimeSpan.FromDays(1.9), TimeSpan.FromDays(2.1)));
        Assert.True(seeded.Select(e => e.At.Date).Distinct().Count() >= 8, "the demo's events fall on many days");
        // The log's order and its dates agree.
        Assert.Equal(seeded.Select(e => e.At), seeded.Select(e => e.At).Order());
    }

    [Fact]
    public async Task A_changed_audit_event_breaks_the_chain_and_the_page_says_where()
    {
        await using var database = new PortalApp(await Postgres.CreateDemoDatabaseAsync("admin_chain"), seedDemoData: true);
        var victim = await database.ReadAsync(db => db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).Skip(3).Select(e => e.Id).FirstAsync());
        // Tampering needs the append-only triggers off: only a database superuser could do this.
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"ALTER TABLE \"AuditEvents\" DISABLE TRIGGER USER; UPDATE \"AuditEvents\" SET \"Actor\" = 'someone-else' WHERE \"Id\" = {victim}; ALTER TABLE \"AuditEvents\" ENABLE TRIGGER USER;", connection);
            await command.ExecuteNonQueryAsync();
        }

        using var rep = await database.SignedInAsync(DemoData.RepEmail);
        var page = await rep.GetPageAsync("/Admin/Audit");
        Assert.Contains($"Chain broken at event #{victim}", page.QuerySelector("#chain-status")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_counts_the_portfolio_the_queue_and_draws_enrolled_against_enabled()
    {
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var mine = await rep.GetPageAsync("/Admin");
        Assert.Equal("My portfolio", mine.QuerySelector("h1")!.TextContent.Trim());
        var statuses = mine.QuerySelector("#organizations-by-status")!.TextContent;
        Assert.Contains("Suspended", statuses, StringComparison.Ordinal);
        Assert.Contains("oldest waiting", mine.QuerySelector("#queue-figure")!.TextContent, StringComparison.Ordinal);
        var chart = mine.QuerySelector("svg#enablement-chart")!;
        Assert.Contains("API:", chart.QuerySelector("desc")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(4, chart.QuerySelectorAll("rect").Length);
        Assert.Contains("enabled", chart.QuerySelector("text")!.ParentElement!.TextContent, StringComparison.Ordinal);

        var everyone = await rep.GetPageAsync("/Admin?mine=false");
        Assert.Equal("Whole program", everyone.QuerySelector("h1")!.TextContent.Trim());
        int Total(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelectorAll("#organizations-by-status tbody td:last-child").Sum(c => int.Parse(c.TextContent, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(Total(everyone) > Total(mine));
        Assert.Equal(await App.ReadAsync(db => db.Organizations.CountAsync()), Total(everyone));
    }

    [Fact]
    public async Task An_admin_creates_a_staff_user_who_signs_in_with_the_role_given()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var form = await admin.GetPageAsync("/Admin/Staff/Create");
        var invalid = await admin.SubmitInvalidAsync(form, "#staff-form", new Dictionary<string, string>
        {
            ["Input.Email"] = DemoData.RepEmail, ["Input.DisplayName"] = "", ["Input.Role"] = "Partner", ["Input.Password"] = "short",
        });
        Assert.Equal("Enter the person's name.", invalid.FieldError("Input.DisplayName"));
        Assert.Equal("Choose Admin, Account representative or Support.", invalid.FieldError("Input.Role"));
        Assert.Equal("Choose a first password of at least 12 characters.", invalid.FieldError("Input.Password"));
        var taken = await admin.SubmitInvalidAsync(form, "#staff-form", new Dictionary<string, string>
        {
            ["Input.Email"] = DemoData.RepEmail, ["Input.DisplayName"] = "Dup", ["Input.Role"] = "Support", ["Input.Password"] = "long-enough-password",
        });
        Assert.Equal("Someone already has an account with this email.", taken.FieldError("Input.Email"));

        var email = $"new-rep-{Guid.NewGuid():N}@previewaccess.example";
        var list = await admin.SubmitAndFollowAsync(form, "#staff-form", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.DisplayName"] = "Nia New", ["Input.Role"] = "AccountRep", ["Input.Password"] = "a-first-password-123",
        });
        Assert.Contains("Nia New", list.QuerySelector("#staff-users")!.TextContent, StringComparison.Ordinal);
        using var nia = await App.SignedInAsync(email, "a-first-password-123");
        Assert.Contains("Account representative", (await nia.GetPageAsync("/Admin")).QuerySelector("nav")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabling_a_staff_user_ends_their_session_and_changing_a_role_applies_at_the_next_sign_in()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var email = $"temp-{Guid.NewGuid():N}@previewaccess.example";
        var form = await admin.GetPageAsync("/Admin/Staff/Create");
        await admin.SubmitAndFollowAsync(form, "#staff-form", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.DisplayName"] = "Tess Temp", ["Input.Role"] = "Support", ["Input.Password"] = "a-first-password-123",
        });
        var id = await App.UserIdAsync(email);

        using var tess = await App.SignedInAsync(email, "a-first-password-123");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await tess.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        using (var denied = await tess.GetAsync(new Uri("/Admin", UriKind.Relative))) Assert.Equal(System.Net.HttpStatusCode.Redirect, denied.StatusCode);

        var manage = await admin.GetPageAsync($"/Admin/Staff/Edit/{id}");
        var afterRole = await admin.SubmitAndFollowAsync(manage, "#role-form", new Dictionary<string, string> { ["Input.Role"] = "AccountRep" });
        Assert.Contains("The role was changed", afterRole.Flash(), StringComparison.Ordinal);
        using (var signedOut = await tess.GetAsync(new Uri("/Admin", UriKind.Relative)))
        {
            Assert.Equal("/Account/Login", signedOut.Headers.Location!.AbsolutePath);
        }

        using var tessAgain = await App.SignedInAsync(email, "a-first-password-123");
        using (var dashboard = await tessAgain.GetAsync(new Uri("/Admin", UriKind.Relative))) Assert.Equal(System.Net.HttpStatusCode.OK, dashboard.StatusCode);

        var disabled = await admin.SubmitAndFollowAsync(await admin.GetPageAsync($"/Admin/Staff/Edit/{id}"), "#disable-form", new Dictionary<string, string>());
        Assert.Contains("sessions have ended", disabled.Flash(), StringComparison.Ordinal);
        using (var ended = await tessAgain.GetAsync(new Uri("/Admin", UriKind.Relative)))
        {
            Assert.Equal("/Account/Login", ended.Headers.Location!.AbsolutePath);
        }

        var login = await App.NewClient().GetPageAsync("/Account/Login");
        Assert.NotNull(login);
        var actions = await App.ReadAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.SubjectId == id.ToString()).Select(e => e.Action).ToListAsync());
        Assert.Equal(["staff.created", "staff.role-changed", "staff.disabled"], actions);
    }

    [Fact]
    public async Task A_representative_with_organizations_cannot_be_disabled_and_nobody_disables_themselves()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var rosa = await App.UserIdAsync(DemoData.RepEmail);
        var page = await admin.GetPageAsync($"/Admin/Staff/Edit/{rosa}");
        using var response = await admin.SubmitAsync(page, "#disable-form", new Dictionary<string, string>());
        var refused = await HtmlForms.ParseAsync(response);
        Assert.Contains("Hand them over to another representative first", refused.FormErrors(), StringComparison.Ordinal);

        var self = await admin.GetPageAsync($"/Admin/Staff/Edit/{await App.UserIdAsync(DemoData.AdminEmail)}");
        Assert.Null(self.QuerySelector("#disable-form"));
        Assert.Contains("your own account", self.Text(), StringComparison.Ordinal);
    }
}
