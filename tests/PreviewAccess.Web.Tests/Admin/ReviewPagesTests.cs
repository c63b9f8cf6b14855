using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Seeding;

namespace PreviewAccess.Web.Tests.Admin;

/// <summary>The review queue and per-surface decisions.</summary>
[Collection(AdminPagesCollectionDefinition.Name)]
public sealed class ReviewPagesTests(PostgresServer postgres) : PortalTest(postgres)
{
    [Fact]
    public async Task The_queue_lists_submitted_enrollments_oldest_first_with_their_undecided_surfaces()
    {
        var newer = await App.UnderReviewAsync(TestData.UniqueName("Newer"), [Surface.Api], submittedAt: DateTimeOffset.UtcNow.AddDays(-1));
        var older = await App.UnderReviewAsync(TestData.UniqueName("Older"), [Surface.Codex], submittedAt: DateTimeOffset.UtcNow.AddDays(-30));
        using var rep = await App.SignedInAsync(DemoData.RepEmail);

        var queue = await rep.GetPageAsync("/Admin/Review?mine=false");
        var rows = queue.QuerySelectorAll("#review-queue tbody tr").Select(r => r.TextContent).ToList();
        var olderAt = rows.FindIndex(r => r.Contains(older.Name, StringComparison.Ordinal));
        var newerAt = rows.FindIndex(r => r.Contains(newer.Name, StringComparison.Ordinal));
        Assert.True(olderAt >= 0 && newerAt > olderAt, string.Join(" | ", rows));
        Assert.Equal(0, olderAt);
        Assert.Contains("Decide Codex", rows[olderAt], StringComparison.Ordinal);
        Assert.DoesNotContain("Decide API", rows[olderAt], StringComparison.Ordinal);
        Assert.Contains("30 days", rows[olderAt], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_the_API_creates_a_grant_per_chosen_identifier_and_leaves_Codex_undecided()
    {
        var arranged = await App.UnderReviewAsync();
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync($"/Admin/Review/Decide/{arranged.Id}/Api");

        var queue = await rep.SubmitAndFollowAsync(form, "#decision-form", new Dictionary<string, string>
        {
            ["Input.Decision"] = "Approve", ["Input.Justification"] = "Known partner, reviewed with legal.", ["Input.ExpiresOn"] = DateTime.UtcNow.AddDays(90).ToString("yyyy-MM-dd"),
        });

        Assert.Contains("API approved", queue.Flash(), StringComparison.Ordinal);
        Assert.Contains("not yet enabled", queue.Flash(), StringComparison.Ordinal);
        var grants = await App.ReadAsync(db => db.Grants.AsNoTracking().Where(g => g.OrganizationId == arranged.Id).ToListAsync());
        Assert.Equal(arranged.ApiOrganizationIds.Order(), grants.Select(g => g.Identifier).Order());
        Assert.All(grants, g => Assert.Equal((Surface.Api, GrantStatus.Approved, 3, 2), (g.Surface, g.Status, g.Models.Count, g.AccountEmails.Count)));
        Assert.All(grants, g => Assert.NotNull(g.ExpiresOn));
        var organization = await App.OrganizationAsync(arranged.Id);
        Assert.Equal(OrganizationStatus.UnderReview, organization.Status);
        Assert.Null(organization.LatestDecision(Surface.Codex));

        var details = await rep.GetPageAsync($"/Admin/Organizations/Details/{arranged.Id}");
        Assert.Contains("Approved — not yet enabled", details.QuerySelector("#scope-heading")!.ParentElement!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(details.QuerySelector($"a[href='/Admin/Review/Decide/{arranged.Id}/Codex']"));
    }

    [Fact]
    public async Task A_decision_without_a_justification_or_choices_shows_each_error_on_its_field()
    {
        var arranged = await App.UnderReviewAsync();
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync($"/Admin/Review/Decide/{arranged.Id}/Api");

        var noDecision = await rep.SubmitInvalidAsync(form, "#decision-form", new Dictionary<string, string> { ["Input.Justification"] = "Fine." });
        Assert.Equal("Choose whether to approve, decline or ask for more information.", noDecision.FieldError("Input.Decision"));

        // Nothing ticked: the form posts only its hidden fields, the decision and the justification.
        var form2 = await rep.GetPageAsync($"/Admin/Review/Decide/{arranged.Id}/Api");
        foreach (var box in form2.QuerySelectorAll("#decision-form input[type=checkbox]")) box.RemoveAttribute("checked");
        var page = await rep.SubmitInvalidAsync(form2, "#decision-form", new Dictionary<string, string> { ["Input.Decision"] = "Approve", ["Input.Justification"] = "" });
        Assert.Equal("Give a justification for the decision.", page.FieldError("Input.Justification"));
        Assert.Equal("Choose at least one API organization ID from the enrollment.", page.FieldError("Input.Identifiers"));
        Assert.Equal("Choose at least one model.", page.FieldError("Input.Models"));
        Assert.Equal("Choose at least one account email from the enrollment.", page.FieldError("Input.AccountEmails"));
        Assert.NotNull(page.QuerySelector("#decision-approve[checked]"));

        var past = await rep.SubmitInvalidAsync(form, "#decision-form", new Dictionary<string, string> { ["Input.Decision"] = "Approve", ["Input.Justification"] = "Ok", ["Input.ExpiresOn"] = "2020-01-01" });
        Assert.Equal("The expiry date must be in the future, or left empty.", past.FieldError("Input.ExpiresOn"));
        Assert.Equal("Ok", past.QuerySelector("textarea[name='Input.Justification']")!.TextContent.Trim());

        Assert.Empty(await App.ReadAsync(db => db.Grants.Where(g => g.OrganizationId == arranged.Id).ToListAsync()));
    }

    [Fact]
    public async Task Declining_and_asking_for_more_information_settle_or_return_the_enrollment()
    {
        var arranged = await App.UnderReviewAsync();
        using var rep = await App.SignedInAsync(DemoData.RepEmail);

        var codex = await rep.GetPageAsync($"/Admin/Review/Decide/{arranged.Id}/Codex");
        var afterDecline = await rep.SubmitAndFollowAsync(codex, "#decision-form", new Dictionary<string, string>
        {
            ["Input.Decision"] = "Decline", ["Input.Justification"] = "Codex is not in their agreement.", ["Input.PartnerMessage"] = "Codex is not part of this preview for you yet.",
        });
        Assert.Contains("Codex declined", afterDecline.Flash(), StringComparison.Ordinal);
        // The partner is told the message written for them; the justification stays the staff's.
        var declineMail = Assert.Single(await App.ReadAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Payload.Contains("was not approved") && m.Payload.Contains(arranged.Name)).Select(m => m.Payload).ToListAsync()));
        Assert.Contains("Codex is not part of this preview for you yet.", declineMail, StringComparison.Ordinal);
        Assert.DoesNotContain("not in their agreement", declineMail, StringComparison.Ordinal);

        var api = await rep.GetPageAsync($"/Admin/Review/Decide/{arranged.Id}/Api");
        var afterNeedsInfo = await rep.SubmitAndFollowAsync(api, "#decision-form", new Dictionary<string, string> { ["Input.Decision"] = "NeedsInfo", ["Input.Justification"] = "Which API organization is production?" });
        Assert.Contains("sent back", afterNeedsInfo.Flash(), StringComparison.Ordinal);

        var organization = await App.OrganizationAsync(arranged.Id);
        Assert.Equal(OrganizationStatus.Enrolling, organization.Status);
        Assert.Equal("Which API organization is production?", organization.OpenNeedsInfo!.Justification);
        Assert.Empty(await App.ReadAsync(db => db.Grants.Where(g => g.OrganizationId == arranged.Id).ToListAsync()));
    }

    [Fact]
    public async Task The_representative_and_an_admin_deciding_the_same_surface_at_once_one_wins_and_the_other_is_told_it_changed()
    {
        var arranged = await App.UnderReviewAsync();
        using var rosa = await App.SignedInAsync(DemoData.RepEmail);
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var rosasForm = await rosa.GetPageAsync($"/Admin/Review/Decide/{arranged.Id}/Api");
        var adminsForm = await admin.GetPageAsync($"/Admin/Review/Decide/{arranged.Id}/Api");

        await rosa.SubmitAndFollowAsync(rosasForm, "#decision-form", new Dictionary<string, string> { ["Input.Decision"] = "Approve", ["Input.Justification"] = "Rosa approves." });
        var refused = await admin.SubmitInvalidAsync(adminsForm, "#decision-form", new Dictionary<string, string> { ["Input.Decision"] = "Decline", ["Input.Justification"] = "Ada declines." });

        Assert.StartsWith(Outcome.ChangedMeanwhile, refused.FormErrors(), StringComparison.Ordinal);
        Assert.Equal("Ada declines.", refused.QuerySelector("textarea[name='Input.Justification']")!.TextContent.Trim());
        var organization = await App.OrganizationAsync(arranged.Id);
        Assert.Equal("Approve", organization.LatestDecision(Surface.Api)!.Outcome.ToString());
        Assert.Single(organization.Decisions, d => d.Surface == Surface.Api);
    }

    [Fact]
    public async Task An_organization_in_an_unsupported_country_cannot_be_approved_and_is_told_why()
    {
        var arranged = await App.UnderReviewAsync(country: "IR");
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync($"/Admin/Review/Decide/{arranged.Id}/Api");
        var refused = await rep.SubmitInvalidAsync(form, "#decision-form", new Dictionary<string, string> { ["Input.Decision"] = "Approve", ["Input.Justification"] = "Try." });
        Assert.Contains("unsupported country or region", refused.FormErrors(), StringComparison.Ordinal);
        Assert.DoesNotContain(Outcome.ChangedMeanwhile, refused.FormErrors(), StringComparison.Ordinal);
    }
}
