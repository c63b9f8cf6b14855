using System.Net.Http.Json;
using System.Text.Json;
using static PreviewAccess.Web.Tests.Hosting.TestData;

namespace PreviewAccess.Web.Tests.Api;

/// <summary>API.md, Access check: malformed input is 400; well-formed input is answered by the access decision, at once.</summary>
[Collection(UndisturbedCollectionDefinition.Name)]
public sealed class AccessCheckApiTests(PostgresServer postgres) : ApiTest(postgres)
{
    [Theory]
    [InlineData("surface=api&identifier=org-abcdefghijklmnopqrstuvwx&email=a@b.example&model=gpt-5.6-sol", "surface")]
    [InlineData("surface=0&identifier=org-abcdefghijklmnopqrstuvwx&email=a@b.example&model=gpt-5.6-sol", "surface")]
    [InlineData("identifier=org-abcdefghijklmnopqrstuvwx&email=a@b.example&model=gpt-5.6-sol", "surface")]
    [InlineData("surface=Api&identifier=my-workspace&email=a@b.example&model=gpt-5.6-sol", "identifier")]
    [InlineData("surface=Api&identifier=org-abcdefghijklmnopqrstuvw&email=a@b.example&model=gpt-5.6-sol", "identifier")]
    [InlineData("surface=Codex&identifier=ws&email=a@b.example&model=gpt-5.6-sol", "identifier")]
    [InlineData("surface=ChatGPT&identifier=not%20an%20id&email=a@b.example&model=gpt-5.6-sol", "identifier")]
    [InlineData("surface=Api&identifier=org-abcdefghijklmnopqrstuvwx&email=not-an-email&model=gpt-5.6-sol", "email")]
    [InlineData("surface=Api&identifier=org-abcdefghijklmnopqrstuvwx&email=a@b.example&model=gpt-4", "model")]
    [InlineData("surface=Api&identifier=org-abcdefghijklmnopqrstuvwx&email=a@b.example", "model")]
    [InlineData("surface=Api&identifier=org-abcdefghijklmnopqrstuvwx&email=a@b.example&model=gpt-5.6-sol&country=XX", "country")]
    [InlineData("surface=Api&identifier=org-abcdefghijklmnopqrstuvwx&email=a@b.example&model=gpt-5.6-sol&country=USA", "country")]
    public async Task Malformed_input_is_400_on_its_field(string query, string field)
    {
        using var response = await Client.GetAsync(new Uri("/api/v1/access/check?" + query, UriKind.Relative));
        await ExpectInvalidAsync(response, field);
    }

