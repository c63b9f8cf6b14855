using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Domain.Webhooks;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;
using PreviewAccess.Web.Tests.Settings;
using PreviewAccess.Web.Tests.Webhooks;
using static PreviewAccess.Web.Tests.Hosting.TestData;

namespace PreviewAccess.Web.Tests.Authorization;

/// <summary>
/// DOMAIN.md's Roles, proved once for every write: each use case × each role × the representative's own portfolio and
/// another's (and the organization's own partner and another organization's), through the page (a signed-in browser,
/// antiforgery included) and through the API (the role's key). Allowed means the change happened (the audit log grew);
/// refused means 403 on the API, the access-denied page on pages, and nothing recorded.
/// </summary>
[Collection(SignInAndShellCollectionDefinition.Name)]
public sealed class WriteAuthorizationTests(PostgresServer postgres) : ApiTest(postgres)
{
    /// <summary>Who may, as the test states it (not read from the portal's own table).</summary>
    private enum Who
    {
        AdminOnly,
        ProgramStaff,
        Portfolio,

        /// <summary>The support desk: support staff and admins, whatever the portfolio.</summary>
        SupportDesk,

        /// <summary>Every staff member whose key may read (API.md's support tooling): admins, representatives and support.</summary>
        AnyStaff,

        /// <summary>The organization's own partners alone: staff never act as the partner.</summary>
        OwnPartners,
    }

    /// <summary>
    /// The people who try each write. <see cref="OtherRep"/> is a representative whose portfolio does not hold the
    /// organization; <see cref="OwnPartner"/> a partner of the organization the write touches (a new one for each
    /// attempt, since each attempt's organization is new), <see cref="OtherPartner"/> a partner of another organization.
    /// </summary>
    private enum As
    {
        Admin,
        OwnRep,
        OtherRep,
        Support,
        OwnPartner,
        OtherPartner,
    }

    private enum Via
    {
        Page,
        Api,
    }

    /// <summary>
    /// What a write acts on, made fresh for each attempt by the arranging admin. <see cref="Organization"/> is the
    /// organization it touches, whose own partner is tried; null for program-wide writes (a wave, a webhook), where
    /// every partner is another organization's.
    /// </summary>
    private sealed record Target(Guid Id, int Version = 0, Guid Other = default, Guid? Organization = null);

    private sealed record WriteCase(
        string Name,
        Who Who,
        Func<Task<Target>> Arrange,
        Func<HttpClient, Target, Task<HttpResponseMessage>>? Api,
        (string Url, Func<Target, Dictionary<string, string>> Fields)? Page)
    {
        /// <summary>The page answers a successful POST itself (200) rather than redirecting: registering a webhook shows its secret once.</summary>
        public bool AnswersInPlace { get; init; }

        /// <summary>
        /// The page acts on the signed-in partner's own organization and names none: another organization's partner has
        /// nothing of the target's to post to (a use case asked for another organization refuses: AmendmentsApiTests).
        /// </summary>
        public bool OwnOrganizationOnly { get; init; }

        /// <summary>The page names a thing of the organization, and another organization's partner is told it does not exist (404).</summary>
        public bool NotFoundForOtherPartners { get; init; }
    }

    private readonly Dictionary<As, TestUser> _people = [];
    private readonly Dictionary<As, HttpClient> _browsers = [];
    private readonly Dictionary<As, HttpClient> _keys = [];
    private HttpClient _secondArranger = null!;

    /// <summary>The webhooks registered here point nowhere: nothing is sent to them.</summary>
    protected override IDictionary<string, string?>? ApiSettings => new Dictionary<string, string?> { ["Webhooks:DispatcherEnabled"] = "false" };

