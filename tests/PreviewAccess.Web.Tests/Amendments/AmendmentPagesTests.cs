using System.Net.Http.Headers;
using System.Text.Json;
using AngleSharp.Html.Dom;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Amendments;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Tests.Admin;
using PreviewAccess.Web.Tests.Members;
using PreviewAccess.Web.Tests.Partner;
using static PreviewAccess.Web.Tests.Partner.PartnerForms;

namespace PreviewAccess.Web.Tests.Amendments;

/// <summary>
/// Amendments through the pages, as a partner and a representative use them: asked from the status page, reviewed as a
/// delta, decided per surface, answered in a thread — while the access check keeps answering for what was already enabled.
/// </summary>
[Collection(PartnerCollectionDefinition.Name)]
public sealed class AmendmentPagesTests(SharedPortal portal) : PortalTest(portal)
{
    private const string Sol = "gpt-5.6-sol";

    [Fact]
    public async Task Codex_asked_for_after_an_API_only_approval_is_reviewed_as_a_delta_and_enabled_in_a_wave_while_the_API_keeps_answering_Allowed()
    {
        var (organization, partner) = await ApiOnlyEnabledAsync();
        var apiOrg = organization.ApiIds[0];
        var email = organization.AccountEmails[1];
        using var gateway = await GatewayAsync();
        Assert.Equal("Allowed", await ReasonAsync(gateway, Surface.Api, apiOrg, email));

        // The status page no longer sends the partner to their representative: it links to the request, prefilled.
        using var client = await Data.SignedInAsync(partner);
        var status = await client.GetPageAsync("/Partner/Status");
        var codexCard = status.QuerySelector("#surface-codex")!;
        Assert.DoesNotContain("contact your account representative", codexCard.Words(), StringComparison.OrdinalIgnoreCase);
        var link = codexCard.QuerySelector("a.request-change")!.GetAttribute("href")!;
        Assert.Equal("/Partner/Amendments/Request?surface=Codex", link);

        var form = await client.GetPageAsync(link);
        Assert.True(((IHtmlInputElement)form.QuerySelector("#surface-codex")!).IsChecked);
        Assert.False(((IHtmlInputElement)form.QuerySelector("#surface-api")!).IsChecked);
        var workspace = TestData.NewWorkspaceId();
        using var sent = await client.PostAsync(form, "#amendment-form",
            [F("Input.Surfaces", "Codex"), F("Input.CodexWorkspaceIdLines", workspace), F("Input.AccountEmailLines", email), F("Input.Models", Sol), F("Input.Note", "Our reviewers use Codex.")]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var details = sent.Headers.Location!.OriginalString;
        var amendmentId = Guid.Parse(details.Split('/')[^1]);
        Assert.Equal($"/Partner/Amendments/Details/{amendmentId}", details);
        Assert.Equal("Allowed", await ReasonAsync(gateway, Surface.Api, apiOrg, email));

        // The partner sees it under review, never as access; the status page says so on the Codex card.
        var mine = await client.GetPageAsync(details);
        Assert.Equal("Under review", mine.QuerySelector("#request-state")!.TextContent.Trim());
        Assert.Contains(workspace, mine.Words(), StringComparison.Ordinal);
        status = await client.GetPageAsync("/Partner/Status");
        Assert.NotNull(status.QuerySelector($"#pending-requests a[href='/Partner/Amendments/Details/{amendmentId}']"));
        Assert.Contains("to change your Codex access is under review", status.QuerySelector("#surface-codex")!.Words(), StringComparison.Ordinal);
        Assert.Single(await Data.MailTo(organization.RepEmail), m => m.Subject.Contains("asks to amend", StringComparison.Ordinal));

        // The representative finds it in the queue, marked as an amendment, and reads the delta.
        using var rep = await RepAsync(organization);
        var queue = await rep.GetPageAsync("/Admin/Review");
        var row = queue.QuerySelector($"#amendment-queue tr[data-amendment='{amendmentId}']")!;
        Assert.Contains("Amendment", row.Words(), StringComparison.Ordinal);
        var review = await rep.GetPageAsync($"/Admin/Review/Amendment/{amendmentId}");
        var delta = review.QuerySelector(".delta[data-surface='Codex']")!;
        Assert.Equal([workspace], delta.QuerySelectorAll("[data-added='true']").Select(e => e.TextContent.Trim().TrimStart('+', ' ')).Where(v => v == workspace));
        Assert.Contains("—", delta.QuerySelector("tbody tr td")!.TextContent, StringComparison.Ordinal);

        var decided = await rep.SubmitAndFollowAsync(review, "#decision-form", new Dictionary<string, string>
        {
            ["Input.Decision"] = "Approve",
            ["Input.Justification"] = "Reviewers' use is within the agreement.",
        });
        Assert.Contains("not enabled yet", decided.Flash(), StringComparison.Ordinal);
        var grant = await Data.ReadAsync(db => db.Grants.AsNoTracking().SingleAsync(g => g.OrganizationId == organization.Id && g.Identifier == workspace));
        Assert.Equal(GrantStatus.Approved, grant.Status);
        Assert.Equal("NotYetEnabled", await ReasonAsync(gateway, Surface.Codex, workspace, email));
        Assert.Equal("Allowed", await ReasonAsync(gateway, Surface.Api, apiOrg, email));

        // Enabled in a wave: both answer Allowed, and the partner's request reads as decided.
        await Data.EnableAsync(organization, Surface.Codex);
        Assert.Equal("Allowed", await ReasonAsync(gateway, Surface.Codex, workspace, email));
        Assert.Equal("Allowed", await ReasonAsync(gateway, Surface.Api, apiOrg, email));
        mine = await client.GetPageAsync(details);
        Assert.Equal("Decided", mine.QuerySelector("#request-state")!.TextContent.Trim());
        Assert.DoesNotContain("Reviewers' use is within the agreement.", mine.Words(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_grant_is_renewed_from_the_status_page_approved_again_and_enabled_again_in_a_wave()
    {
        var organization = await Data.EnrolledAsync([Surface.Api], apiIds: 1);
        var grantId = Assert.Single(await Data.ApproveAsync(organization, Surface.Api, expiresOn: DateOnly.FromDateTime(TestData.Now.UtcDateTime).AddDays(1)));
        await Data.EnableAsync(organization, Surface.Api);
        await Data.ChangeGrantsAsync(organization, Surface.Api, (grant, _, now) => grant.Expire(now.AddDays(3)));
        var partner = await Data.PartnerAsync(organization);
        var (apiOrg, email) = (organization.ApiIds[0], organization.AccountEmails[1]);
        using var gateway = await GatewayAsync();
        Assert.Equal("Suspended", await ReasonAsync(gateway, Surface.Api, apiOrg, email));

        using var client = await Data.SignedInAsync(partner);
        var status = await client.GetPageAsync("/Partner/Status");
        var renew = status.QuerySelector($"tr[data-identifier='{apiOrg}'] a[href*='renew=']")!.GetAttribute("href")!;
        Assert.Equal($"/Partner/Amendments/Request?renew={grantId}", renew);
        var form = await client.GetPageAsync(renew);
        Assert.True(form.QuerySelectorAll("input[name='Input.RenewGrantIds']").Cast<IHtmlInputElement>().Single(i => i.Value == grantId.ToString()).IsChecked);
        using var sent = await client.PostAsync(form, "#amendment-form", [F("Input.RenewGrantIds", grantId.ToString()), F("Input.Note", "The evaluation continues.")]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var amendmentId = Guid.Parse(sent.Headers.Location!.OriginalString.Split('/')[^1]);

        using var rep = await RepAsync(organization);
        var review = await rep.GetPageAsync($"/Admin/Review/Amendment/{amendmentId}");
        Assert.Contains("Renewed", review.QuerySelector(".delta[data-surface='Api']")!.Words(), StringComparison.Ordinal);
        var until = DateOnly.FromDateTime(TestData.Now.UtcDateTime).AddDays(90);
        await rep.SubmitAndFollowAsync(review, "#decision-form", new Dictionary<string, string>
        {
            ["Input.Decision"] = "Approve",
            ["Input.Justification"] = "Renewed for a quarter.",
            ["Input.ExpiresOn"] = until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });

        var renewed = await Data.ReadAsync(db => db.Grants.AsNoTracking().SingleAsync(g => g.Id == grantId));
        Assert.Equal(GrantStatus.Approved, renewed.Status);
        Assert.Equal(until, renewed.ExpiresOn);
        Assert.Equal("NotYetEnabled", await ReasonAsync(gateway, Surface.Api, apiOrg, email));
        await Data.EnableAsync(organization, Surface.Api);
        Assert.Equal("Allowed", await ReasonAsync(gateway, Surface.Api, apiOrg, email));
    }

    [Fact]
    public async Task A_question_on_an_amendment_is_answered_in_its_thread_which_resubmits_it_and_each_message_is_mailed_to_the_other_side()
    {
        var (organization, partner) = await ApiOnlyEnabledAsync();
        using var client = await Data.SignedInAsync(partner);
        var amendmentId = await RequestCodexAsync(client, organization.AccountEmails[1]);
        using var rep = await RepAsync(organization);

        var review = await rep.GetPageAsync($"/Admin/Review/Amendment/{amendmentId}");
        await rep.SubmitAndFollowAsync(review, "#decision-form", new Dictionary<string, string>
        {
            ["Input.Decision"] = "NeedsInfo",
            ["Input.Justification"] = "Which team will use Codex?",
        });
        Assert.Contains(await Data.MailTo(partner.Email), m => m.Body.Contains("Which team will use Codex?", StringComparison.Ordinal));

        var details = await client.GetPageAsync($"/Partner/Amendments/Details/{amendmentId}");
        Assert.Equal("Waiting for your answer", details.QuerySelector("#request-state")!.TextContent.Trim());
        Assert.Contains("Which team will use Codex?", details.QuerySelector("#thread")!.Words(), StringComparison.Ordinal);
        var status = await client.GetPageAsync("/Partner/Status");
        Assert.Contains("waits for your answer", status.QuerySelector("#surface-codex")!.Words(), StringComparison.Ordinal);

        // An empty answer is refused on its field; a real one resubmits the amendment and mails the representative.
        using (var empty = await client.PostAsync(details, "#answer-form", [F("Answer", " ")]))
        {
            Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
            Assert.Equal("Write your message.", (await HtmlForms.ParseAsync(empty)).FieldError("Answer"));
        }

        using (var answered = await client.PostAsync(details, "#answer-form", [F("Answer", "The platform team.\nFour engineers.")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        }

        Assert.Equal(AmendmentStatus.UnderReview, await Data.ReadAsync(db => db.Amendments.AsNoTracking().Where(a => a.Id == amendmentId).Select(a => a.Status).SingleAsync()));
        Assert.Contains(await Data.MailTo(organization.RepEmail), m => m.Body.Contains("The platform team.\nFour engineers.", StringComparison.Ordinal));
        review = await rep.GetPageAsync($"/Admin/Review/Amendment/{amendmentId}");
        var thread = review.QuerySelectorAll(".review-thread li").Select(li => (li.GetAttribute("data-from"), li.QuerySelector(".thread-body")!.TextContent.Trim())).ToList();
        Assert.Equal([("staff", "Which team will use Codex?"), ("partner", "The platform team.\nFour engineers.")], thread);
        Assert.NotNull(review.QuerySelector("#decision-form"));

        // Answering again, with no question open, is refused and changes nothing.
        details = await client.GetPageAsync($"/Partner/Amendments/Details/{amendmentId}");
        Assert.Null(details.QuerySelector("#answer-form"));
    }

    [Fact]
    public async Task A_question_on_the_enrollment_is_answered_on_the_status_page_which_returns_the_enrollment_to_review()
    {
        var organization = await Data.EnrolledAsync([Surface.Api, Surface.Codex], apiIds: 1);
        await Data.NeedsInfoAsync(organization, Surface.Codex, "Is the Codex use customer-facing?");
        var partner = await Data.PartnerAsync(organization);
        using var client = await Data.SignedInAsync(partner);

        var status = await client.GetPageAsync("/Partner/Status");
        Assert.Contains("Is the Codex use customer-facing?", status.QuerySelector("#needs-info")!.Words(), StringComparison.Ordinal);
        using (var answered = await client.PostAsync(status, "#answer-form", [F("Answer", "No, internal tools only.")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        }

        Assert.Equal(OrganizationStatus.UnderReview, (await Data.OrganizationAsync(organization.Id)).Status);
        Assert.Contains(await Data.MailTo(organization.RepEmail), m => m.Body.Contains("No, internal tools only.", StringComparison.Ordinal));
        status = await client.GetPageAsync("/Partner/Status");
        Assert.Null(status.QuerySelector("#answer-form"));
        Assert.Contains("No, internal tools only.", status.QuerySelector("#enrollment-thread")!.Words(), StringComparison.Ordinal);
        Assert.Contains("under review", status.QuerySelector("#surface-codex")!.Words(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declined_surface_tells_the_partner_the_message_written_for_them_never_the_internal_justification()
    {
        var (organization, partner) = await ApiOnlyEnabledAsync();
        using var client = await Data.SignedInAsync(partner);
        var amendmentId = await RequestCodexAsync(client, organization.AccountEmails[1]);
        using var rep = await RepAsync(organization);
        var review = await rep.GetPageAsync($"/Admin/Review/Amendment/{amendmentId}");

        var refused = await rep.SubmitInvalidAsync(review, "#decision-form", new Dictionary<string, string>
        {
            ["Input.Decision"] = "Decline",
            ["Input.Justification"] = "Capacity is held for the pilot cohort.",
        });
        Assert.NotNull(refused.FieldError("Input.PartnerMessage"));
        await rep.SubmitAndFollowAsync(refused, "#decision-form", new Dictionary<string, string>
        {
            ["Input.Decision"] = "Decline",
            ["Input.Justification"] = "Capacity is held for the pilot cohort.",
            ["Input.PartnerMessage"] = "Codex is not part of this phase of the preview.",
        });

        var details = await client.GetPageAsync($"/Partner/Amendments/Details/{amendmentId}");
        Assert.Equal("Codex is not part of this phase of the preview.", details.QuerySelector("#outcomes [data-surface='Codex'] .partner-message")!.TextContent.Trim());
        Assert.DoesNotContain("pilot cohort", details.Words(), StringComparison.Ordinal);
        var declined = Assert.Single(await Data.MailTo(partner.Email), m => m.Subject.Contains("Codex", StringComparison.Ordinal) && m.Body.Contains("not approved", StringComparison.Ordinal));
        Assert.Contains("Codex is not part of this phase of the preview.", declined.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("pilot cohort", declined.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_why_page_says_what_the_status_page_says_is_in_progress_and_why_access_is_limited()
    {
        // Codex requested in an amendment; the API approved but waiting: no government coordination recorded yet.
        var organization = await Data.EnrolledAsync([Surface.Api], apiIds: 1);
        await Data.ApproveAsync(organization, Surface.Api);
        var partner = await Data.PartnerAsync(organization);
        using var client = await Data.SignedInAsync(partner);
        var email = organization.AccountEmails[1];

        var status = await client.GetPageAsync("/Partner/Status");
        Assert.Contains("shared with the government", status.QuerySelector("#surface-api")!.Words(), StringComparison.Ordinal);
        var why = await WhyAsync(client, Surface.Api, organization.ApiIds[0], email);
        Assert.Equal("NotYetEnabled", why.QuerySelector("#why-result")!.GetAttribute("data-reason"));
        Assert.Contains("shared with the government", why.QuerySelector("#why-in-progress")!.Words(), StringComparison.Ordinal);

        // Coordination recorded: a phased rollout, in the same words on both pages.
        await Data.ChangeAsync(organization, (o, now) => o.RecordGovernmentCoordination(new GovernmentCoordination(DateOnly.FromDateTime(now.UtcDateTime), "USG-T", organization.RepId, now)));
        status = await client.GetPageAsync("/Partner/Status");
        Assert.Contains("enabled in phases", status.QuerySelector("#surface-api")!.Words(), StringComparison.Ordinal);
        why = await WhyAsync(client, Surface.Api, organization.ApiIds[0], email);
        Assert.Contains("enabled in phases", why.QuerySelector("#why-in-progress")!.Words(), StringComparison.Ordinal);

        // A pending amendment naming a Codex workspace: the gateway's reason stays, and both pages say it is under review.
        var workspace = await RequestCodexAsync(client, email, returnWorkspace: true);
        why = await WhyAsync(client, Surface.Codex, workspace, email);
        Assert.Equal("NotApprovedForSurface", why.QuerySelector("#why-result")!.GetAttribute("data-reason"));
        Assert.Contains("to change your Codex access is under review", why.QuerySelector("#why-in-progress")!.Words(), StringComparison.Ordinal);
        Assert.Contains("to change your Codex access is under review", (await client.GetPageAsync("/Partner/Status")).QuerySelector("#surface-codex")!.Words(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_organizations_amendment_is_not_found_for_a_partner_and_another_portfolio_is_refused_to_a_representative()
    {
        var (organization, partner) = await ApiOnlyEnabledAsync();
        var (other, otherPartner) = await ApiOnlyEnabledAsync();
        using var ours = await Data.SignedInAsync(partner);
        using var theirs = await Data.SignedInAsync(otherPartner);
        var amendmentId = await RequestCodexAsync(theirs, other.AccountEmails[1]);
        var otherGrant = await Data.ReadAsync(db => db.Grants.AsNoTracking().Where(g => g.OrganizationId == other.Id).Select(g => g.Id).FirstAsync());

        using (var details = await ours.GetAsync(new Uri($"/Partner/Amendments/Details/{amendmentId}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, details.StatusCode);
        }

        var requestForm = await ours.GetPageAsync("/Partner/Amendments/Request");
        using (var answer = await ours.PostAsync(requestForm, "#amendment-form", [F("Answer", "Let me in.")], $"/Partner/Amendments/Details/{amendmentId}?handler=Answer"))
        {
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        }

        // Another organization's grant is neither offered nor renewable.
        var prefilled = await ours.GetPageAsync($"/Partner/Amendments/Request?renew={otherGrant}");
        Assert.Empty(prefilled.QuerySelectorAll($"input[value='{otherGrant}']"));
        using (var renew = await ours.PostAsync(prefilled, "#amendment-form", [F("Input.RenewGrantIds", otherGrant.ToString())]))
        {
            Assert.Equal(HttpStatusCode.OK, renew.StatusCode);
        }

        var list = await ours.GetPageAsync("/Partner/Amendments");
        Assert.Null(list.QuerySelector($"a[href='/Partner/Amendments/Details/{amendmentId}']"));
        Assert.Equal(1, await Data.ReadAsync(db => db.Amendments.CountAsync(a => a.OrganizationId == other.Id)));
        Assert.Equal(0, await Data.ReadAsync(db => db.Amendments.CountAsync(a => a.OrganizationId == organization.Id)));

        // Staff: our representative may not open or decide another portfolio's amendment; support changes nothing.
        using var rep = await RepAsync(organization);
        var otherRepsReview = $"/Admin/Review/Amendment/{amendmentId}";
        await AssertRefusedAsync(rep, otherRepsReview);
        await AssertRefusedAsync(rep, $"/Admin/Organizations/Amend/{other.Id}");
        // A form of their own carries their antiforgery token; posted to the other portfolio's amendment, it is refused.
        var ownForm = await rep.GetPageAsync($"/Admin/Organizations/Amend/{organization.Id}");
        using (var decide = await rep.PostAsync(ownForm, "#amendment-form", [F("Input.Surface", "Codex"), F("Input.Decision", "Decline"), F("Input.Justification", "x"), F("Input.PartnerMessage", "x")], otherRepsReview))
        {
            Assert.Equal(HttpStatusCode.Redirect, decide.StatusCode);
            Assert.Contains("/Account/AccessDenied", decide.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var support = await Data.StaffAsync(Roles.Support);
        using var supportClient = await Data.SignedInAsync(support);
        await AssertRefusedAsync(supportClient, otherRepsReview);
        await AssertRefusedAsync(supportClient, $"/Admin/Organizations/Amend/{other.Id}");
        Assert.Equal(AmendmentStatus.UnderReview, await Data.ReadAsync(db => db.Amendments.AsNoTracking().Where(a => a.Id == amendmentId).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_representative_opens_an_amendment_from_the_organization_page_recorded_as_asked_by_staff()
    {
        var (organization, _) = await ApiOnlyEnabledAsync();
        using var rep = await RepAsync(organization);
        var details = await rep.GetPageAsync($"/Admin/Organizations/Details/{organization.Id}");
        Assert.Equal($"/Admin/Organizations/Amend/{organization.Id}", details.QuerySelector("#open-amendment")!.GetAttribute("href"));

        var form = await rep.GetPageAsync($"/Admin/Organizations/Amend/{organization.Id}");
        var invalid = await rep.SubmitInvalidAsync(form, "#amendment-form", new Dictionary<string, string> { ["Input.ApiOrganizationIdLines"] = "org-short" });
        Assert.StartsWith("Line 1:", invalid.FieldError("Input.ApiOrganizationIdLines"), StringComparison.Ordinal);

        var added = TestData.NewApiOrganizationId();
        var review = await rep.SubmitAndFollowAsync(invalid, "#amendment-form", new Dictionary<string, string> { ["Input.ApiOrganizationIdLines"] = added });
        Assert.Contains(added, review.QuerySelector(".delta[data-surface='Api']")!.Words(), StringComparison.Ordinal);
        Assert.True(await Data.ReadAsync(db => db.Amendments.AnyAsync(a => a.OrganizationId == organization.Id && a.RequestedByStaff)));
        Assert.Empty(await Data.MailTo(organization.RepEmail));
    }

    // ---- Arrangements ----------------------------------------------------------------------------

    private async Task<(TestOrganization Organization, TestUser Partner)> ApiOnlyEnabledAsync()
    {
        var organization = await Data.EnrolledAsync([Surface.Api], apiIds: 1);
        await Data.ApproveAsync(organization, Surface.Api);
        await Data.EnableAsync(organization, Surface.Api);
        return (organization, await Data.PartnerAsync(organization));
    }

    private Task<HttpClient> RepAsync(TestOrganization organization) =>
        Data.SignedInAsync(new TestUser(organization.RepId, organization.RepEmail, organization.RepName, TestData.Password));

    private static async Task<Guid> RequestCodexAsync(HttpClient partner, string email)
    {
        var form = await partner.GetPageAsync("/Partner/Amendments/Request?surface=Codex");
        using var sent = await partner.PostAsync(form, "#amendment-form",
            [F("Input.Surfaces", "Codex"), F("Input.CodexWorkspaceIdLines", TestData.NewWorkspaceId()), F("Input.AccountEmailLines", email), F("Input.Models", Sol)]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        return Guid.Parse(sent.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    private static async Task<string> RequestCodexAsync(HttpClient partner, string email, bool returnWorkspace)
    {
        Assert.True(returnWorkspace);
        var workspace = TestData.NewWorkspaceId();
        var form = await partner.GetPageAsync("/Partner/Amendments/Request?surface=Codex");
        using var sent = await partner.PostAsync(form, "#amendment-form",
            [F("Input.Surfaces", "Codex"), F("Input.CodexWorkspaceIdLines", workspace), F("Input.AccountEmailLines", email), F("Input.Models", Sol)]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        return workspace;
    }

    private static async Task<IHtmlDocument> WhyAsync(HttpClient partner, Surface surface, string identifier, string email)
    {
        var page = await partner.GetPageAsync("/Partner/Why");
        using var response = await partner.PostAsync(page, "main form",
            [F("Input.Surface", surface.ToString()), F("Input.Identifier", identifier), F("Input.Email", email), F("Input.ModelId", Sol)]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await HtmlForms.ParseAsync(response);
    }

    private static async Task AssertRefusedAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>A gateway: an API client with an admin's key for the access check.</summary>
    private async Task<HttpClient> GatewayAsync() => App.ClientWith(await Data.KeyAsync((await Data.StaffAsync(Roles.Admin)).Id, ApiScopes.AccessCheck));

    private static Task<string?> ReasonAsync(HttpClient gateway, Surface surface, string identifier, string email) =>
        gateway.AccessReasonAsync(surface.ToString(), identifier, email, Sol);
}
