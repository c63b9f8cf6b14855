using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Tests.Members;
using static PreviewAccess.Web.Tests.Partner.PartnerForms;

namespace PreviewAccess.Web.Tests.Partner;

/// <summary>
/// A partner sees and changes their own organization only. Every page and handler of the Partner area is probed with a
/// second partner's organization, grant, case and invitation ids; the list of probes is checked against the area's own
/// endpoints, so that a page added later without a probe fails here.
/// </summary>
[Collection(PartnerCollectionDefinition.Name)]
public sealed class IsolationTests(SharedPortal portal) : PortalTest(portal)
{
    /// <summary>One probe per page handler of the area: "METHOD /route handler".</summary>
    private static readonly Dictionary<string, Func<Probe, Task>> Probes = new(StringComparer.Ordinal)
    {
        ["GET /Partner/Status"] = p => p.OwnPageOnlyAsync("/Partner/Status"),
        ["GET /Partner/Enrollment"] = p => p.OwnPageOnlyAsync("/Partner/Enrollment"),
        ["POST /Partner/Enrollment"] = p => p.PostChangesNothingOfTheirsAsync("/Partner/Enrollment", "#enrollment-form", null),
        ["POST /Partner/Enrollment AddRow"] = p => p.PostChangesNothingOfTheirsAsync("/Partner/Enrollment", "#enrollment-form", "/Partner/Enrollment?handler=AddRow&list=api"),
        ["POST /Partner/Enrollment RemoveRow"] = p => p.PostChangesNothingOfTheirsAsync("/Partner/Enrollment", "#enrollment-form", "/Partner/Enrollment?handler=RemoveRow&list=api&index=0"),
        ["GET /Partner/Why"] = p => p.OwnPageOnlyAsync("/Partner/Why", allowTyped: true),
        ["POST /Partner/Why"] = p => p.DiagnosisOfTheirsIsUnknownAsync(),
        ["GET /Partner/Support"] = p => p.OwnPageOnlyAsync("/Partner/Support"),
        ["GET /Partner/Support/Index"] = p => p.OwnPageOnlyAsync("/Partner/Support/Index"),
        ["GET /Partner/Support/Open"] = p => p.OwnPageOnlyAsync("/Partner/Support/Open", allowTyped: true),
        ["POST /Partner/Support/Open"] = p => p.CaseLandsInOwnOrganizationAsync(),
        ["GET /Partner/Support/Case/{id:guid}"] = p => p.ForeignIdsAreNotFoundAsync("/Partner/Support/Case/{0}", p.OwnCaseId),
        ["POST /Partner/Support/Case/{id:guid} Reply"] = p => p.TheirCaseTakesNoReplyAsync(),
        ["GET /Partner/Feedback"] = p => p.OwnPageOnlyAsync("/Partner/Feedback"),
        ["POST /Partner/Feedback"] = p => p.FeedbackGoesToOwnRepresentativeAsync(),
        ["GET /Partner/Cost"] = p => p.OwnPageOnlyAsync("/Partner/Cost"),
        ["GET /Partner/Help"] = p => p.OwnPageOnlyAsync("/Partner/Help"),
        ["GET /Partner/Members"] = p => p.OwnTeamOnlyAsync(),
        ["POST /Partner/Members Invite"] = p => p.ColleagueInvitationLandsInOwnTeamAsync(),
        ["POST /Partner/Members Revoke"] = p => p.TheirTeamIsNotFoundAsync("Revoke", "invitationId", p.TheirColleagueInvitationId),
        ["POST /Partner/Members Remove"] = p => p.TheirTeamIsNotFoundAsync("Remove", "memberId", p.TheirMemberId),
        ["POST /Partner/Status Answer"] = p => p.AnswerReachesNothingOfTheirsAsync("/Partner/Status", "/Partner/Status?handler=Answer"),
        ["GET /Partner/Amendments"] = p => p.OwnPageOnlyAsync("/Partner/Amendments"),
        ["GET /Partner/Amendments/Index"] = p => p.OwnPageOnlyAsync("/Partner/Amendments/Index"),
        ["GET /Partner/Amendments/Request"] = p => p.OwnPageOnlyAsync("/Partner/Amendments/Request", allowTyped: true),
        ["POST /Partner/Amendments/Request"] = p => p.AmendmentLandsInOwnOrganizationAsync(),
        ["GET /Partner/Amendments/Details/{id:guid}"] = p => p.ForeignIdsAreNotFoundAsync("/Partner/Amendments/Details/{0}", p.OwnAmendmentId),
        ["POST /Partner/Amendments/Details/{id:guid} Answer"] = p => p.TheirAmendmentIsNotFoundAsync(),
    };