    public override async Task InitializeAsync()
    {
        // Two approvers, so that "second approval" is a write to test like the others.
        await base.InitializeAsync();
        await App.RequireSecondApprovalAsync();
        var secondArranger = await Data.UserAsync(Roles.Admin);
        _secondArranger = ClientWith(await Data.KeyAsync(secondArranger.Id, ApiScopes.All.ToArray()));

        // The arranging admin (Admin) approves grants first, so the acting admin here is another user.
        _people[As.Admin] = await Data.UserAsync(Roles.Admin);
        _people[As.OwnRep] = Rep;
        _people[As.OtherRep] = await Data.UserAsync(Roles.AccountRep);
        _people[As.Support] = await Data.UserAsync(Roles.Support);
        _people[As.OtherPartner] = await Data.UserAsync(Roles.Partner, organizationId: await NominateAsync());
        foreach (var (who, person) in _people)
        {
            var browser = App.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
            await SignInAsync(browser, person);
            _browsers[who] = browser;
            // A key carries what its owner's role allows (Roles.ApiScopesFor); a partner has none.
            if (who != As.OtherPartner) _keys[who] = ClientWith(await Data.KeyAsync(person.Id, Roles.ApiScopesFor([RoleOf(who)]).ToArray()));
        }
    }

    public override async Task DisposeAsync()
    {
        foreach (var client in _browsers.Values.Concat(_keys.Values).Append(_secondArranger)) client.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Every_write_is_allowed_exactly_to_the_roles_and_portfolio_DOMAIN_md_names_through_the_page_and_the_API_alike()
    {
        var mismatches = new List<string>();
        var attempts = 0;
        foreach (var write in Writes())
        {
            foreach (var who in Enum.GetValues<As>())
            {
                foreach (var via in Enum.GetValues<Via>())
                {
                    // Partners have no API keys.
                    if (via == Via.Api && (write.Api is null || who is As.OwnPartner or As.OtherPartner)) continue;
                    if (via == Via.Page && write.Page is null) continue;
                    if (via == Via.Page && who == As.OtherPartner && write.OwnOrganizationOnly) continue;
                    var target = await write.Arrange();
                    // A program-wide write touches no organization: the other organization's partner stands for every partner.
                    if (who == As.OwnPartner && target.Organization is null) continue;
                    attempts++;
                    using var ownPartner = who == As.OwnPartner ? await PartnerOfAsync(target.Organization!.Value) : null;
                    var before = await AuditCountAsync();
                    using var response = via == Via.Api
                        ? await write.Api!(_keys[who], target)
                        : await PostFormAsync(ownPartner ?? _browsers[who], write.Page!.Value.Url.Replace("{id}", $"{target.Id}", StringComparison.Ordinal).Replace("{other}", $"{target.Other}", StringComparison.Ordinal), write.Page.Value.Fields(target));
                    var recorded = await AuditCountAsync() - before;
                    var expected = Allowed(write.Who, who);
                    var observed = Describe(response, via, recorded, write.AnswersInPlace, notFoundRefuses: who == As.OtherPartner && write.NotFoundForOtherPartners,
                        out var allowed, out var refused);
                    if (expected ? !allowed : !refused)
                    {
                        mismatches.Add($"{write.Name} as {who} via {via}: expected {(expected ? "allowed" : "refused")}, got {observed}");
                    }
                }
            }
        }

        Assert.True(attempts > 100, $"Only {attempts} attempts: the table lost rows.");
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    [Fact]
    public async Task Another_representatives_organization_shows_no_change_buttons_and_its_forms_are_refused()
    {
        var organization = await UnderReviewAsync();
        var grant = await ApprovedGrantAsync();

        var own = await _browsers[As.OwnRep].GetPageAsync($"/Admin/Organizations/Details/{organization.Id}");
        var other = await _browsers[As.OtherRep].GetPageAsync($"/Admin/Organizations/Details/{organization.Id}");
        foreach (var label in new[] { "Decide API", "Edit", "Hand over", "Suspend" })
        {
            Assert.Contains(own.QuerySelectorAll("[aria-label=Actions] a"), a => a.TextContent.Trim() == label);
            Assert.DoesNotContain(other.QuerySelectorAll("[aria-label=Actions] a"), a => a.TextContent.Trim() == label);
        }

        Assert.NotNull(other.QuerySelector("#not-in-portfolio"));
        Assert.Null(own.QuerySelector("#not-in-portfolio"));

        foreach (var form in new[] { "Organizations/Edit", "Organizations/HandOver", "Organizations/Suspension", "Organizations/Invite", "Review/Decide" })
        {
            var url = $"/Admin/{form}/{organization.Id}" + (form == "Review/Decide" ? "/Api" : string.Empty);
            using var refused = await _browsers[As.OtherRep].GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(refused.StatusCode == HttpStatusCode.Redirect && refused.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal),
                $"{url} answered {(int)refused.StatusCode} {refused.Headers.Location}");
        }

        var othersGrant = await _browsers[As.OtherRep].GetPageAsync($"/Admin/Grants/Details/{grant.Id}");
        Assert.Null(othersGrant.QuerySelector("#change-form"));
        Assert.NotNull(othersGrant.QuerySelector("#not-in-portfolio"));
        Assert.NotNull((await _browsers[As.OwnRep].GetPageAsync($"/Admin/Grants/Details/{grant.Id}")).QuerySelector("#change-form"));
    }

    private static bool Allowed(Who rule, As who) => who switch
    {
        As.Admin => rule != Who.OwnPartners,
        As.OwnRep => rule is Who.ProgramStaff or Who.Portfolio or Who.AnyStaff,
        As.OtherRep => rule is Who.ProgramStaff or Who.AnyStaff,
        As.Support => rule is Who.SupportDesk or Who.AnyStaff,
        As.OwnPartner => rule == Who.OwnPartners,
        _ => false,
    };

    private static string RoleOf(As who) => who switch
    {
        As.Admin => Roles.Admin,
        As.OwnRep or As.OtherRep => Roles.AccountRep,
        As.Support => Roles.Support,
        _ => Roles.Partner,
    };

    /// <summary>A browser signed in as a new partner of <paramref name="organizationId"/>.</summary>
    private async Task<HttpClient> PartnerOfAsync(Guid organizationId)
    {
        var browser = App.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        await SignInAsync(browser, await Data.UserAsync(Roles.Partner, organizationId: organizationId));
        return browser;
    }

    /// <summary>
    /// Allowed: a 2xx (API) or a redirect back into the portal (the page's Post/Redirect/Get; a 200 when the page
    /// <paramref name="answersInPlace"/>), and the change recorded. Refused: 403 (API) or the access-denied page (or a 404
    /// when <paramref name="notFoundRefuses"/>: the page hides another organization's things), and nothing recorded.
    /// </summary>
    private static string Describe(HttpResponseMessage response, Via via, int recorded, bool answersInPlace, bool notFoundRefuses, out bool allowed, out bool refused)
    {
        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.OriginalString ?? string.Empty;
        var deniedPage = status == 302 && location.Contains("/Account/AccessDenied", StringComparison.Ordinal);
        if (via == Via.Api)
        {
            allowed = status is >= 200 and < 300 && recorded > 0;
            refused = status == 403 && recorded == 0;
        }
        else
        {
            var redirectedOn = status == 302 && !deniedPage && !location.Contains("/Account/Login", StringComparison.Ordinal);
            allowed = (redirectedOn || (answersInPlace && status == 200)) && recorded > 0;
            refused = (deniedPage || (notFoundRefuses && status == 404)) && recorded == 0;
        }

        return $"{status} {location} with {recorded} audit event(s)";
    }

    private IEnumerable<WriteCase> Writes()
    {
        var reason = new Dictionary<string, string> { ["Input.Reason"] = "Checked with the partner." };
        yield return new("nominate an organization", Who.Portfolio, () => Task.FromResult(new Target(Guid.Empty)),
            (client, _) => client.PostAsJsonAsync("/api/v1/organizations", new { name = NewName(), country = "US", accountRepEmail = Rep.Email }),
            ("/Admin/Organizations/Create", _ => new() { ["Input.Name"] = NewName(), ["Input.Country"] = "US", ["Input.AccountRepEmail"] = Rep.Email }));
        yield return new("edit an organization", Who.Portfolio, NominatedAsync, null,
            ("/Admin/Organizations/Edit/{id}", t => new() { ["Input.Name"] = NewName(), ["Input.Country"] = "US", ["Input.Version"] = $"{t.Version}" }));
        yield return new("hand an organization over", Who.Portfolio, NominatedAsync, null,
            ("/Admin/Organizations/HandOver/{id}", t => new() { ["Input.AccountRepEmail"] = _people[As.OtherRep].Email, ["Input.Version"] = $"{t.Version}" }));
        yield return new("record government coordination", Who.AdminOnly, NominatedAsync,
            (client, t) => client.PostAsJsonAsync($"/api/v1/organizations/{t.Id}/government-coordination", new { sharedOn = "2026-01-15", reference = "USG-1" }),
            ("/Admin/Government/Record/{id}", _ => new() { ["Input.SharedOn"] = "2026-01-15", ["Input.Reference"] = "USG-1" }));
        yield return new("suspend an organization", Who.Portfolio, NominatedAsync,
            (client, t) => client.PostAsJsonAsync($"/api/v1/organizations/{t.Id}/suspend", new { reason = "Checked with the partner." }),
            ("/Admin/Organizations/Suspension/{id}", t => new(reason) { ["Input.Version"] = $"{t.Version}" }));
        yield return new("reinstate an organization", Who.Portfolio, SuspendedAsync,
            (client, t) => client.PostAsJsonAsync($"/api/v1/organizations/{t.Id}/reinstate", new { reason = "Checked with the partner." }),
            ("/Admin/Organizations/Suspension/{id}", t => new(reason) { ["Input.Version"] = $"{t.Version}", ["Input.Reinstate"] = "true" }));
        yield return new("invite an organization", Who.Portfolio, NominatedAsync,
            (client, t) => client.PostAsJsonAsync($"/api/v1/organizations/{t.Id}/invitations", new { email = NewEmail() }),
            ("/Admin/Organizations/Invite/{id}", _ => new() { ["Input.Email"] = NewEmail() }));
        yield return new("resend an invitation", Who.Portfolio, InvitedAsync,
            (client, t) => client.PostAsync($"/api/v1/invitations/{t.Other}/resend", null),
            ("/Admin/Invitations?handler=Resend", t => new() { ["invitationId"] = $"{t.Other}" }));
        yield return new("revoke an invitation", Who.Portfolio, InvitedAsync,
            (client, t) => client.PostAsync($"/api/v1/invitations/{t.Other}/revoke", null),
            ("/Admin/Invitations?handler=Revoke", t => new() { ["invitationId"] = $"{t.Other}" }));
        yield return new("enroll on the organization's behalf", Who.Portfolio, EnrollingAsync,
            (client, t) => client.PostAsJsonAsync($"/api/v1/organizations/{t.Id}/enrollment", Enrollment(NewApiOrganizationId())),
            null);
        yield return new("decide a surface", Who.Portfolio, UnderReviewAsync,
            (client, t) => client.PostAsJsonAsync($"/api/v1/organizations/{t.Id}/decisions", new { surface = "Api", decision = "Decline", justification = "Not this time." }),
            ("/Admin/Review/Decide/{id}/Api", t => new() { ["Input.Decision"] = "Decline", ["Input.Justification"] = "Not this time.", ["Input.Version"] = $"{t.Version}" }));
        yield return new("confirm a second approval", Who.Portfolio, PendingGrantAsync,
            (client, t) => client.PostAsync($"/api/v1/grants/{t.Id}/approvals", null),
            ("/Admin/Grants/Details/{id}?handler=Confirm", _ => []));
        yield return new("suspend a grant", Who.Portfolio, ApprovedGrantAsync,
            (client, t) => client.PostAsJsonAsync($"/api/v1/grants/{t.Id}/suspend", new { reason = "Checked with the partner." }),
            ("/Admin/Grants/Details/{id}", t => new(reason) { ["Input.Change"] = "suspend", ["Input.Version"] = $"{t.Version}" }));
        yield return new("reinstate a grant", Who.Portfolio, SuspendedGrantAsync,
            (client, t) => client.PostAsJsonAsync($"/api/v1/grants/{t.Id}/reinstate", new { reason = "Checked with the partner." }),
            ("/Admin/Grants/Details/{id}", t => new(reason) { ["Input.Change"] = "reinstate", ["Input.Version"] = $"{t.Version}" }));
        yield return new("revoke a grant", Who.Portfolio, ApprovedGrantAsync,
            (client, t) => client.PostAsJsonAsync($"/api/v1/grants/{t.Id}/revoke", new { reason = "Checked with the partner." }),
            ("/Admin/Grants/Details/{id}", t => new(reason) { ["Input.Change"] = "revoke", ["Input.Version"] = $"{t.Version}" }));
        yield return new("re-certify grants", Who.Portfolio, ApprovedGrantAsync, null,
            ("/Admin/Recertification", t => new() { ["Input.Action"] = "recertify", ["Input.Grants"] = $"{t.Id}", [$"Input.Versions[{t.Id}]"] = $"{t.Version}", ["Input.ExpiresOn"] = "2099-01-31" }));
        yield return new("revoke grants in bulk", Who.Portfolio, ApprovedGrantAsync, null,
            ("/Admin/Recertification", t => new(reason) { ["Input.Action"] = "revoke", ["Input.Grants"] = $"{t.Id}", [$"Input.Versions[{t.Id}]"] = $"{t.Version}" }));
        yield return new("plan a wave", Who.ProgramStaff, () => Task.FromResult(new Target(Guid.Empty)),
            (client, _) => client.PostAsJsonAsync("/api/v1/waves", new { name = NewName(), opensAt = "2099-12-03T09:00:00Z", capacity = 10 }),
            ("/Admin/Waves/Create", _ => new() { ["Input.Name"] = NewName(), ["Input.OpensAt"] = "2099-12-03T09:00", ["Input.Capacity"] = "10", ["Input.EnablementsPerMinute"] = "60" }));
        yield return new("open a wave", Who.ProgramStaff, PlannedWaveAsync,
            (client, t) => client.PostAsync($"/api/v1/waves/{t.Id}/open", null),
            ("/Admin/Waves/Details/{id}?handler=Open", t => new() { ["Input.Version"] = $"{t.Version}" }));
        yield return new("place a grant in a wave", Who.Portfolio, GrantAndWaveAsync,
            (client, t) => client.PostAsJsonAsync($"/api/v1/waves/{t.Other}/grants", new { grantIds = new[] { t.Id } }),
            ($"/Admin/Waves/Details/{{other}}?handler=Assign", t => new() { ["Input.GrantIds"] = $"{t.Id}", ["Input.Version"] = $"{t.Version}" }));

        // Amendments: asked for by the organization's partner on their own pages, or by staff on its behalf; decided by staff.
        yield return new("request an amendment on the organization's behalf", Who.Portfolio, ReviewedAsync,
            (client, t) => client.PostAsJsonAsync($"/api/v1/organizations/{t.Id}/amendments", new { models = new[] { Luna } }),
            ("/Admin/Organizations/Amend/{id}", _ => new() { ["Input.Models"] = Luna }));
        yield return new("request an amendment as the organization's partner", Who.OwnPartners, ReviewedAsync, null,
            ("/Partner/Amendments/Request", _ => new() { ["Input.Models"] = Luna })) { OwnOrganizationOnly = true };
        yield return new("decide an amendment", Who.Portfolio, AmendmentAsync,
            (client, t) => client.PostAsJsonAsync($"/api/v1/amendments/{t.Id}/decisions",
                new { surface = "Api", decision = "Decline", justification = "Not this time.", partnerMessage = "Not during the preview." }),
            ("/Admin/Review/Amendment/{id}", t => new()
            {
                ["Input.Surface"] = "Api", ["Input.Decision"] = "Decline", ["Input.Justification"] = "Not this time.",
                ["Input.PartnerMessage"] = "Not during the preview.", ["Input.Version"] = $"{t.Version}",
            }));

        // Support: the desk works cases (pages only); partners open and answer their own; support tooling opens cases through the API.
        yield return new("open a support case through the API", Who.AnyStaff, () => Task.FromResult(new Target(Guid.Empty)),
            (client, _) => client.PostAsJsonAsync("/api/v1/support-cases", CaseAbout(NewApiOrganizationId())),
            null);
        yield return new("assign a support case", Who.SupportDesk, SupportCaseAsync, null,
            ("/Support/Cases/Details/{id}?handler=Assign", t => new() { ["AssigneeId"] = $"{_people[As.Support].Id}", ["Version"] = $"{t.Version}" }));
        yield return new("take a support case", Who.SupportDesk, SupportCaseAsync, null,
            ("/Support/Cases/Details/{id}?handler=AssignToMe", t => new() { ["Version"] = $"{t.Version}" }));
        yield return new("change a support case's status", Who.SupportDesk, SupportCaseAsync, null,
            ("/Support/Cases/Details/{id}?handler=Status", t => new() { ["NewStatus"] = "WaitingOnPartner", ["Version"] = $"{t.Version}" }));
        yield return new("add an internal note to a support case", Who.SupportDesk, SupportCaseAsync, null,
            ("/Support/Cases/Details/{id}?handler=Note", t => new() { ["Note"] = "Checked the gateway logs.", ["Version"] = $"{t.Version}" }));
        yield return new("reply to the partner on a support case", Who.SupportDesk, SupportCaseAsync, null,
            ("/Support/Cases/Details/{id}?handler=Reply", t => new() { ["Reply"] = "Please try again now.", ["Version"] = $"{t.Version}" }));
        yield return new("open a support case as the organization's partner", Who.OwnPartners, UnderReviewAsync, null,
            ("/Partner/Support/Open", _ => new()
            {
                ["Input.Category"] = "AccessProblem", ["Input.Surfaces"] = "Api", ["Input.Identifier"] = NewApiOrganizationId(), ["Input.Email"] = NewEmail(),
                ["Input.ErrorMessage"] = "403 Forbidden", ["Input.RequestId"] = "req_123", ["Input.OccurredAtUtc"] = "2026-01-15T10:00",
            })) { OwnOrganizationOnly = true };
        yield return new("reply on a support case as the organization's partner", Who.OwnPartners, SupportCaseAsync, null,
            ("/Partner/Support/Case/{id}?handler=Reply", _ => new() { ["Reply"] = "It still fails." })) { NotFoundForOtherPartners = true };

        // Webhooks: the admin's alone. They have no JSON API (API.md), so the pages are the only way in.
        yield return new("register a webhook", Who.AdminOnly, () => Task.FromResult(new Target(Guid.Empty)), null,
            ("/Admin/Webhooks/Create", _ => new() { ["Input.Url"] = WebhookUrl, ["Input.EventTypes"] = "grant.enabled" })) { AnswersInPlace = true };
        yield return new("disable a webhook", Who.AdminOnly, WebhookAsync, null,
            ("/Admin/Webhooks/Details/{id}?handler=Change", t => new()
            {
                ["Input.Url"] = WebhookUrl, ["Input.EventTypes"] = "grant.enabled", ["Input.Active"] = "false", ["Input.Version"] = $"{t.Version}",
            }));
        yield return new("send a webhook a test event", Who.AdminOnly, WebhookAsync, null,
            ("/Admin/Webhooks/Details/{id}?handler=Test", _ => []));
        yield return new("delete a webhook", Who.AdminOnly, WebhookAsync, null,
            ("/Admin/Webhooks/Details/{id}?handler=Delete", _ => []));
        yield return new("resend a webhook delivery", Who.AdminOnly, DeliveredWebhookAsync, null,
            ("/Admin/Webhooks/Details/{id}?handler=Resend&delivery={other}", _ => []));
    }

    // ---- Arrangements: each makes a fresh organization in the own representative's portfolio ------------------------

    private async Task<Target> NominatedAsync() => await CurrentAsync(await NominateAsync());

    private async Task<Target> SuspendedAsync()
    {
        var id = await NominateAsync();
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{id}/suspend", new { reason = "Arranged." });
        await ExpectAsync(response, HttpStatusCode.OK);
        return await CurrentAsync(id);
    }

    private async Task<Target> InvitedAsync()
    {
        var id = await NominateAsync();
        var (invitationId, _) = await InviteAsync(id);
        return (await CurrentAsync(id)) with { Other = invitationId };
    }

    private async Task<Target> EnrollingAsync() => await CurrentAsync(await base.EnrollingAsync());

    private async Task<Target> UnderReviewAsync() => await CurrentAsync((await base.UnderReviewAsync()).OrganizationId);

    private async Task<Target> PendingGrantAsync()
    {
        var (organizationId, apiOrg, _, email) = await base.UnderReviewAsync();
        return await GrantAsync(await ApproveAsync(organizationId, "Api", apiOrg, email));
    }

    private async Task<Target> ApprovedGrantAsync()
    {
        var pending = await PendingGrantAsync();
        using var response = await _secondArranger.PostAsync($"/api/v1/grants/{pending.Id}/approvals", null);
        await ExpectAsync(response, HttpStatusCode.OK);
        return await GrantAsync(pending.Id);
    }

    private async Task<Target> SuspendedGrantAsync()
    {
        var grant = await ApprovedGrantAsync();
        using var response = await Client.PostAsJsonAsync($"/api/v1/grants/{grant.Id}/suspend", new { reason = "Arranged." });
        await ExpectAsync(response, HttpStatusCode.OK);
        return await GrantAsync(grant.Id);
    }

    private async Task<Target> PlannedWaveAsync()
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/waves", new { name = NewName(), opensAt = "2099-12-03T09:00:00Z", capacity = 10 });
        var id = (await ExpectAsync(response, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        return new Target(id, await InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Waves.Where(w => w.Id == id).Select(w => w.Version).SingleAsync()));
    }

    /// <summary>An approved grant (<see cref="Target.Id"/>) and a planned wave (<see cref="Target.Other"/>, its version in <see cref="Target.Version"/>).</summary>
    private async Task<Target> GrantAndWaveAsync()
    {
        var grant = await ApprovedGrantAsync();
        var wave = await PlannedWaveAsync();
        return new Target(grant.Id, wave.Version, wave.Id, grant.Organization);
    }

    /// <summary>Enrolled for the API alone and approved: reviewed, so its scope changes only through an amendment.</summary>
    private async Task<Target> ReviewedAsync()
    {
        var organizationId = await base.EnrollingAsync();
        var (apiOrg, email) = (NewApiOrganizationId(), NewEmail());
        using (var enrolled = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/enrollment", Enrollment(apiOrg, null, email)))
        {
            await ExpectAsync(enrolled, HttpStatusCode.Created);
        }

        await ApproveAsync(organizationId, "Api", apiOrg, email);
        return await CurrentAsync(organizationId);
    }

    /// <summary>An amendment (<see cref="Target.Id"/>) of a reviewed organization, asking for a further model on the API.</summary>
    private async Task<Target> AmendmentAsync()
    {
        var organization = await ReviewedAsync();
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{organization.Id}/amendments", new { models = new[] { Luna } });
        var id = (await ExpectAsync(response, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        return new Target(id, await InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Amendments.Where(a => a.Id == id).Select(a => a.Version).SingleAsync()),
            Organization: organization.Id);
    }

    /// <summary>A case opened through the API about an organization's API organization ID, and so that organization's.</summary>
    private async Task<Target> SupportCaseAsync()
    {
        var (organizationId, apiOrg, _, _) = await base.UnderReviewAsync();
        using var response = await Client.PostAsJsonAsync("/api/v1/support-cases", CaseAbout(apiOrg));
        var opened = await ExpectAsync(response, HttpStatusCode.Created);
        Assert.Equal(organizationId, opened.GetProperty("organizationId").GetGuid());
        var id = opened.GetProperty("id").GetGuid();
        return new Target(id, await InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().SupportCases.Where(c => c.Id == id).Select(c => c.Version).SingleAsync()),
            Organization: organizationId);
    }

    private static object CaseAbout(string apiOrganizationId) => new
    {
        identifier = apiOrganizationId, email = NewEmail(), surfaces = "Api", errorMessage = "403 Forbidden", requestId = "req_123",
        occurredAt = "2026-01-15T10:00:00Z", category = "AccessProblem",
    };

    private async Task<Target> WebhookAsync()
    {
        var id = await WebhookArrangements.AnEndpointAsync(App, WebhookUrl, "grant.enabled");
        return new Target(id, await InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().WebhookEndpoints.Where(e => e.Id == id).Select(e => e.Version).SingleAsync()));
    }

    /// <summary>An endpoint (<see cref="Target.Id"/>) and a delivery to it that was delivered (<see cref="Target.Other"/>): one that can be resent.</summary>
    private async Task<Target> DeliveredWebhookAsync()
    {
        var endpoint = await WebhookAsync();
        var now = DateTimeOffset.UtcNow;
        var delivery = WebhookDelivery.Queue(endpoint.Id, WebhookEvent.TestEvent(now), now);
        delivery.Claim(now, TimeSpan.FromMinutes(1));
        delivery.Delivered(now, 200);
        await InScopeAsync(sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            db.WebhookDeliveries.Add(delivery);
            return db.SaveChangesAsync();
        });
        return endpoint with { Other = delivery.Id };
    }

