using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Partner;
using static PreviewAccess.Web.Tests.Partner.PartnerForms;

namespace PreviewAccess.Web.Tests.SupportDesk;

/// <summary>
/// A support case as a conversation: support's public replies reach the partner who opened it (page and mail), the
/// partner's replies reach the desk, internal notes reach nobody outside it; each side acts on its own cases only.
/// Mail is read from the in-process SMTP server the portal's outbox sends to.
/// </summary>
[Collection(RecordsAndSupportCollectionDefinition.Name)]
public sealed class SupportConversationTests(PostgresServer postgres) : PortalTest(postgres)
{
    private const string InternalMarker = "INTERNAL-ONLY key looks shared with another team";

    protected override bool MailsOverSmtp => true;

    [Fact]
    public async Task A_case_answered_by_support_replied_to_by_the_partner_and_resolved_mails_each_side_and_never_the_internal_note()
    {
        var (organization, partner, client) = await EnabledPartnerAsync();
        var caseId = await OpenTechnicalCaseAsync(client, organization);
        using var desk = await App.SignedInAsync(DemoData.SupportEmail);
        var supportId = await UserIdAsync(DemoData.SupportEmail);

        // Assign to me, from the list, in one click.
        var queue = await desk.GetPageAsync("/Support/Cases");
        using (var taken = await desk.SubmitAsync(queue, $"form[action*='handler=AssignToMe'][action*='{caseId}']", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        }

        Assert.Equal(supportId, (await StoredAsync(caseId)).AssigneeId);

        var details = await desk.GetPageAsync($"/Support/Cases/Details/{caseId}");
        Assert.Null(details.QuerySelector("form[action*='handler=AssignToMe']"));
        await PostOnDeskAsync(desk, caseId, "Note", "Note", InternalMarker);
        await PostOnDeskAsync(desk, caseId, "Reply", "Reply", "Please send a fresh request ID from a call made after 10:00 UTC.");
        await PostOnDeskAsync(desk, caseId, "Status", "NewStatus", nameof(SupportCaseStatus.WaitingOnPartner));

        var answered = await Smtp.WaitForAsync(partner.Email, m => m.TextBody?.Contains("fresh request ID", StringComparison.Ordinal) == true);
        Assert.Contains($"https://preview.example/Partner/Support/Case/{caseId}", answered.TextBody, StringComparison.Ordinal);
        var staffPage = await desk.GetPageAsync($"/Support/Cases/Details/{caseId}");
        Assert.Equal(["InternalNote", "SupportReply"], staffPage.QuerySelectorAll("#messages li").Select(li => li.GetAttribute("data-kind")!));
        Assert.Contains("Internal note — not shown to the partner", staffPage.QuerySelector("#messages li[data-kind=InternalNote]")!.TextContent, StringComparison.Ordinal);

        var partnerPage = await client.GetPageAsync($"/Partner/Support/Case/{caseId}");
        Assert.Equal("Waiting for information from you", partnerPage.QuerySelector("#case-status")!.TextContent);
        Assert.Contains("fresh request ID", partnerPage.QuerySelector("#messages")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("INTERNAL-ONLY", partnerPage.Body!.InnerHtml, StringComparison.Ordinal);

        using (var replied = await client.SubmitAsync(partnerPage, "#reply-form", new Dictionary<string, string> { ["Reply"] = "Here it is: req_fresh42, at 10:05 UTC." }))
        {
            Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);
        }

        Assert.Equal(SupportCaseStatus.Open, (await StoredAsync(caseId)).Status);
        var fromPartner = await Smtp.WaitForAsync(DemoData.SupportEmail, m => m.TextBody?.Contains("req_fresh42", StringComparison.Ordinal) == true);
        Assert.Contains($"https://preview.example/Support/Cases/Details/{caseId}", fromPartner.TextBody, StringComparison.Ordinal);
        Assert.Contains(partner.Email, fromPartner.TextBody, StringComparison.Ordinal);

        await PostOnDeskAsync(desk, caseId, "Reply", "Reply", "Fixed on our side: the new key works now.");
        await PostOnDeskAsync(desk, caseId, "Status", "NewStatus", nameof(SupportCaseStatus.Resolved));
        await Smtp.WaitForAsync(partner.Email, m => m.TextBody?.Contains("the new key works now", StringComparison.Ordinal) == true);

        var resolved = await client.GetPageAsync($"/Partner/Support/Case/{caseId}");
        Assert.Equal("Resolved", resolved.QuerySelector("#case-status")!.TextContent);
        Assert.Null(resolved.QuerySelector("#reply-form"));
        Assert.Equal(["support", "partner", "support"], resolved.QuerySelectorAll("#messages li").Select(li => li.GetAttribute("data-from")!));
        Assert.All(Smtp.Received, mail => Assert.DoesNotContain("INTERNAL-ONLY", mail.TextBody ?? string.Empty, StringComparison.Ordinal));
        Assert.False(await App.ReadAsync(db => db.OutboxMessages.AnyAsync(m => m.Payload.Contains("INTERNAL-ONLY"))));
        client.Dispose();
    }

    [Fact]
    public async Task An_internal_note_is_never_shown_or_mailed_to_the_partner()
    {
        var (organization, partner, client) = await EnabledPartnerAsync();
        var caseId = await OpenTechnicalCaseAsync(client, organization);
        using var desk = await App.SignedInAsync(DemoData.SupportEmail);

        await PostOnDeskAsync(desk, caseId, "Note", "Note", InternalMarker);

        var stored = await StoredAsync(caseId);
        Assert.Equal(SupportCaseMessageKind.InternalNote, Assert.Single(stored.Messages).Kind);
        var page = await client.GetPageAsync($"/Partner/Support/Case/{caseId}");
        Assert.DoesNotContain("INTERNAL-ONLY", page.Body!.InnerHtml, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#no-messages"));
        var list = await client.GetPageAsync("/Partner/Support");
        Assert.DoesNotContain("INTERNAL-ONLY", list.Body!.InnerHtml, StringComparison.Ordinal);
        Assert.False(await App.ReadAsync(db => db.OutboxMessages.AnyAsync(m => m.Payload.Contains("INTERNAL-ONLY"))));
        Assert.DoesNotContain(Smtp.Received, mail => mail.To.Mailboxes.Any(m => m.Address == partner.Email));
        client.Dispose();
    }

    [Fact]
    public async Task A_partner_reply_on_an_unassigned_case_mails_the_support_staff()
    {
        var (organization, _, client) = await EnabledPartnerAsync();
        var caseId = await OpenTechnicalCaseAsync(client, organization);

        var page = await client.GetPageAsync($"/Partner/Support/Case/{caseId}");
        using (var replied = await client.SubmitAsync(page, "#reply-form", new Dictionary<string, string> { ["Reply"] = "It also fails from a second machine." }))
        {
            Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);
        }

        var mail = await Smtp.WaitForAsync(DemoData.SupportEmail, m => m.TextBody?.Contains("second machine", StringComparison.Ordinal) == true);
        Assert.Contains(organization.Name, mail.Subject, StringComparison.Ordinal);
        // Only the desk's own staff hear of it, never the account representative or the admins while support exists.
        Assert.DoesNotContain(Smtp.Received, m => m.TextBody?.Contains("second machine", StringComparison.Ordinal) == true
            && m.To.Mailboxes.Any(to => to.Address is DemoData.RepEmail or DemoData.AdminEmail));
        client.Dispose();
    }

    [Fact]
    public async Task Another_organizations_case_is_not_found_for_a_partner_page_or_reply_and_nothing_of_it_changes()
    {
        var (organization, _, client) = await EnabledPartnerAsync();
        var ownCaseId = await OpenTechnicalCaseAsync(client, organization);
        var (theirOrganization, theirPartner, theirClient) = await EnabledPartnerAsync();
        var theirCaseId = await OpenTechnicalCaseAsync(theirClient, theirOrganization);
        var before = await StoredAsync(theirCaseId);
        var own = await client.GetPageAsync($"/Partner/Support/Case/{ownCaseId}");

        using (var page = await client.GetAsync(new Uri($"/Partner/Support/Case/{theirCaseId}?organizationId={theirOrganization.Id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        }

        // Our own page's form, aimed at their case, with their organization's id wherever it could be read.
        using var reply = await client.PostAsync(own, "#reply-form",
            [F("Reply", "Let me in."), F("organizationId", theirOrganization.Id.ToString()), F("OrganizationId", theirOrganization.Id.ToString())],
            $"/Partner/Support/Case/{theirCaseId}?handler=Reply&organizationId={theirOrganization.Id}");
        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);

        var after = await StoredAsync(theirCaseId);
        Assert.Equal((before.Version, before.Status, before.Messages.Count), (after.Version, after.Status, after.Messages.Count));
        Assert.Empty(after.Messages);
        Assert.DoesNotContain(Smtp.Received, m => m.TextBody?.Contains("Let me in.", StringComparison.Ordinal) == true);
        Assert.NotEqual(theirPartner.Id, Guid.Empty);
        client.Dispose();
        theirClient.Dispose();
    }

    [Theory]
    [InlineData(DemoData.RepEmail)]
    [InlineData(DemoData.PartnerEmail)]
    public async Task Representatives_and_partners_are_refused_every_write_of_the_desk(string email)
    {
        var (organization, _, client) = await EnabledPartnerAsync();
        var caseId = await OpenTechnicalCaseAsync(client, organization);
        using var outsider = await App.SignedInAsync(email);
        // A page of their own gives them a real antiforgery token: the refusal is the desk's, not the token's.
        var own = await outsider.GetPageAsync(email == DemoData.RepEmail ? "/Admin" : "/Partner/Support");
        var before = await StoredAsync(caseId);

        foreach (var (handler, field, value) in new[] { ("Reply", "Reply", "Hello from outside."), ("Note", "Note", "Note from outside."), ("AssignToMe", "x", "x"), ("Status", "NewStatus", "Resolved") })
        {
            using var response = await outsider.PostAsync(own, "form", [F(field, value), F("Version", before.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                $"/Support/Cases/Details/{caseId}?handler={handler}");
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{handler} answered {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.Redirect) Assert.Contains("/Account/AccessDenied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        using var fromList = await outsider.PostAsync(own, "form", [F("version", before.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            $"/Support/Cases?handler=AssignToMe&id={caseId}");
        Assert.True(fromList.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden);
        if (fromList.StatusCode == HttpStatusCode.Redirect) Assert.Contains("/Account/AccessDenied", fromList.Headers.Location!.ToString(), StringComparison.Ordinal);

        var after = await StoredAsync(caseId);
        Assert.Equal((before.Version, before.Status, before.AssigneeId), (after.Version, after.Status, after.AssigneeId));
        Assert.Empty(after.Messages);
        client.Dispose();
    }

    [Fact]
    public async Task A_technical_issue_is_offered_only_with_enabled_access_and_refused_by_the_use_case_otherwise()
    {
        var organization = await Data.EnrolledAsync([Surface.Api], apiIds: 1);
        await Data.ApproveAsync(organization, Surface.Api);
        var partner = await Data.PartnerAsync(organization);
        using var client = await Data.SignedInAsync(partner);

        var form = await client.GetPageAsync("/Partner/Support/Open?category=TechnicalIssue");
        Assert.Null(form.QuerySelector("#category-TechnicalIssue"));
        Assert.Contains("Contact your OpenAI account representative", form.QuerySelector("#technical-issue-unavailable")!.TextContent, StringComparison.Ordinal);

        // Sent anyway, as a hand-made post would.
        using var refused = await client.PostAsync(form, "#case-form", TechnicalCase(organization));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("none of your organization's access is enabled", (await HtmlForms.ParseAsync(refused)).FieldError("Input.Category"), StringComparison.Ordinal);
        Assert.False(await App.ReadAsync(db => db.SupportCases.AnyAsync(c => c.OrganizationId == organization.Id)));

        await Data.EnableAsync(organization, Surface.Api);
        var offered = await client.GetPageAsync("/Partner/Support/Open");
        Assert.NotNull(offered.QuerySelector("#category-TechnicalIssue"));
        using var accepted = await client.PostAsync(offered, "#case-form", TechnicalCase(organization));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    [Fact]
    public async Task A_case_on_both_surfaces_carries_the_API_organization_and_the_Codex_workspace_and_checks_each_with_its_own()
    {
        var organization = await Data.EnrolledAsync([Surface.Api, Surface.Codex], apiIds: 1);
        await Data.ApproveAsync(organization, Surface.Api);
        await Data.ApproveAsync(organization, Surface.Codex);
        await Data.EnableAsync(organization, Surface.Api);
        await Data.EnableAsync(organization, Surface.Codex);
        var partner = await Data.PartnerAsync(organization);
        using var client = await Data.SignedInAsync(partner);
        var both = TechnicalCase(organization);
        both.RemoveAll(f => f.Key == "Input.Surfaces");
        both.Add(F("Input.Surfaces", "Both"));

        using (var missing = await client.PostAsync(await client.GetPageAsync("/Partner/Support/Open"), "#case-form", both))
        {
            Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
            Assert.Contains("Codex workspace ID", (await HtmlForms.ParseAsync(missing)).FieldError("Input.CodexWorkspaceId"), StringComparison.Ordinal);
        }

        both.Add(F("Input.CodexWorkspaceId", organization.CodexIds[0]));
        using var opened = await client.PostAsync(await client.GetPageAsync("/Partner/Support/Open"), "#case-form", both);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var caseId = Guid.Parse(opened.Headers.Location!.OriginalString.Split('/')[^1]);
        var stored = await StoredAsync(caseId);
        Assert.Equal((organization.ApiIds[0], organization.CodexIds[0]), (stored.Identifier, stored.CodexWorkspaceId));

        // Each surface answers Allowed only because each was asked about with its own identifier.
        var partnerPage = await client.GetPageAsync($"/Partner/Support/Case/{caseId}");
        Assert.Equal("Allowed", partnerPage.QuerySelector("#diagnosis [data-surface=Api]")!.GetAttribute("data-reason"));
        Assert.Equal("Allowed", partnerPage.QuerySelector("#diagnosis [data-surface=Codex]")!.GetAttribute("data-reason"));
        using var desk = await App.SignedInAsync(DemoData.SupportEmail);
        var staffPage = await desk.GetPageAsync($"/Support/Cases/Details/{caseId}");
        var shown = staffPage.QuerySelectorAll("dt").ToDictionary(dt => dt.TextContent.Trim(), dt => dt.NextElementSibling!.TextContent.Trim());
        Assert.Equal(organization.ApiIds[0], shown["API organization ID"]);
        Assert.Equal(organization.CodexIds[0], shown["Codex workspace ID"]);
    }

    private static List<KeyValuePair<string, string>> TechnicalCase(TestOrganization organization) =>
    [
        F("Input.Category", "TechnicalIssue"), F("Input.Surfaces", "Api"), F("Input.Identifier", organization.ApiIds[0]), F("Input.Email", organization.AccountEmails[0]),
        F("Input.ErrorMessage", "Error code: 500 - server_error"), F("Input.RequestId", "req_" + TestData.Unique()), F("Input.OccurredAtUtc", "2026-01-15T10:20:30"),
    ];

    private async Task<(TestOrganization Organization, TestUser Partner, HttpClient Client)> EnabledPartnerAsync()
    {
        var organization = await Data.EnrolledAsync([Surface.Api], apiIds: 1);
        await Data.ApproveAsync(organization, Surface.Api);
        await Data.EnableAsync(organization, Surface.Api);
        var partner = await Data.PartnerAsync(organization);
        return (organization, partner, await Data.SignedInAsync(partner));
    }

    private static async Task<Guid> OpenTechnicalCaseAsync(HttpClient client, TestOrganization organization)
    {
        using var response = await client.PostAsync(await client.GetPageAsync("/Partner/Support/Open"), "#case-form", TechnicalCase(organization));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    private static async Task PostOnDeskAsync(HttpClient desk, Guid caseId, string handler, string field, string value)
    {
        var page = await desk.GetPageAsync($"/Support/Cases/Details/{caseId}");
        using var response = await desk.SubmitAsync(page, $"form[action*='handler={handler}']", new Dictionary<string, string> { [field] = value });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{handler} answered {(int)response.StatusCode}: {(await HtmlForms.ParseAsync(response)).Text()}");
    }

    private Task<SupportCase> StoredAsync(Guid caseId) => App.ReadAsync(db => db.SupportCases.AsNoTracking().SingleAsync(c => c.Id == caseId));

    private Task<Guid> UserIdAsync(string email) => App.ReadAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
}
