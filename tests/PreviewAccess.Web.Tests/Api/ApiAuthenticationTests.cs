using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Features.Staff;

namespace PreviewAccess.Web.Tests.Api;

/// <summary>API.md, Authentication: a bearer API key of an active staff user, its scopes, and nothing else.</summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class ApiAuthenticationTests(PostgresServer postgres) : ApiTest(postgres)
{
    /// <summary>Every endpoint with a key (all but accept), and the scope it needs.</summary>
    public static TheoryData<string, string, string> Endpoints => new()
    {
        { "GET", "/api/v1/access/check?surface=Api&identifier=org-abcdefghijklmnopqrstuvwx&email=a@b.example&model=gpt-5.6-sol", ApiScopes.AccessCheck },
        { "GET", "/api/v1/organizations", ApiScopes.OrgRead },
        { "POST", "/api/v1/organizations", ApiScopes.OrgWrite },
        { "GET", $"/api/v1/organizations/{Guid.Empty}", ApiScopes.OrgRead },
        { "POST", $"/api/v1/organizations/{Guid.Empty}/government-coordination", ApiScopes.OrgWrite },
        { "POST", $"/api/v1/organizations/{Guid.Empty}/suspend", ApiScopes.OrgWrite },
        { "POST", $"/api/v1/organizations/{Guid.Empty}/reinstate", ApiScopes.OrgWrite },
        { "POST", $"/api/v1/organizations/{Guid.Empty}/invitations", ApiScopes.OrgWrite },
        { "POST", $"/api/v1/invitations/{Guid.Empty}/resend", ApiScopes.OrgWrite },
        { "POST", $"/api/v1/invitations/{Guid.Empty}/revoke", ApiScopes.OrgWrite },
        { "POST", $"/api/v1/organizations/{Guid.Empty}/enrollment", ApiScopes.OrgWrite },
        { "POST", $"/api/v1/organizations/{Guid.Empty}/decisions", ApiScopes.OrgWrite },
        { "GET", $"/api/v1/grants/{Guid.Empty}", ApiScopes.OrgRead },
        { "POST", $"/api/v1/grants/{Guid.Empty}/approvals", ApiScopes.OrgWrite },
        { "POST", $"/api/v1/grants/{Guid.Empty}/suspend", ApiScopes.OrgWrite },
        { "POST", $"/api/v1/grants/{Guid.Empty}/reinstate", ApiScopes.OrgWrite },
        { "POST", $"/api/v1/grants/{Guid.Empty}/revoke", ApiScopes.OrgWrite },
        { "GET", "/api/v1/lookup?q=x", ApiScopes.OrgRead },
        { "POST", "/api/v1/support-cases", ApiScopes.OrgRead },
        { "GET", "/api/v1/models", ApiScopes.OrgRead },
        { "POST", "/api/v1/pricing/estimate", ApiScopes.OrgRead },
        { "GET", "/api/v1/audit", ApiScopes.OrgRead },
        { "GET", "/api/v1/audit/verify", ApiScopes.OrgRead },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_but_accept_answers_401_problem_details_without_a_key(string method, string path, string scope)
    {
        using var client = ClientWith(null);
        using var response = await SendAsync(client, method, path);

        var problem = await ExpectProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("API key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        _ = scope;
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_answers_403_to_a_key_with_every_scope_but_its_own(string method, string path, string scope)
    {
        using var client = ClientWith(await Data.KeyAsync(Admin.Id, [.. ApiScopes.All.Where(s => s != scope)]));
        using var response = await SendAsync(client, method, path);

        var problem = await ExpectProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains(scope, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var allowed = ClientWith(await Data.KeyAsync(Admin.Id, scope));
        using var withScope = await SendAsync(allowed, method, path);
        Assert.NotEqual(HttpStatusCode.Forbidden, withScope.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, withScope.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = method == "POST" ? JsonContent.Create(new { }) : null };
        return await client.SendAsync(request);
    }

    [Theory]
    [InlineData("Bearer pa_not-a-real-key")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("pa_no-scheme-at-all")]
    public async Task A_missing_or_unknown_key_is_401(string header)
    {
        using var client = ClientWith(null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);
        using var response = await client.GetAsync(new Uri("/api/v1/models", UriKind.Relative));
        await ExpectProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_huge_key_is_401_not_an_error()
    {
        using var client = ClientWith(new string('k', 100_000));
        using var response = await client.GetAsync(new Uri("/api/v1/models", UriKind.Relative));
        await ExpectProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_revoked_through_the_portal_is_401_at_once()
    {
        var secret = await Data.KeyAsync(Admin.Id, ApiScopes.OrgRead);
        using var client = ClientWith(secret);
        using (var before = await client.GetAsync(Models)) await ExpectAsync(before, HttpStatusCode.OK);

        var revoked = await InScopeAsync(async services =>
            await services.GetRequiredService<ApiKeyAdministration>().RevokeAsync(await KeyIdAsync(services, secret), CancellationToken.None));
        Assert.True(revoked.Succeeded);

        using var after = await client.GetAsync(Models);
        await ExpectProblemAsync(after, HttpStatusCode.Unauthorized);
    }

    /// <summary>Revoked by another instance or the command line: this instance stops trusting its verification within its freshness.</summary>
    [Fact]
    public async Task A_key_revoked_elsewhere_is_401_within_a_second()
    {
        var secret = await Data.KeyAsync(Admin.Id, ApiScopes.OrgRead);
        using var client = ClientWith(secret);
        using (var before = await client.GetAsync(Models)) await ExpectAsync(before, HttpStatusCode.OK);

        await InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<PortalDbContext>();
            var key = await db.ApiKeys.SingleAsync(k => k.KeyHash == Domain.Invitations.SecretToken.Hash(secret));
            key.Revoke(DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });

        await ExpectRefusedWithinFreshnessAsync(client, Stopwatch.StartNew());
    }

    [Fact]
    public async Task The_key_of_a_user_disabled_through_the_portal_is_401_at_once()
    {
        var staff = await Data.UserAsync(Roles.Support);
        using var client = ClientWith(await Data.KeyAsync(staff.Id, ApiScopes.OrgRead));
        using (var before = await client.GetAsync(Models)) await ExpectAsync(before, HttpStatusCode.OK);

        var disabled = await InScopeAsync(services => services.GetRequiredService<StaffUsers>().DisableAsync(staff.Id, CancellationToken.None));
        Assert.True(disabled.Succeeded);

        using var after = await client.GetAsync(Models);
        await ExpectProblemAsync(after, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_key_of_a_user_disabled_elsewhere_is_401_within_a_second()
    {
        var staff = await Data.UserAsync(Roles.Support);
        using var client = ClientWith(await Data.KeyAsync(staff.Id, ApiScopes.OrgRead));
        using (var before = await client.GetAsync(Models)) await ExpectAsync(before, HttpStatusCode.OK);

        await InScopeAsync(services => services.GetRequiredService<PortalDbContext>().Users.Where(u => u.Id == staff.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.IsDisabled, true)));

        await ExpectRefusedWithinFreshnessAsync(client, Stopwatch.StartNew());
    }

    /// <summary>
    /// Asks until two freshness periods have passed since the change and a request sent after the first was answered:
    /// every request sent after one period must be refused (the times are when requests were sent, so a slow answer,
    /// or one request stalled across the whole window by a busy machine, cannot make the test pass or fail wrongly).
    /// </summary>
    private static async Task ExpectRefusedWithinFreshnessAsync(HttpClient client, Stopwatch sinceChange)
    {
        var refused = 0;
        while (sinceChange.Elapsed < 2 * VerifiedApiKeys.Freshness || refused == 0)
        {
            Assert.True(sinceChange.Elapsed < TimeSpan.FromSeconds(60), "No request was answered after the change.");
            var sentAt = sinceChange.Elapsed;
            using var response = await client.GetAsync(Models);
            if (response.StatusCode == HttpStatusCode.Unauthorized) refused++;
            else if (sentAt >= VerifiedApiKeys.Freshness) Assert.Fail($"A request sent {sentAt.TotalMilliseconds:0} ms after the change was answered {(int)response.StatusCode}.");
            await Task.Delay(50);
        }

        Assert.True(refused > 0);
    }

    private static Uri Models => new("/api/v1/models", UriKind.Relative);

    private static Task<Guid> KeyIdAsync(IServiceProvider services, string secret) =>
        services.GetRequiredService<PortalDbContext>().ApiKeys.Where(k => k.KeyHash == Domain.Invitations.SecretToken.Hash(secret)).Select(k => k.Id).SingleAsync();

    [Fact]
    public async Task A_key_owned_by_a_partner_is_401()
    {
        var organizationId = await NominateAsync();
        var partner = await Data.UserAsync(Roles.Partner, organizationId: organizationId);
        using var client = ClientWith(await Data.KeyAsync(partner.Id, ApiScopes.OrgRead));

        using var response = await client.GetAsync(new Uri("/api/v1/models", UriKind.Relative));
        await ExpectProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_does_no_more_than_its_owner_may_a_support_key_carrying_org_write_reads_but_cannot_write()
    {
        // Written straight to the database, as a key made before owners' roles bounded scopes would be.
        var support = await Data.UserAsync(Roles.Support);
        using var client = ClientWith(await Data.KeyAsync(support.Id, ApiScopes.OrgRead, ApiScopes.OrgWrite));

        using (var read = await client.GetAsync(Models)) await ExpectAsync(read, HttpStatusCode.OK);
        using var write = await client.PostAsJsonAsync(new Uri("/api/v1/organizations", UriKind.Relative),
            new { name = "Support-made Ltd", country = "US", accountRepEmail = Rep.Email });
        var problem = await ExpectProblemAsync(write, HttpStatusCode.Forbidden);
        Assert.Contains("org:write", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(await InScopeAsync(services => services.GetRequiredService<PortalDbContext>().Organizations.AnyAsync(o => o.Name == "Support-made Ltd")));
    }

    [Fact]
    public async Task A_representative_moved_to_support_through_the_portal_loses_the_keys_writes_at_once()
    {
        var rep = await Data.UserAsync(Roles.AccountRep);
        using var client = ClientWith(await Data.KeyAsync(rep.Id, ApiScopes.OrgRead, ApiScopes.OrgWrite));
        var suspend = new Uri($"/api/v1/organizations/{Guid.NewGuid()}/suspend", UriKind.Relative);
        using (var before = await client.PostAsJsonAsync(suspend, new { reason = "Checking the scope" })) await ExpectProblemAsync(before, HttpStatusCode.NotFound);

        var changed = await InScopeAsync(services => services.GetRequiredService<StaffUsers>().ChangeRoleAsync(new ChangeStaffRoleInput(rep.Id, Roles.Support), CancellationToken.None));
        Assert.True(changed.Succeeded);

        using (var after = await client.PostAsJsonAsync(suspend, new { reason = "Checking the scope" })) await ExpectProblemAsync(after, HttpStatusCode.Forbidden);
        using (var read = await client.GetAsync(Models)) await ExpectAsync(read, HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_key_without_the_scope_is_403_and_says_which_scope()
    {
        using var client = ClientWith(await Data.KeyAsync(Admin.Id, ApiScopes.OrgRead));
        using var response = await client.GetAsync(new Uri("/api/v1/access/check?surface=Api&identifier=org-abcdefghijklmnopqrstuvwx&email=a@b.example&model=gpt-5.6-sol", UriKind.Relative));

        var problem = await ExpectProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("access:check", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cookie_of_a_signed_in_staff_user_opens_no_API_endpoint()
    {
        using var browser = ClientWith(null);
        await SignInAsync(browser, Admin);
        using (var home = await browser.GetAsync(new Uri("/", UriKind.Relative))) Assert.Equal(HttpStatusCode.OK, home.StatusCode);

        using var response = await browser.GetAsync(new Uri("/api/v1/models", UriKind.Relative));
        await ExpectProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task An_API_key_opens_no_page_and_beside_a_cookie_the_API_answers_as_the_key()
    {
        var secret = await Data.KeyAsync(Admin.Id, ApiScopes.OrgRead);
        using var keyOnly = ClientWith(secret);
        using (var page = await keyOnly.GetAsync(new Uri("/Admin/Organizations", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Contains("/Account/Login", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        // A signed-in browser that also sends a key with too narrow a scope: the API sees the key, not the cookie.
        using var browser = ClientWith(null);
        await SignInAsync(browser, Admin);
        var narrow = await Data.KeyAsync(Admin.Id, ApiScopes.AccessCheck);
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", narrow);
        using var response = await browser.GetAsync(new Uri("/api/v1/models", UriKind.Relative));
        await ExpectProblemAsync(response, HttpStatusCode.Forbidden);
        using (var page = await browser.GetAsync(new Uri("/Admin/Organizations", UriKind.Relative))) Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Actions_through_a_key_are_audited_as_its_owner()
    {
        var id = await NominateAsync();
        var actors = await InScopeAsync(services => services.GetRequiredService<PortalDbContext>().AuditEvents
            .Where(e => e.SubjectId == id.ToString()).Select(e => e.Actor).ToListAsync());
        Assert.Equal([Admin.Email], actors);
    }

    [Fact]
    public async Task Last_used_is_written_at_most_once_a_minute()
    {
        var secret = await Data.KeyAsync(Admin.Id, ApiScopes.OrgRead);
        using var client = ClientWith(secret);
        var hash = Domain.Invitations.SecretToken.Hash(secret);
        Task<DateTimeOffset?> LastUsedAsync() => InScopeAsync(services => services.GetRequiredService<PortalDbContext>().ApiKeys
            .Where(k => k.KeyHash == hash).Select(k => k.LastUsedAt).SingleAsync());

        using (var first = await client.GetAsync(new Uri("/api/v1/models", UriKind.Relative))) await ExpectAsync(first, HttpStatusCode.OK);
        var firstUse = await LastUsedAsync();
        Assert.NotNull(firstUse);

        using (var second = await client.GetAsync(new Uri("/api/v1/models", UriKind.Relative))) await ExpectAsync(second, HttpStatusCode.OK);
        Assert.Equal(firstUse, await LastUsedAsync());

        var longAgo = DateTimeOffset.UtcNow.AddMinutes(-5);
        await InScopeAsync(services => services.GetRequiredService<PortalDbContext>().ApiKeys.Where(k => k.KeyHash == hash)
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, longAgo)));
        // The key's verification is trusted for a second; the first request after it has read the old use records anew.
        await Task.Delay(VerifiedApiKeys.Freshness);
        using (var third = await client.GetAsync(new Uri("/api/v1/models", UriKind.Relative))) await ExpectAsync(third, HttpStatusCode.OK);
        Assert.True(await LastUsedAsync() > longAgo.AddMinutes(4));
    }
}