    [Fact]
    public async Task Every_page_and_handler_of_the_partner_area_has_an_isolation_probe()
    {
        var handlers = await PartnerHandlersAsync(App);

        Assert.NotEmpty(handlers);
        Assert.Equal(Probes.Keys.Order(StringComparer.Ordinal), handlers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task No_page_or_handler_shows_or_changes_a_second_partners_organization_grants_cases_or_invitations()
    {
        var ours = await FullyArrangedAsync();
        var theirs = await FullyArrangedAsync();
        using var client = await Data.SignedInAsync(ours.Partner);
        var probe = new Probe(client, Data, ours, theirs);

        var failures = new List<string>();
        foreach (var (name, check) in Probes)
        {
            try
            {
                await check(probe);
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or InvalidOperationException)
            {
                failures.Add($"{name}: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_partner_area_is_closed_to_anyone_signed_out_and_to_staff()
    {
        using var anonymous = App.NewClient();
        foreach (var route in new[] { "/Partner/Status", "/Partner/Enrollment", "/Partner/Why", "/Partner/Support", "/Partner/Cost", "/Partner/Help", "/Partner/Members" })
        {
            using var response = await anonymous.GetAsync(new Uri(route, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("https://localhost/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        var rep = await Data.StaffAsync();
        using var staff = await Data.SignedInAsync(rep);
        using var refused = await staff.GetAsync(new Uri("/Partner/Status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/AccessDenied", refused.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Every Partner-area page handler, read from the app's own endpoints and compiled page descriptors.</summary>
    private static async Task<SortedSet<string>> PartnerHandlersAsync(PortalApp app)
    {
        using var client = app.NewClient();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        var loader = app.Services.GetRequiredService<PageLoader>();
        var handlers = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { AreaName: "Partner" } page) continue;
            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            var route = "/" + endpoint.RoutePattern.RawText;
            if (compiled.HandlerMethods.Count == 0) handlers.Add("GET " + route);
            foreach (var handler in compiled.HandlerMethods)
            {
                handlers.Add($"{handler.HttpMethod.ToUpperInvariant()} {route}{(handler.Name is { Length: > 0 } name ? " " + name : string.Empty)}");
            }
        }

        return handlers;
    }

    /// <summary>An organization with everything a partner could point at: enrollment, grants on both surfaces, a case, an invitation.</summary>
    private async Task<Arranged> FullyArrangedAsync()
    {
        var organization = await Data.EnrolledAsync([Surface.Api, Surface.Codex], apiIds: 1);
        var grants = (await Data.ApproveAsync(organization, Surface.Api)).Concat(await Data.ApproveAsync(organization, Surface.Codex)).ToList();
        await Data.EnableAsync(organization, Surface.Api);
        // The partner owns the organization's team, which has a member and a colleague's invitation not used yet.
        var partner = await Data.OwnerAsync(organization);
        var member = await Data.MemberAsync(organization);
        var colleagueInvitation = await Data.ColleagueInvitationAsync(organization, partner.Id);
        var caseId = await Data.SupportCaseAsync(organization, partner.Id);
        var invitationId = (await Data.OrganizationAsync(organization.Id)).Invitations.Single().Id;
        var amendmentId = await AmendmentWaitingForAnswerAsync(organization, partner);
        return new Arranged(organization, partner, grants, caseId, invitationId, member, colleagueInvitation, amendmentId);
    }

    public sealed record Arranged(TestOrganization Organization, TestUser Partner, IReadOnlyList<Guid> GrantIds, Guid CaseId, Guid InvitationId,
        TestUser Member, TestColleagueInvitation ColleagueInvitation, Guid AmendmentId)
    {
        public IEnumerable<Guid> AllIds => [Organization.Id, CaseId, InvitationId, Partner.Id, Member.Id, ColleagueInvitation.Id, AmendmentId, .. GrantIds];

        /// <summary>What must never appear on the other partner's pages.</summary>
        public IEnumerable<string> Secrets => [Organization.Name, Organization.ContactEmail, Organization.RepName, Organization.RepEmail, Partner.Email, Member.Email,
            ColleagueInvitation.Email, .. Organization.ApiIds, .. Organization.CodexIds];
    }

    /// <summary>An amendment asking for one more account email, sent back to the partner with a question.</summary>
    private async Task<Guid> AmendmentWaitingForAnswerAsync(TestOrganization organization, TestUser partner)
    {
        Guid id = default;
        await Data.ChangeAsync(organization, async (o, db, now) =>
        {
            var grants = await db.Grants.AsNoTracking().Where(g => g.OrganizationId == o.Id).ToListAsync();
            var amendment = PreviewAccess.Domain.Amendments.Amendment.Request(o, grants,
                new PreviewAccess.Domain.Amendments.AmendmentRequest([], [], [], [$"extra@{organization.Domain}"], [], [], "One more engineer."),
                TestData.AllModels.ToHashSet(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal), partner.Id, false, now);
            amendment.RequestMoreInformation(Surface.Api, "Who is the engineer?", o, organization.RepId, now);
            db.Amendments.Add(amendment);
            id = amendment.Id;
        });
        return id;
    }

    private sealed class Probe(HttpClient client, TestData data, Arranged ours, Arranged theirs)
    {
        public Guid OwnCaseId => ours.CaseId;

        public Guid OwnAmendmentId => ours.AmendmentId;

        /// <summary>Their ids in every field of a request: the amendment is ours, and nothing of theirs changes.</summary>
        public async Task AmendmentLandsInOwnOrganizationAsync()
        {
            var before = await VersionsAsync(theirs);
            var id = theirs.Organization.Id.ToString();
            var email = $"isolation-{TestData.Unique()}@{ours.Organization.Domain}";
            using var response = await client.PostAsync(await client.GetPageAsync("/Partner/Amendments/Request"), "#amendment-form",
                [F("Input.AccountEmailLines", email), F("Input.RenewGrantIds", theirs.GrantIds[0].ToString()), F("OrganizationId", id), F("organizationId", id), F("Input.OrganizationId", id), F("id", id)],
                $"/Partner/Amendments/Request?organizationId={id}&id={id}");
            // Their grant is not ours to renew: the request is refused on that field, and nothing is created anywhere.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertNothingOfTheirs(await HtmlForms.ParseAsync(response), "POST /Partner/Amendments/Request", allowTyped: true);
            using var ownOnly = await client.PostAsync(await client.GetPageAsync("/Partner/Amendments/Request"), "#amendment-form",
                [F("Input.AccountEmailLines", email), F("OrganizationId", id), F("organizationId", id), F("id", id)], $"/Partner/Amendments/Request?organizationId={id}&id={id}");
            Assert.Equal(HttpStatusCode.Redirect, ownOnly.StatusCode);
            Assert.Equal(ours.Organization.Id, await data.ReadAsync(db => db.Amendments.Where(a => a.AccountEmails.Contains(email)).Select(a => a.OrganizationId).SingleAsync()));
            Assert.Equal(before, await VersionsAsync(theirs));
        }

        /// <summary>Answering their amendment's question: not found, and it stays waiting for them.</summary>
        public async Task TheirAmendmentIsNotFoundAsync()
        {
            var before = await VersionsAsync(theirs);
            var document = await client.GetPageAsync($"/Partner/Amendments/Details/{ours.AmendmentId}");
            using var response = await client.PostAsync(document, "#answer-form", [F("Answer", "Not theirs to answer."), F("organizationId", theirs.Organization.Id.ToString())],
                $"/Partner/Amendments/Details/{theirs.AmendmentId}?handler=Answer&organizationId={theirs.Organization.Id}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"Answering their amendment answered {(int)response.StatusCode}");
            AssertNothingOfTheirs(await HtmlForms.ParseAsync(response), "POST answer");
            Assert.Equal(before, await VersionsAsync(theirs));
        }

        /// <summary>An answer posted with their organization's id in every field lands nowhere of theirs.</summary>
        public async Task AnswerReachesNothingOfTheirsAsync(string page, string action)
        {
            var before = await VersionsAsync(theirs);
            var id = theirs.Organization.Id.ToString();
            using var response = await client.PostAsync(await client.GetPageAsync(page), "form", [F("Answer", "Not theirs to answer."), F("OrganizationId", id), F("organizationId", id), F("id", id)],
                $"{action}&organizationId={id}&id={id}");
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{action} answered {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.OK) AssertNothingOfTheirs(await HtmlForms.ParseAsync(response), action, allowTyped: true);
            Assert.Equal(before, await VersionsAsync(theirs));
        }

        public Guid TheirMemberId => theirs.Member.Id;

        public Guid TheirColleagueInvitationId => theirs.ColleagueInvitation.Id;

        /// <summary>Our team's page whatever the URL carries; asking to remove one of theirs (or their owner) finds nobody.</summary>
        public async Task OwnTeamOnlyAsync()
        {
            await OwnPageOnlyAsync("/Partner/Members");
            foreach (var id in theirs.AllIds)
            {
                var url = $"/Partner/Members?remove={id}&organizationId={theirs.Organization.Id}";
                using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode}");
                AssertNothingOfTheirs(await HtmlForms.ParseAsync(response), url);
            }
        }

        /// <summary>Their organization's id in every field: the invitation is ours, from our team, and mails our organization's name.</summary>
        public async Task ColleagueInvitationLandsInOwnTeamAsync()
        {
            var before = await VersionsAsync(theirs);
            var id = theirs.Organization.Id.ToString();
            var email = $"isolation-{TestData.Unique()}@example.org";
            using var response = await client.PostAsync(await client.GetPageAsync("/Partner/Members"), "#invite-form",
                [F("Input.Email", email), F("OrganizationId", id), F("organizationId", id), F("Input.OrganizationId", id), F("id", id)],
                $"/Partner/Members?handler=Invite&organizationId={id}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(ours.Organization.Id, await data.ReadAsync(db => db.MemberInvitations.Where(i => i.Email == email).Select(i => i.OrganizationId).SingleAsync()));
            Assert.Equal(before, await VersionsAsync(theirs));
        }

        /// <summary>One of their team's ids posted to a team handler: not found, and nothing of theirs changes.</summary>
        public async Task TheirTeamIsNotFoundAsync(string handler, string field, Guid theirId)
        {
            var before = await VersionsAsync(theirs);
            var id = theirs.Organization.Id.ToString();
            foreach (var target in new[] { theirId, theirs.Partner.Id })
            {
                using var response = await client.PostAsync(await client.GetPageAsync("/Partner/Members"), "#invite-form",
                    [F(field, target.ToString()), F("organizationId", id), F("OrganizationId", id)], $"/Partner/Members?handler={handler}&organizationId={id}");
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{handler} of {target} answered {(int)response.StatusCode}");
                AssertNothingOfTheirs(await HtmlForms.ParseAsync(response), handler);
            }

            Assert.Equal(before, await VersionsAsync(theirs));
        }

        /// <summary>Their ids in every way a URL could carry them; the page shows ours, never theirs.</summary>
        /// <param name="allowTyped">A page that fills its form from the link may show the link's own values in its fields.</param>
        public async Task OwnPageOnlyAsync(string route, bool allowTyped = false)
        {
            foreach (var id in theirs.AllIds)
            {
                var url = $"{route}?id={id}&organizationId={id}&grantId={id}&caseId={id}&invitationId={id}&surface=Api&identifier={theirs.Organization.ApiIds[0]}&email={Uri.EscapeDataString(theirs.Organization.ContactEmail)}";
                using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
                AssertNothingOfTheirs(await HtmlForms.ParseAsync(response), url, allowTyped);
            }
        }

        public async Task ForeignIdsAreNotFoundAsync(string template, Guid own)
        {
            using (var mine = await client.GetAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, own), UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
            }

            foreach (var id in theirs.AllIds)
            {
                var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, id) + $"?organizationId={theirs.Organization.Id}";
                using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode}");
                AssertNothingOfTheirs(await HtmlForms.ParseAsync(response), url);
            }
        }

        public async Task PostChangesNothingOfTheirsAsync(string page, string form, string? action)
        {
            var before = await VersionsAsync(theirs);
            var document = await client.GetPageAsync(page);
            var id = theirs.Organization.Id.ToString();
            var fields = EnrollmentTests.ValidForm(theirs.Organization, [Surface.Api, Surface.Codex]);
            fields.AddRange([F("OrganizationId", id), F("Input.OrganizationId", id), F("organizationId", id), F("id", id)]);
            // Ours is submitted, so the page shows no form: the antiforgery token of the page's sign-out form does as well.
            var source = document.QuerySelector(form) is null ? "form" : form;
            using var response = await client.PostAsync(document, source, fields, action is null ? $"{page}?organizationId={id}&id={id}" : $"{action}&organizationId={id}");
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{page} {action} answered {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.OK) AssertNothingOfTheirs(await HtmlForms.ParseAsync(response), page, allowTyped: true);
            Assert.Equal(before, await VersionsAsync(theirs));
        }

        public async Task DiagnosisOfTheirsIsUnknownAsync()
        {
            var id = theirs.Organization.Id.ToString();
            using var response = await client.PostAsync(await client.GetPageAsync("/Partner/Why"), "#why-form",
                [F("Input.Surface", "Api"), F("Input.Identifier", theirs.Organization.ApiIds[0]), F("Input.Email", theirs.Organization.ContactEmail),
                 F("Input.ModelId", "gpt-5.6-sol"), F("Input.Country", ""), F("OrganizationId", id), F("organizationId", id)],
                $"/Partner/Why?organizationId={id}");
            var page = await HtmlForms.ParseAsync(response);
            Assert.Equal("UnknownIdentifier", page.QuerySelector("#why-result")!.GetAttribute("data-reason"));
            AssertNothingOfTheirs(page, "POST /Partner/Why", allowTyped: true);
        }

        public async Task CaseLandsInOwnOrganizationAsync()
        {
            var theirCases = await data.ReadAsync(db => db.SupportCases.CountAsync(c => c.OrganizationId == theirs.Organization.Id));
            var id = theirs.Organization.Id.ToString();
            using var response = await client.PostAsync(await client.GetPageAsync("/Partner/Support/Open"), "#case-form",
                [F("Input.Category", "AccessProblem"), F("Input.Surfaces", "Codex"), F("Input.Identifier", theirs.Organization.CodexIds[0]),
                 F("Input.Email", theirs.Organization.ContactEmail), F("Input.ErrorMessage", "403"), F("OrganizationId", id), F("organizationId", id)],
                $"/Partner/Support/Open?organizationId={id}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var caseId = Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
            Assert.Equal(ours.Organization.Id, await data.ReadAsync(db => db.SupportCases.Where(c => c.Id == caseId).Select(c => c.OrganizationId).SingleAsync()));
            Assert.Equal(theirCases, await data.ReadAsync(db => db.SupportCases.CountAsync(c => c.OrganizationId == theirs.Organization.Id)));
            // The diagnosis beside it runs against our organization: their workspace is unknown to us.
            var detail = await client.GetPageAsync(response.Headers.Location.OriginalString);
            Assert.Equal("UnknownIdentifier", detail.QuerySelector("#diagnosis [data-surface=Codex]")!.GetAttribute("data-reason"));
            AssertNothingOfTheirs(detail, "case detail", allowTyped: true);
        }

        /// <summary>Our case page's reply form aimed at each of their ids: not found, and their case gets no message.</summary>
        public async Task TheirCaseTakesNoReplyAsync()
        {
            var before = await VersionsAsync(theirs);
            var own = await client.GetPageAsync($"/Partner/Support/Case/{ours.CaseId}");
            var id = theirs.Organization.Id.ToString();
            foreach (var target in theirs.AllIds)
            {
                var url = $"/Partner/Support/Case/{target}?handler=Reply&organizationId={id}";
                using var response = await client.PostAsync(own, "#reply-form", [F("Reply", "isolation reply"), F("organizationId", id), F("OrganizationId", id)], url);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode}");
                AssertNothingOfTheirs(await HtmlForms.ParseAsync(response), url);
            }

            Assert.Equal(before, await VersionsAsync(theirs));
            Assert.Equal(0, await data.ReadAsync(db => db.SupportCases.Where(c => c.OrganizationId == theirs.Organization.Id).SelectMany(c => c.Messages).CountAsync()));
        }

        public async Task FeedbackGoesToOwnRepresentativeAsync()
        {
            var id = theirs.Organization.Id.ToString();
            var marker = "isolation-" + TestData.Unique();
            using var response = await client.PostAsync(await client.GetPageAsync("/Partner/Feedback"), "#feedback-form",
                [F("Input.Topic", "t"), F("Input.Message", marker), F("OrganizationId", id), F("organizationId", id)], $"/Partner/Feedback?organizationId={id}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var payload = await data.ReadAsync(db => db.OutboxMessages.Where(m => m.Payload.Contains(marker)).Select(m => m.Payload).SingleAsync());
            Assert.Contains(ours.Organization.RepEmail, payload, StringComparison.Ordinal);
            Assert.DoesNotContain(theirs.Organization.RepEmail, payload, StringComparison.Ordinal);
        }

        /// <param name="allowTyped">
        /// A form posted with their values shows those values back in its own fields, and a page may repeat what was asked
        /// (<c>data-echo</c>); nothing else of theirs.
        /// </param>
        private void AssertNothingOfTheirs(IHtmlDocument page, string where, bool allowTyped = false)
        {
            foreach (var field in allowTyped ? page.QuerySelectorAll("input, textarea, [data-echo]").ToList() : [])
            {
                field.Remove();
            }

            var text = page.Body?.TextContent ?? string.Empty;
            var html = page.Body?.InnerHtml ?? string.Empty;
            foreach (var secret in theirs.Secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal) || html.Contains(secret, StringComparison.Ordinal), $"{where} shows '{secret}' of the other organization.");
            }
        }

        /// <summary>A fingerprint of everything of theirs a post could change.</summary>
        private Task<string> VersionsAsync(Arranged arranged) => data.ReadAsync(async db =>
        {
            var id = arranged.Organization.Id;
            var organization = await db.Organizations.AsNoTracking().Include(o => o.Invitations).SingleAsync(o => o.Id == id);
            var grants = await db.Grants.AsNoTracking().Where(g => g.OrganizationId == id).OrderBy(g => g.Id).Select(g => g.Version + ":" + g.Status).ToListAsync();
            var cases = await db.SupportCases.AsNoTracking().Where(c => c.OrganizationId == id).OrderBy(c => c.Id).Select(c => c.Version + ":" + c.Status).ToListAsync();
            var users = await db.Users.AsNoTracking().CountAsync(u => u.OrganizationId == id && !u.IsDisabled);
            var colleagues = await db.MemberInvitations.AsNoTracking().Where(i => i.OrganizationId == id).OrderBy(i => i.Id).Select(i => i.Version + ":" + i.StoredStatus).ToListAsync();
            var amendments = await db.Amendments.AsNoTracking().Where(a => a.OrganizationId == id).OrderBy(a => a.Id).Select(a => a.Version + ":" + a.Status).ToListAsync();
            var messages = await db.ReviewMessages.AsNoTracking().CountAsync(m => m.OrganizationId == id);
            return string.Join('|', string.Join(',', colleagues),
                organization.Version, organization.Status, organization.Enrollment?.SubmittedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                string.Join(',', organization.Invitations.Select(i => i.StoredStatus)), string.Join(',', grants), string.Join(',', cases), users, string.Join(',', amendments), messages);
        });
    }
}
