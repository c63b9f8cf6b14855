using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;
using PreviewAccess.Web.Tests.Settings;
using static PreviewAccess.Web.Tests.Hosting.TestData;

namespace PreviewAccess.Web.Tests.Authorization;

/// <summary>
/// DOMAIN.md's Roles, proved once for every write: each use case × each role × the representative's own portfolio and
/// another's, through the page (a signed-in browser, antiforgery included) and through the API (the role's key). Allowed
/// means the change happened (the audit log grew); refused means 403 on the API, the access-denied page on pages, and
/// nothing recorded.
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
    }

    /// <summary>The people who try each write. <see cref="OtherRep"/> is a representative whose portfolio does not hold the organization.</summary>
    private enum As
    {
        Admin,
        OwnRep,
        OtherRep,
        Support,
        Partner,
    }

    private enum Via
    {
        Page,
        Api,
    }

    /// <summary>What a write acts on, made fresh for each attempt by the arranging admin.</summary>
    private sealed record Target(Guid Id, int Version = 0, Guid Other = default);

    private sealed record WriteCase(
        string Name,
        Who Who,
        Func<Task<Target>> Arrange,
        Func<HttpClient, Target, Task<HttpResponseMessage>>? Api,
        (string Url, Func<Target, Dictionary<string, string>> Fields)? Page);

    private readonly Dictionary<As, TestUser> _people = [];
    private readonly Dictionary<As, HttpClient> _browsers = [];
    private readonly Dictionary<As, HttpClient> _keys = [];
    private HttpClient _secondArranger = null!;

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
        _people[As.Partner] = await Data.UserAsync(Roles.Partner, organizationId: await NominateAsync());
        foreach (var (who, person) in _people)
        {
            var browser = App.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
            await SignInAsync(browser, person);
            _browsers[who] = browser;
            // A key carries what its owner's role allows (Roles.ApiScopesFor); a partner has none.
            if (who != As.Partner) _keys[who] = ClientWith(await Data.KeyAsync(person.Id, Roles.ApiScopesFor([RoleOf(who)]).ToArray()));
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
                    if (via == Via.Api && (write.Api is null || who == As.Partner)) continue;
                    if (via == Via.Page && write.Page is null) continue;
                    attempts++;
                    var target = await write.Arrange();
                    var before = await AuditCountAsync();
                    using var response = via == Via.Api
                        ? await write.Api!(_keys[who], target)
                        : await PostFormAsync(_browsers[who], write.Page!.Value.Url.Replace("{id}", $"{target.Id}", StringComparison.Ordinal).Replace("{other}", $"{target.Other}", StringComparison.Ordinal), write.Page.Value.Fields(target));
                    var recorded = await AuditCountAsync() - before;
                    var expected = Allowed(write.Who, who);
                    var observed = Describe(response, via, recorded, out var allowed, out var refused);
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
        As.Admin => true,
        As.OwnRep => rule != Who.AdminOnly,
        As.OtherRep => rule == Who.ProgramStaff,
        _ => false,
    };

    private static string RoleOf(As who) => who switch
    {
        As.Admin => Roles.Admin,
        As.OwnRep or As.OtherRep => Roles.AccountRep,
        As.Support => Roles.Support,
        _ => Roles.Partner,
    };

    /// <summary>
    /// Allowed: a 2xx (API) or a redirect back into the portal (the page's Post/Redirect/Get), and the change recorded.
    /// Refused: 403 (API) or the access-denied page, and nothing recorded.
    /// </summary>
    private static string Describe(HttpResponseMessage response, Via via, int recorded, out bool allowed, out bool refused)
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
            allowed = status == 302 && !deniedPage && !location.Contains("/Account/Login", StringComparison.Ordinal) && recorded > 0;
            refused = deniedPage && recorded == 0;
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
        return new Target(grant.Id, wave.Version, wave.Id);
    }

    private Task<Target> CurrentAsync(Guid organizationId) => InScopeAsync(async sp =>
        new Target(organizationId, await sp.GetRequiredService<PortalDbContext>().Organizations.Where(o => o.Id == organizationId).Select(o => o.Version).SingleAsync()));

    private Task<Target> GrantAsync(Guid grantId) => InScopeAsync(async sp =>
        new Target(grantId, await sp.GetRequiredService<PortalDbContext>().Grants.Where(g => g.Id == grantId).Select(g => g.Version).SingleAsync()));

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
}
