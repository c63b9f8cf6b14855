using System.Net.Http.Json;

namespace PreviewAccess.Web.Tests.Api;

/// <summary>API.md, Organizations: nominate, read, list, government coordination, suspend and reinstate.</summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class OrganizationsApiTests(PostgresServer postgres) : ApiTest(postgres)
{
    [Fact]
    public async Task Creating_an_organization_answers_201_with_its_location_and_the_organization()
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/organizations", new
        {
            name = "Northwind Robotics", country = "US", accountRepEmail = " REP@api.example ", trustedAccessForCyber = true,
        });

        var body = await ExpectAsync(response, HttpStatusCode.Created);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/organizations/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Northwind Robotics", body.GetProperty("name").GetString());
        Assert.Equal("US", body.GetProperty("country").GetString());
        Assert.Equal("rep@api.example", body.GetProperty("accountRepEmail").GetString());
        Assert.Equal("Nominated", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("trustedAccessForCyber").GetBoolean());
        Assert.False(body.GetProperty("previousAlphaParticipant").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("governmentCoordination").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("enrollment").ValueKind);
        Assert.Equal(0, body.GetProperty("grants").GetArrayLength());
        Assert.Equal(0, body.GetProperty("invitations").GetArrayLength());
    }

    [Fact]
    public async Task Each_invalid_field_of_a_new_organization_is_named_in_camel_case()
    {
        using var empty = await Client.PostAsJsonAsync("/api/v1/organizations", new { });
        await ExpectInvalidAsync(empty, "name", "country", "accountRepEmail");

        using var tooLong = await Client.PostAsJsonAsync("/api/v1/organizations", new { name = new string('n', 201), country = "ZZ", accountRepEmail = Rep.Email });
        await ExpectInvalidAsync(tooLong, "name", "country");

        using var notARep = await Client.PostAsJsonAsync("/api/v1/organizations", new { name = "Acme", country = "US", accountRepEmail = Admin.Email });
        await ExpectInvalidAsync(notARep, "accountRepEmail");
    }

    [Fact]
    public async Task An_unknown_or_malformed_id_is_404()
    {
        using var unknown = await Client.GetAsync(new Uri($"/api/v1/organizations/{Guid.NewGuid()}", UriKind.Relative));
        await ExpectProblemAsync(unknown, HttpStatusCode.NotFound);

        using var malformed = await Client.GetAsync(new Uri("/api/v1/organizations/not-a-guid", UriKind.Relative));
        await ExpectProblemAsync(malformed, HttpStatusCode.NotFound);

        using var unknownSuspend = await Client.PostAsJsonAsync($"/api/v1/organizations/{Guid.NewGuid()}/suspend", new { reason = "Why not" });
        await ExpectProblemAsync(unknownSuspend, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_list_pages_by_limit_and_cursor_and_filters_by_text_and_status()
    {
        var prefix = "Paging " + Guid.NewGuid().ToString("N")[..6];
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await NominateAsync($"{prefix} {i}"));

        var seen = new List<Guid>();
        string? after = null;
        do
        {
            var url = $"/api/v1/organizations?q={Uri.EscapeDataString(prefix)}&limit=2" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after));
            using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
            var page = await ExpectAsync(response, HttpStatusCode.OK);
            Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetGuid()));
            after = page.GetProperty("next").GetString();
        }
        while (after is not null);

        Assert.Equal(ids, seen);

        var (organizationId, apiOrg, _, _) = await UnderReviewAsync();
        using var byIdentifier = await Client.GetAsync(new Uri($"/api/v1/organizations?q={apiOrg}&status=UnderReview", UriKind.Relative));
        var found = await ExpectAsync(byIdentifier, HttpStatusCode.OK);
        Assert.Equal(organizationId, Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, found.GetProperty("next").ValueKind);

        using var otherStatus = await Client.GetAsync(new Uri($"/api/v1/organizations?q={apiOrg}&status=Nominated", UriKind.Relative));
        Assert.Equal(0, (await ExpectAsync(otherStatus, HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("status=nominated", "status")]
    [InlineData("status=Pending", "status")]
    [InlineData("after=not-a-cursor", "after")]
    public async Task Malformed_list_parameters_are_400_on_their_own_field(string query, string field)
    {
        using var response = await Client.GetAsync(new Uri("/api/v1/organizations?" + query, UriKind.Relative));
        await ExpectInvalidAsync(response, field);
    }

    [Fact]
    public async Task Government_coordination_is_recorded_and_shown()
    {
        var id = await NominateAsync();
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{id}/government-coordination", new { sharedOn = "2026-01-15", reference = "USG-2026-0042" });

        var body = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal("2026-01-15", body.GetProperty("governmentCoordination").GetProperty("sharedOn").GetString());
        Assert.Equal("USG-2026-0042", body.GetProperty("governmentCoordination").GetProperty("reference").GetString());
    }

    [Fact]
    public async Task Government_coordination_needs_a_past_date_and_a_reference()
    {
        var id = await NominateAsync();
        using var missing = await Client.PostAsJsonAsync($"/api/v1/organizations/{id}/government-coordination", new { });
        await ExpectInvalidAsync(missing, "sharedOn", "reference");

        using var future = await Client.PostAsJsonAsync($"/api/v1/organizations/{id}/government-coordination",
            new { sharedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), reference = "X" });
        await ExpectInvalidAsync(future, "sharedOn");
    }

    [Fact]
    public async Task Suspending_and_reinstating_return_the_organization_and_refuse_what_the_state_does_not_allow()
    {
        var id = await NominateAsync();

        using var suspended = await Client.PostAsJsonAsync($"/api/v1/organizations/{id}/suspend", new { reason = "Under investigation." });
        Assert.Equal("Suspended", (await ExpectAsync(suspended, HttpStatusCode.OK)).GetProperty("status").GetString());

        using var again = await Client.PostAsJsonAsync($"/api/v1/organizations/{id}/suspend", new { reason = "Again." });
        var conflict = await ExpectProblemAsync(again, HttpStatusCode.Conflict);
        Assert.False(string.IsNullOrWhiteSpace(conflict.GetProperty("detail").GetString()));

        using var reinstated = await Client.PostAsJsonAsync($"/api/v1/organizations/{id}/reinstate", new { reason = "Cleared." });
        Assert.Equal("Nominated", (await ExpectAsync(reinstated, HttpStatusCode.OK)).GetProperty("status").GetString());

        using var notSuspended = await Client.PostAsJsonAsync($"/api/v1/organizations/{id}/reinstate", new { reason = "Cleared again." });
        await ExpectProblemAsync(notSuspended, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_suspension_needs_a_reason()
    {
        var id = await NominateAsync();
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{id}/suspend", new { reason = "  " });
        await ExpectInvalidAsync(response, "reason");

        using var tooLong = await Client.PostAsJsonAsync($"/api/v1/organizations/{id}/suspend", new { reason = new string('r', 1001) });
        await ExpectInvalidAsync(tooLong, "reason");
    }

    [Fact]
    public async Task Reads_need_org_read_and_writes_need_org_write()
    {
        var id = await NominateAsync();
        using var readOnly = ClientWith(await Data.KeyAsync(Admin.Id, "org:read"));
        using var writeOnly = ClientWith(await Data.KeyAsync(Admin.Id, "org:write"));

        using (var read = await readOnly.GetAsync(new Uri($"/api/v1/organizations/{id}", UriKind.Relative))) await ExpectAsync(read, HttpStatusCode.OK);
        using (var write = await readOnly.PostAsJsonAsync("/api/v1/organizations", new { name = "X", country = "US", accountRepEmail = Rep.Email }))
        {
            var problem = await ExpectProblemAsync(write, HttpStatusCode.Forbidden);
            Assert.Contains("org:write", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var read = await writeOnly.GetAsync(new Uri("/api/v1/organizations", UriKind.Relative))) await ExpectProblemAsync(read, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Timestamps_are_utc_with_a_z()
    {
        var id = await NominateAsync();
        await InviteAsync(id);
        using var response = await Client.GetAsync(new Uri($"/api/v1/organizations/{id}", UriKind.Relative));
        var invitation = (await ExpectAsync(response, HttpStatusCode.OK)).GetProperty("invitations")[0];

        Assert.EndsWith("Z", invitation.GetProperty("sentAt").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", invitation.GetProperty("expiresAt").GetString(), StringComparison.Ordinal);
        Assert.Equal("Pending", invitation.GetProperty("status").GetString());
        Assert.False(invitation.TryGetProperty("acceptUrl", out _));
    }
}
