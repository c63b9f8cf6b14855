using System.Net;
using System.Net.Http.Json;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;
using PreviewAccess.Web.Tests.Settings;

namespace PreviewAccess.Web.Tests.Api;

/// <summary>API.md, grants: read, suspend, reinstate, revoke.</summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class GrantsApiTests(PostgresServer postgres) : ApiTest(postgres)
{
    [Fact]
    public async Task A_grant_is_read_by_its_id()
    {
        var (organizationId, apiOrg, _, email) = await UnderReviewAsync();
        var grantId = await ApproveAsync(organizationId, "Api", apiOrg, email);

        using var response = await Client.GetAsync(new Uri($"/api/v1/grants/{grantId}", UriKind.Relative));
        var grant = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal(grantId, grant.GetProperty("id").GetGuid());
        Assert.Equal(apiOrg, grant.GetProperty("identifier").GetString());
        Assert.Equal("Approved", grant.GetProperty("status").GetString());

        using var unknown = await Client.GetAsync(new Uri($"/api/v1/grants/{Guid.NewGuid()}", UriKind.Relative));
        await ExpectProblemAsync(unknown, HttpStatusCode.NotFound);
        using var malformed = await Client.GetAsync(new Uri("/api/v1/grants/zzz", UriKind.Relative));
        await ExpectProblemAsync(malformed, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Suspend_reinstate_and_revoke_follow_the_lifecycle_and_refuse_the_rest_with_409()
    {
        var (organizationId, apiOrg, _, email) = await UnderReviewAsync();
        var grantId = await ApproveAsync(organizationId, "Api", apiOrg, email);
        async Task<HttpResponseMessage> ActAsync(string action) =>
            await Client.PostAsJsonAsync($"/api/v1/grants/{grantId}/{action}", new { reason = $"Because: {action}." });

        using (var suspended = await ActAsync("suspend")) Assert.Equal("Suspended", (await ExpectAsync(suspended, HttpStatusCode.OK)).GetProperty("status").GetString());
        using (var again = await ActAsync("suspend")) await ExpectProblemAsync(again, HttpStatusCode.Conflict);
        using (var reinstated = await ActAsync("reinstate")) Assert.Equal("Approved", (await ExpectAsync(reinstated, HttpStatusCode.OK)).GetProperty("status").GetString());
        using (var notSuspended = await ActAsync("reinstate")) await ExpectProblemAsync(notSuspended, HttpStatusCode.Conflict);
        using (var revoked = await ActAsync("revoke")) Assert.Equal("Revoked", (await ExpectAsync(revoked, HttpStatusCode.OK)).GetProperty("status").GetString());
        using (var revokedAgain = await ActAsync("revoke")) await ExpectProblemAsync(revokedAgain, HttpStatusCode.Conflict);
        using (var suspendRevoked = await ActAsync("suspend")) await ExpectProblemAsync(suspendRevoked, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_grant_change_needs_a_reason_and_an_existing_grant()
    {
        var (organizationId, apiOrg, _, email) = await UnderReviewAsync();
        var grantId = await ApproveAsync(organizationId, "Api", apiOrg, email);

        foreach (var action in new[] { "suspend", "reinstate", "revoke" })
        {
            using var empty = await Client.PostAsJsonAsync($"/api/v1/grants/{grantId}/{action}", new { reason = "" });
            await ExpectInvalidAsync(empty, "reason");
            using var unknown = await Client.PostAsJsonAsync($"/api/v1/grants/{Guid.NewGuid()}/{action}", new { reason = "x" });
            await ExpectProblemAsync(unknown, HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task A_second_approval_of_a_grant_that_needs_none_is_409()
    {
        var (organizationId, apiOrg, _, email) = await UnderReviewAsync();
        var grantId = await ApproveAsync(organizationId, "Api", apiOrg, email);

        var other = await Data.UserAsync(Roles.Admin);
        using var otherClient = ClientWith(await Data.KeyAsync(other.Id, ApiScopes.OrgWrite));
        using var response = await otherClient.PostAsync(new Uri($"/api/v1/grants/{grantId}/approvals", UriKind.Relative), null);
        await ExpectProblemAsync(response, HttpStatusCode.Conflict);

        using var unknown = await otherClient.PostAsync(new Uri($"/api/v1/grants/{Guid.NewGuid()}/approvals", UriKind.Relative), null);
        await ExpectProblemAsync(unknown, HttpStatusCode.NotFound);
    }
}

/// <summary>With the program's second approval on (its setting), a grant waits for a second, different staff user.</summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class SecondApprovalApiTests(PostgresServer postgres) : ApiTest(postgres)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.RequireSecondApprovalAsync();
    }

    [Fact]
    public async Task The_second_approval_must_come_from_another_staff_user()
    {
        var (organizationId, apiOrg, _, email) = await UnderReviewAsync();
        var grantId = await ApproveAsync(organizationId, "Api", apiOrg, email);
        using (var pending = await Client.GetAsync(new Uri($"/api/v1/grants/{grantId}", UriKind.Relative)))
        {
            Assert.Equal("PendingSecondApproval", (await ExpectAsync(pending, HttpStatusCode.OK)).GetProperty("status").GetString());
        }

        using var sameUser = await Client.PostAsync(new Uri($"/api/v1/grants/{grantId}/approvals", UriKind.Relative), null);
        var problem = await ExpectProblemAsync(sameUser, HttpStatusCode.Conflict);
        Assert.Contains("different staff user", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var second = await Data.UserAsync(Roles.Admin);
        using var secondClient = ClientWith(await Data.KeyAsync(second.Id, ApiScopes.OrgWrite));
        using var approved = await secondClient.PostAsync(new Uri($"/api/v1/grants/{grantId}/approvals", UriKind.Relative), null);
        Assert.Equal("Approved", (await ExpectAsync(approved, HttpStatusCode.OK)).GetProperty("status").GetString());

        using var again = await secondClient.PostAsync(new Uri($"/api/v1/grants/{grantId}/approvals", UriKind.Relative), null);
        await ExpectProblemAsync(again, HttpStatusCode.Conflict);
    }
}
