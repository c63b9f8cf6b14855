using System.Globalization;
using AngleSharp.Html.Dom;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Grants;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Admin;

namespace PreviewAccess.Web.Tests.Recertification;

/// <summary>The re-certification page: what it lists, bulk re-certify and revoke, field errors, conflicts, who may open it.</summary>
[Collection(RecordsAndSupportCollectionDefinition.Name)]
public sealed class RecertificationPageTests(PostgresServer postgres) : PortalTest(postgres)
{
    private const string Page = "/Admin/Recertification";
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Rollout:WorkerEnabled"] = "false",
            ["Mail:DispatcherEnabled"] = "false",
        };

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_representative_sees_their_grants_expiring_soon_or_enabled_over_90_days_ago()
    {
        var now = DateTimeOffset.UtcNow;
        var expiringSoon = await App.EnabledGrantAsync(Today.AddDays(10), now.AddDays(-20));
        var longEnabled = await App.EnabledGrantAsync(null, now.AddDays(-120));
        var expiringLater = await App.EnabledGrantAsync(Today.AddDays(60), now.AddDays(-20));
        var recent = await App.EnabledGrantAsync(null, now.AddDays(-30));
        var revoked = await App.EnabledGrantAsync(Today.AddDays(5), now.AddDays(-20));
        var othersPortfolio = await App.EnabledGrantAsync(Today.AddDays(7), now.AddDays(-20), DemoData.SecondRepEmail);
        await RevokeAsync(revoked.GrantId);
        using var rep = await App.SignedInAsync(DemoData.RepEmail);

        var page = await rep.GetPageAsync(Page);

        var listed = Listed(page);
        Assert.Contains(expiringSoon.GrantId, listed);
        Assert.Contains(longEnabled.GrantId, listed);
        Assert.DoesNotContain(expiringLater.GrantId, listed);
        Assert.DoesNotContain(recent.GrantId, listed);
        Assert.DoesNotContain(revoked.GrantId, listed);
        Assert.DoesNotContain(othersPortfolio.GrantId, listed);
        Assert.Equal("mine", page.QuerySelector("#rep option[selected]")!.GetAttribute("value"));
        var row = Row(page, expiringSoon.GrantId).TextContent;
        Assert.Contains(expiringSoon.OrganizationName, row, StringComparison.Ordinal);
        Assert.Contains(expiringSoon.Identifier, row, StringComparison.Ordinal);
        Assert.Contains("API", row, StringComparison.Ordinal);
        Assert.Contains(RecertificationScenarios.Sol, row, StringComparison.Ordinal);
        Assert.Contains("Rosa Rep", row, StringComparison.Ordinal);
        Assert.Contains("In 10 days", row, StringComparison.Ordinal);
        Assert.Contains("Over 90 days", Row(page, longEnabled.GrantId).TextContent, StringComparison.Ordinal);
        Assert.Contains("No end date", Row(page, longEnabled.GrantId).TextContent, StringComparison.Ordinal);

        var wider = Listed(await rep.GetPageAsync($"{Page}?days=90&rep=all"));
        Assert.Contains(expiringLater.GrantId, wider);
        Assert.Contains(othersPortfolio.GrantId, wider);
        Assert.DoesNotContain(recent.GrantId, wider);
        Assert.DoesNotContain(revoked.GrantId, wider);

        // A filter that makes no sense is read as the default, never a 500.
        Assert.Contains(expiringSoon.GrantId, Listed(await rep.GetPageAsync($"{Page}?days=-4&rep=nobody")));
    }

    [Fact]
    public async Task Bulk_re_certification_extends_each_grant_restarts_the_90_day_clock_and_is_audited()
    {
        var now = DateTimeOffset.UtcNow;
        var expiring = await App.EnabledGrantAsync(Today.AddDays(10), now.AddDays(-20));
        var longEnabled = await App.EnabledGrantAsync(null, now.AddDays(-120));
        var untouched = await App.EnabledGrantAsync(Today.AddDays(12), now.AddDays(-20));
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var page = await rep.GetPageAsync(Page);
        Pick(page, expiring.GrantId, longEnabled.GrantId);
        var until = Today.AddDays(180);

        var after = await rep.SubmitAndFollowAsync(page, "#bulk-form", new Dictionary<string, string> { ["Input.Action"] = "recertify", ["Input.ExpiresOn"] = Iso(until) });

        Assert.Contains("2 grants were re-certified until", after.Flash(), StringComparison.Ordinal);
        foreach (var id in new[] { expiring.GrantId, longEnabled.GrantId })
        {
            var grant = await GrantAsync(id);
            Assert.Equal(until, grant.ExpiresOn);
            Assert.NotNull(grant.RecertifiedAt);
            Assert.Equal(GrantStatus.Enabled, grant.Status);
            Assert.DoesNotContain(id, Listed(after));
            var audited = await App.ReadAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(e => e.SubjectId == id.ToString() && e.Action == "grant.recertified"));
            Assert.Equal(DemoData.RepEmail, audited.Actor);
            Assert.Contains(Iso(until), audited.After!, StringComparison.Ordinal);
        }

        Assert.Equal(Today.AddDays(12), (await GrantAsync(untouched.GrantId)).ExpiresOn);
        Assert.Contains(untouched.GrantId, Listed(after));
    }

    [Fact]
    public async Task Bulk_revocation_needs_a_reason_and_revokes_every_chosen_grant()
    {
        var now = DateTimeOffset.UtcNow;
        var first = await App.EnabledGrantAsync(Today.AddDays(3), now.AddDays(-20));
        var second = await App.EnabledGrantAsync(null, now.AddDays(-100));
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var page = await rep.GetPageAsync(Page);
        Pick(page, first.GrantId, second.GrantId);

        var noReason = await rep.SubmitInvalidAsync(page, "#bulk-form", new Dictionary<string, string> { ["Input.Action"] = "revoke", ["Input.Reason"] = "  " });
        Assert.Equal("Give a reason.", noReason.FieldError("Input.Reason"));
        Assert.Equal(GrantStatus.Enabled, (await GrantAsync(first.GrantId)).Status);
        Assert.True(IsPicked(noReason, first.GrantId) && IsPicked(noReason, second.GrantId), "The choice was lost.");

        var after = await rep.SubmitAndFollowAsync(noReason, "#bulk-form", new Dictionary<string, string> { ["Input.Action"] = "revoke", ["Input.Reason"] = "The agreement ended." });

        Assert.Contains("2 grants were revoked", after.Flash(), StringComparison.Ordinal);
        foreach (var id in new[] { first.GrantId, second.GrantId })
        {
            var grant = await GrantAsync(id);
            Assert.Equal(GrantStatus.Revoked, grant.Status);
            Assert.Equal("The agreement ended.", grant.StatusReason);
            Assert.DoesNotContain(id, Listed(after));
            Assert.True(await App.ReadAsync(db => db.AuditEvents.AsNoTracking().AnyAsync(e => e.SubjectId == id.ToString() && e.Action == "grant.revoked" && e.Actor == DemoData.RepEmail)));
        }

        // Each organization's partners are told, once, which grant stopped; the staff's reason stays the staff's.
        foreach (var arranged in new[] { first, second })
        {
            var mail = Assert.Single(await App.ReadAsync(db => db.OutboxMessages.AsNoTracking()
                .Where(m => m.Payload.Contains("grant revoked for " + arranged.OrganizationName)).Select(m => m.Payload).ToListAsync()));
            Assert.Contains(arranged.Identifier, mail, StringComparison.Ordinal);
            Assert.DoesNotContain("agreement ended", mail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bad_input_is_shown_on_its_field_and_changes_nothing()
    {
        var grant = await App.EnabledGrantAsync(Today.AddDays(10), DateTimeOffset.UtcNow.AddDays(-20));
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var page = await rep.GetPageAsync(Page);

        var nothingChosen = await rep.SubmitInvalidAsync(page, "#bulk-form", new Dictionary<string, string> { ["Input.Action"] = "recertify", ["Input.ExpiresOn"] = Iso(Today.AddDays(90)) });
        Assert.Equal("Choose at least one grant.", nothingChosen.FieldError("Input.Grants"));

        Pick(page, grant.GrantId);
        var past = await rep.SubmitInvalidAsync(page, "#bulk-form", new Dictionary<string, string> { ["Input.Action"] = "recertify", ["Input.ExpiresOn"] = Iso(Today) });
        Assert.Equal("The new expiry date must be in the future.", past.FieldError("Input.ExpiresOn"));
        Assert.Equal(Iso(Today), past.QuerySelector("input[name='Input.ExpiresOn']")!.GetAttribute("value"));
        Assert.True(IsPicked(past, grant.GrantId));

        var missing = await rep.SubmitInvalidAsync(page, "#bulk-form", new Dictionary<string, string> { ["Input.Action"] = "recertify", ["Input.ExpiresOn"] = "" });
        Assert.Equal("Choose the date the re-certified access lasts until.", missing.FieldError("Input.ExpiresOn"));

        var garbage = await rep.SubmitInvalidAsync(page, "#bulk-form", new Dictionary<string, string> { ["Input.Action"] = "recertify", ["Input.ExpiresOn"] = "next spring" });
        Assert.Equal("Enter the date as a day, e.g. 2027-03-31.", garbage.FieldError("Input.ExpiresOn"));

        var shorter = await rep.SubmitInvalidAsync(page, "#bulk-form", new Dictionary<string, string> { ["Input.Action"] = "recertify", ["Input.ExpiresOn"] = Iso(Today.AddDays(5)) });
        Assert.Contains("cannot shorten access", shorter.FormErrors(), StringComparison.Ordinal);

        var stored = await GrantAsync(grant.GrantId);
        Assert.Equal(Today.AddDays(10), stored.ExpiresOn);
        Assert.Null(stored.RecertifiedAt);
        Assert.False(await App.ReadAsync(db => db.AuditEvents.AsNoTracking().AnyAsync(e => e.SubjectId == grant.GrantId.ToString() && e.Action == "grant.recertified")));
    }

    [Fact]
    public async Task A_grant_changed_meanwhile_is_a_clear_conflict_and_nothing_else_is_lost()
    {
        var now = DateTimeOffset.UtcNow;
        var changed = await App.EnabledGrantAsync(Today.AddDays(10), now.AddDays(-20));
        var other = await App.EnabledGrantAsync(Today.AddDays(11), now.AddDays(-20));
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var page = await rep.GetPageAsync(Page);
        Pick(page, changed.GrantId, other.GrantId);

        // Someone else suspends one of them after the page was loaded.
        await using (var scope = App.Scope())
        {
            var suspended = await scope.ServiceProvider.GetRequiredService<GrantChanges>().SuspendAsync(new GrantReasonInput(changed.GrantId, "Unusual traffic."), CancellationToken.None);
            Assert.True(suspended.Succeeded, suspended.Message);
        }

        var until = Today.AddDays(200);
        var refused = await rep.SubmitInvalidAsync(page, "#bulk-form", new Dictionary<string, string> { ["Input.Action"] = "recertify", ["Input.ExpiresOn"] = Iso(until) });

        Assert.Contains($"The grant for {changed.Identifier} was changed by someone else", refused.FormErrors(), StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", refused.FormErrors(), StringComparison.Ordinal);
        Assert.Equal(Today.AddDays(11), (await GrantAsync(other.GrantId)).ExpiresOn);
        Assert.Equal(Today.AddDays(10), (await GrantAsync(changed.GrantId)).ExpiresOn);
        Assert.Contains("Suspended", Row(refused, changed.GrantId).TextContent, StringComparison.Ordinal);
        Assert.True(IsPicked(refused, changed.GrantId) && IsPicked(refused, other.GrantId), "The choice was lost.");
        Assert.Equal(Iso(until), refused.QuerySelector("input[name='Input.ExpiresOn']")!.GetAttribute("value"));

        // Having seen the current state, the person confirms: it goes through.
        var after = await rep.SubmitAndFollowAsync(refused, "#bulk-form", new Dictionary<string, string> { ["Input.Action"] = "recertify" });
        Assert.Contains("2 grants were re-certified", after.Flash(), StringComparison.Ordinal);
        Assert.Equal(until, (await GrantAsync(changed.GrantId)).ExpiresOn);
        Assert.Equal(GrantStatus.Suspended, (await GrantAsync(changed.GrantId)).Status);
        Assert.Equal(until, (await GrantAsync(other.GrantId)).ExpiresOn);
    }

    [Fact]
    public async Task Support_cannot_open_the_page_and_the_navigation_links_it_for_representatives()
    {
        using var support = await App.SignedInAsync(DemoData.SupportEmail);
        using var response = await support.GetAsync(new Uri(Page, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        using var denied = await support.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var dashboard = await rep.GetPageAsync("/Admin");
        Assert.Contains(dashboard.QuerySelectorAll("nav a"), a => a.GetAttribute("href") == Page && a.TextContent.Trim() == "Re-certification");
    }

    private async Task RevokeAsync(Guid grantId)
    {
        await using var scope = App.Scope();
        var revoked = await scope.ServiceProvider.GetRequiredService<GrantChanges>().RevokeAsync(new GrantReasonInput(grantId, "Left the program."), CancellationToken.None);
        Assert.True(revoked.Succeeded, revoked.Message);
    }

    private Task<ScopeGrant> GrantAsync(Guid id) => App.ReadAsync(db => db.Grants.AsNoTracking().SingleAsync(g => g.Id == id));

    private static List<Guid> Listed(IHtmlDocument page) =>
        page.QuerySelectorAll("#grants tbody tr").Select(r => Guid.Parse(r.GetAttribute("data-grant-id")!)).ToList();

    private static AngleSharp.Dom.IElement Row(IHtmlDocument page, Guid grantId) =>
        page.QuerySelector($"#grants tbody tr[data-grant-id='{grantId}']") ?? throw new InvalidOperationException($"Grant {grantId} is not listed.");

    /// <summary>Ticks the grants' checkboxes, as a person would before pressing a button.</summary>
    private static void Pick(IHtmlDocument page, params Guid[] grantIds)
    {
        foreach (var id in grantIds) ((IHtmlInputElement)Row(page, id).QuerySelector("input[type=checkbox]")!).IsChecked = true;
    }

    private static bool IsPicked(IHtmlDocument page, Guid grantId) =>
        ((IHtmlInputElement)Row(page, grantId).QuerySelector("input[type=checkbox]")!).IsChecked;
}