    private Task<Target> CurrentAsync(Guid organizationId) => InScopeAsync(async sp =>
        new Target(organizationId, await sp.GetRequiredService<PortalDbContext>().Organizations.Where(o => o.Id == organizationId).Select(o => o.Version).SingleAsync(),
            Organization: organizationId));

    private Task<Target> GrantAsync(Guid grantId) => InScopeAsync(async sp =>
    {
        var grant = await sp.GetRequiredService<PortalDbContext>().Grants.Where(g => g.Id == grantId).Select(g => new { g.Version, g.OrganizationId }).SingleAsync();
        return new Target(grantId, grant.Version, Organization: grant.OrganizationId);
    });

    private Task<int> AuditCountAsync() => InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().AuditEvents.CountAsync());

    /// <summary>
    /// Posts a page's form as the browser would, with the antiforgery token of this person's session (taken from their
    /// home page's sign-out form). The form's own page is not fetched first: a person refused the page can still post.
    /// </summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string url, Dictionary<string, string> fields)
    {
        var home = await browser.GetPageAsync("/");
        var token = home.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException("The home page carries no antiforgery token.");
        fields["__RequestVerificationToken"] = token;
        using var content = new FormUrlEncodedContent(fields);
        return await browser.PostAsync(new Uri(url, UriKind.Relative), content);
    }

    private static string NewName() => "Org " + Guid.NewGuid().ToString("N")[..10];

    private static string NewEmail() => $"contact-{Guid.NewGuid():N}@partner.example";

    /// <summary>A public address (TEST-NET-3), accepted without a name to resolve, and never called: the dispatcher is off here.</summary>
    private const string WebhookUrl = "https://203.0.113.10/hooks";
}