    [Fact]
    public async Task ChatGPT_is_never_in_the_preview_whatever_the_identifier()
    {
        var answer = await CheckAsync("ChatGPT", "org-abcdefghijklmnopqrstuvwx", "a@b.example");
        Assert.False(answer.GetProperty("allowed").GetBoolean());
        Assert.Equal("SurfaceNotInPreview", answer.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("organizationId").ValueKind);
        Assert.Contains("not ChatGPT", answer.GetProperty("nextStep").GetString(), StringComparison.Ordinal);

        Assert.Equal("SurfaceNotInPreview", (await CheckAsync("ChatGPT", "my_workspace", "a@b.example")).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_unknown_identifier_and_email_are_UnknownIdentifier()
    {
        var answer = await CheckAsync("Api", NewApiOrganizationId(), "nobody@nowhere.example");
        Assert.Equal("UnknownIdentifier", answer.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrWhiteSpace(answer.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task An_enabled_grant_is_allowed_and_every_change_shows_within_a_second()
    {
        var (organizationId, apiOrg, workspace, email) = await UnderReviewAsync();
        var grantId = await ApproveAsync(organizationId, "Api", apiOrg, email, Sol);

        var approved = await WithinASecondAsync("NotYetEnabled", "Api", apiOrg, email);
        Assert.Equal("NotYetEnabled", approved.GetProperty("reason").GetString());
        Assert.Equal(organizationId, approved.GetProperty("organizationId").GetGuid());

        await RecordGovernmentCoordinationAsync(organizationId);
        await EnableAsync(grantId);

        var allowed = await WithinASecondAsync("Allowed", "Api", apiOrg, " " + email.ToUpperInvariant() + " ");
        Assert.True(allowed.GetProperty("allowed").GetBoolean());
        Assert.Equal("Allowed", allowed.GetProperty("reason").GetString());

        Assert.Equal("UnsupportedRegion", (await CheckAsync("Api", apiOrg, email, country: "ru")).GetProperty("reason").GetString());
        Assert.Equal("Allowed", (await CheckAsync("Api", apiOrg, email, country: "DE")).GetProperty("reason").GetString());
        Assert.Equal("ModelNotIncluded", (await CheckAsync("Api", apiOrg, email, model: Luna)).GetProperty("reason").GetString());
        Assert.Equal("EmailNotApproved", (await CheckAsync("Api", apiOrg, "someone-else@partner.example")).GetProperty("reason").GetString());
        Assert.Equal("IdentifierNotInScope", (await CheckAsync("Api", NewApiOrganizationId(), email)).GetProperty("reason").GetString());
        Assert.Equal("NotApprovedForSurface", (await CheckAsync("Codex", workspace, email)).GetProperty("reason").GetString());

        using (var suspend = await Client.PostAsJsonAsync($"/api/v1/grants/{grantId}/suspend", new { reason = "Investigating." })) await ExpectAsync(suspend, HttpStatusCode.OK);
        Assert.Equal("Suspended", (await WithinASecondAsync("Suspended", "Api", apiOrg, email)).GetProperty("reason").GetString());

        using (var reinstate = await Client.PostAsJsonAsync($"/api/v1/grants/{grantId}/reinstate", new { reason = "Cleared." })) await ExpectAsync(reinstate, HttpStatusCode.OK);
        Assert.Equal("Allowed", (await WithinASecondAsync("Allowed", "Api", apiOrg, email)).GetProperty("reason").GetString());

        using (var suspend = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/suspend", new { reason = "Investigating." })) await ExpectAsync(suspend, HttpStatusCode.OK);
        Assert.Equal("Suspended", (await WithinASecondAsync("Suspended", "Api", apiOrg, email)).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_organization_found_by_email_alone_answers_for_its_own_identifiers()
    {
        var (_, apiOrg, _, email) = await UnderReviewAsync();
        var answer = await WithinASecondAsync("NotApprovedForSurface", "Api", NewApiOrganizationId(), email);
        Assert.Equal("NotApprovedForSurface", answer.GetProperty("reason").GetString());
        _ = apiOrg;
    }

    [Fact]
    public async Task The_access_check_needs_the_access_check_scope_and_nothing_more()
    {
        using var gateway = ClientWith(await Data.KeyAsync(Admin.Id, "access:check"));
        using var check = await gateway.GetAsync(new Uri($"/api/v1/access/check?surface=Api&identifier={NewApiOrganizationId()}&email=a@b.example&model={Sol}", UriKind.Relative));
        await ExpectAsync(check, HttpStatusCode.OK);

        using var organizations = await gateway.GetAsync(new Uri("/api/v1/organizations", UriKind.Relative));
        await ExpectProblemAsync(organizations, HttpStatusCode.Forbidden);
    }

    private async Task<JsonElement> CheckAsync(string surface, string identifier, string email, string model = Sol, string? country = null)
    {
        var query = $"surface={surface}&identifier={Uri.EscapeDataString(identifier)}&email={Uri.EscapeDataString(email)}&model={model}"
            + (country is null ? "" : "&country=" + country);
        using var response = await Client.GetAsync(new Uri("/api/v1/access/check?" + query, UriKind.Relative));
        return await ExpectAsync(response, HttpStatusCode.OK);
    }

    /// <summary>
    /// The answer once a change has had its second to arrive (API.md: "reflected here within 1 second"): asks again
    /// until the reason is <paramref name="expected"/> or the second is up, and returns the last answer.
    /// </summary>
    private async Task<JsonElement> WithinASecondAsync(string expected, string surface, string identifier, string email)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var answer = await CheckAsync(surface, identifier, email);
            if (answer.GetProperty("reason").GetString() == expected || clock.Elapsed > TimeSpan.FromSeconds(1)) return answer;
            await Task.Delay(25);
        }
    }
}
