using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Web.Features.Rollout;

namespace PreviewAccess.Web.Tests.Api;

/// <summary>API.md, Waves: plan, place approved grants, open, pause, resume, read with counts by grant status.</summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class WavesApiTests(PostgresServer postgres) : ApiTest(postgres)
{
    private async Task<Guid> CreateWaveAsync(int capacity = 10, string? opensAt = null)
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/waves", new { name = "Wave " + Guid.NewGuid().ToString("N")[..6], opensAt = opensAt ?? "2099-12-03T09:00:00Z", capacity });
        return (await ExpectAsync(response, HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    /// <summary>An approved API grant of a new organization, with its government coordination recorded when asked.</summary>
    private async Task<Guid> ApprovedGrantAsync(bool coordinated = true)
    {
        var (organizationId, apiOrg, _, email) = await UnderReviewAsync();
        if (coordinated) await RecordGovernmentCoordinationAsync(organizationId);
        return await ApproveAsync(organizationId, "Api", apiOrg, email);
    }

    private Task<HttpResponseMessage> PostAsync(string path, object? body = null) =>
        body is null ? Client.PostAsync(new Uri(path, UriKind.Relative), null) : Client.PostAsJsonAsync(path, body);

    [Fact]
    public async Task A_wave_is_planned_filled_opened_and_its_grants_enabled_by_the_worker()
    {
        using var created = await Client.PostAsJsonAsync("/api/v1/waves", new { name = "  Wave EMEA  ", opensAt = "2099-12-03T10:00:00+01:00", capacity = 5 });
        var wave = await ExpectAsync(created, HttpStatusCode.Created);
        var id = wave.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/waves/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("Wave EMEA", wave.GetProperty("name").GetString());
        Assert.Equal("2099-12-03T09:00:00Z", wave.GetProperty("opensAt").GetString());
        Assert.Equal(5, wave.GetProperty("capacity").GetInt32());
        Assert.Equal("Planned", wave.GetProperty("state").GetString());

        var grants = new[] { await ApprovedGrantAsync(), await ApprovedGrantAsync() };
        using var assigned = await PostAsync($"/api/v1/waves/{id}/grants", new { grantIds = grants });
        var filled = await ExpectAsync(assigned, HttpStatusCode.OK);
        Assert.Equal(2, filled.GetProperty("counts").GetProperty("Scheduled").GetInt32());
        foreach (var grantId in grants)
        {
            using var grant = await Client.GetAsync(new Uri($"/api/v1/grants/{grantId}", UriKind.Relative));
            var body = await ExpectAsync(grant, HttpStatusCode.OK);
            Assert.Equal(("Scheduled", id), (body.GetProperty("status").GetString(), body.GetProperty("waveId").GetGuid()));
        }

        using var opened = await PostAsync($"/api/v1/waves/{id}/open");
        var open = await ExpectAsync(opened, HttpStatusCode.OK);
        Assert.Equal("Open", open.GetProperty("state").GetString());
        Assert.True(DateTimeOffset.Parse(open.GetProperty("opensAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture) <= DateTimeOffset.UtcNow);

        var worker = App.Services.GetRequiredService<EnablementWorker>();
        await worker.RunOnceAsync(CancellationToken.None);
        await worker.RunOnceAsync(CancellationToken.None);

        using var read = await Client.GetAsync(new Uri($"/api/v1/waves/{id}", UriKind.Relative));
        var after = await ExpectAsync(read, HttpStatusCode.OK);
        var counts = after.GetProperty("counts");
        Assert.Equal(2, counts.GetProperty("Enabled").GetInt32());
        Assert.Equal(0, counts.GetProperty("Scheduled").GetInt32());
        // Every status has its count, zero included, spelled as the contract spells it.
        Assert.Equal(["PendingSecondApproval", "Approved", "Scheduled", "Provisioning", "Enabled", "Suspended", "Revoked", "Expired"],
            counts.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_blocked_grant_stays_scheduled_with_its_blockers_until_they_clear()
    {
        var id = await CreateWaveAsync();
        var (organizationId, apiOrg, _, email) = await UnderReviewAsync();
        var grantId = await ApproveAsync(organizationId, "Api", apiOrg, email);
        using (var assigned = await PostAsync($"/api/v1/waves/{id}/grants", new { grantIds = new[] { grantId } })) await ExpectAsync(assigned, HttpStatusCode.OK);
        using (var opened = await PostAsync($"/api/v1/waves/{id}/open")) await ExpectAsync(opened, HttpStatusCode.OK);
        var worker = App.Services.GetRequiredService<EnablementWorker>();
        await worker.RunOnceAsync(CancellationToken.None);

        using (var grant = await Client.GetAsync(new Uri($"/api/v1/grants/{grantId}", UriKind.Relative)))
        {
            var body = await ExpectAsync(grant, HttpStatusCode.OK);
            Assert.Equal("Scheduled", body.GetProperty("status").GetString());
            Assert.Equal(["GovernmentCoordinationMissing"], body.GetProperty("blockers").EnumerateArray().Select(b => b.GetString()));
        }

        await RecordGovernmentCoordinationAsync(organizationId);
        await worker.RunOnceAsync(CancellationToken.None);
        await worker.RunOnceAsync(CancellationToken.None);
        using var read = await Client.GetAsync(new Uri($"/api/v1/waves/{id}", UriKind.Relative));
        Assert.Equal(1, (await ExpectAsync(read, HttpStatusCode.OK)).GetProperty("counts").GetProperty("Enabled").GetInt32());
    }

    [Fact]
    public async Task Each_invalid_field_of_a_new_wave_is_a_400_keyed_by_its_camelCase_name()
    {
        async Task ExpectFieldsAsync(object body, params string[] fields)
        {
            using var response = await Client.PostAsJsonAsync("/api/v1/waves", body);
            await ExpectInvalidAsync(response, fields);
        }

        await ExpectFieldsAsync(new { name = "", opensAt = "2099-01-01T00:00:00Z", capacity = 1 }, "name");
        await ExpectFieldsAsync(new { name = new string('w', 101), opensAt = "2099-01-01T00:00:00Z", capacity = 1 }, "name");
        await ExpectFieldsAsync(new { name = "Line\nbreak", opensAt = "2099-01-01T00:00:00Z", capacity = 1 }, "name");
        await ExpectFieldsAsync(new { name = "W", capacity = 1 }, "opensAt");
        await ExpectFieldsAsync(new { name = "W", opensAt = "1999-12-31T23:00:00Z", capacity = 1 }, "opensAt");
        await ExpectFieldsAsync(new { name = "W", opensAt = "2099-01-01T00:00:00Z" }, "capacity");
        await ExpectFieldsAsync(new { name = "W", opensAt = "2099-01-01T00:00:00Z", capacity = 0 }, "capacity");
        await ExpectFieldsAsync(new { name = "W", opensAt = "2099-01-01T00:00:00Z", capacity = 100_001 }, "capacity");
        await ExpectFieldsAsync(new { name = "W", opensAt = "2099-01-01T00:00:00Z", capacity = 1, enablementsPerMinute = 0 }, "enablementsPerMinute");
        await ExpectFieldsAsync(new { }, "name", "opensAt", "capacity");

        using var missing = await PostAsync($"/api/v1/waves/{await CreateWaveAsync()}/grants", new { });
        await ExpectInvalidAsync(missing, "grantIds");
        using var empty = await PostAsync($"/api/v1/waves/{await CreateWaveAsync()}/grants", new { grantIds = Array.Empty<Guid>() });
        await ExpectInvalidAsync(empty, "grantIds");
        using var unknownGrant = await PostAsync($"/api/v1/waves/{await CreateWaveAsync()}/grants", new { grantIds = new[] { Guid.NewGuid() } });
        await ExpectInvalidAsync(unknownGrant, "grantIds");
    }

    [Fact]
    public async Task Placing_grants_past_the_capacity_is_409_and_places_none_of_them()
    {
        var id = await CreateWaveAsync(capacity: 2);
        var grants = new[] { await ApprovedGrantAsync(), await ApprovedGrantAsync(), await ApprovedGrantAsync() };

        using var tooMany = await PostAsync($"/api/v1/waves/{id}/grants", new { grantIds = grants });
        var problem = await ExpectProblemAsync(tooMany, HttpStatusCode.Conflict);
        Assert.Contains("at most 2 grants", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using (var read = await Client.GetAsync(new Uri($"/api/v1/waves/{id}", UriKind.Relative)))
        {
            Assert.Equal(0, (await ExpectAsync(read, HttpStatusCode.OK)).GetProperty("counts").GetProperty("Scheduled").GetInt32());
        }

        using (var fits = await PostAsync($"/api/v1/waves/{id}/grants", new { grantIds = grants[..2] })) await ExpectAsync(fits, HttpStatusCode.OK);
        using var oneMore = await PostAsync($"/api/v1/waves/{id}/grants", new { grantIds = grants[2..] });
        await ExpectProblemAsync(oneMore, HttpStatusCode.Conflict);
        using var again = await PostAsync($"/api/v1/waves/{await CreateWaveAsync()}/grants", new { grantIds = grants[..1] });
        Assert.Contains("must be Approved", (await ExpectProblemAsync(again, HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transitions_the_state_does_not_allow_are_409_with_the_reason()
    {
        var id = await CreateWaveAsync();
        using (var pausePlanned = await PostAsync($"/api/v1/waves/{id}/pause"))
        {
            Assert.Contains("Only an open wave can be paused", (await ExpectProblemAsync(pausePlanned, HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var resumePlanned = await PostAsync($"/api/v1/waves/{id}/resume")) await ExpectProblemAsync(resumePlanned, HttpStatusCode.Conflict);
        using (var open = await PostAsync($"/api/v1/waves/{id}/open")) Assert.Equal("Open", (await ExpectAsync(open, HttpStatusCode.OK)).GetProperty("state").GetString());
        using (var openAgain = await PostAsync($"/api/v1/waves/{id}/open")) await ExpectProblemAsync(openAgain, HttpStatusCode.Conflict);
        using (var resumeOpen = await PostAsync($"/api/v1/waves/{id}/resume")) await ExpectProblemAsync(resumeOpen, HttpStatusCode.Conflict);
        using (var pause = await PostAsync($"/api/v1/waves/{id}/pause")) Assert.Equal("Paused", (await ExpectAsync(pause, HttpStatusCode.OK)).GetProperty("state").GetString());
        using (var pauseAgain = await PostAsync($"/api/v1/waves/{id}/pause")) await ExpectProblemAsync(pauseAgain, HttpStatusCode.Conflict);
        using (var openPaused = await PostAsync($"/api/v1/waves/{id}/open")) await ExpectProblemAsync(openPaused, HttpStatusCode.Conflict);
        using var resume = await PostAsync($"/api/v1/waves/{id}/resume");
        Assert.Equal("Open", (await ExpectAsync(resume, HttpStatusCode.OK)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Unknown_waves_are_404()
    {
        var unknown = Guid.NewGuid();
        using (var read = await Client.GetAsync(new Uri($"/api/v1/waves/{unknown}", UriKind.Relative))) await ExpectProblemAsync(read, HttpStatusCode.NotFound);
        using (var malformed = await Client.GetAsync(new Uri("/api/v1/waves/not-an-id", UriKind.Relative))) await ExpectProblemAsync(malformed, HttpStatusCode.NotFound);
        using (var assign = await PostAsync($"/api/v1/waves/{unknown}/grants", new { grantIds = new[] { await ApprovedGrantAsync() } })) await ExpectProblemAsync(assign, HttpStatusCode.NotFound);
        foreach (var action in new[] { "open", "pause", "resume" })
        {
            using var response = await PostAsync($"/api/v1/waves/{unknown}/{action}");
            await ExpectProblemAsync(response, HttpStatusCode.NotFound);
        }
    }

    public static TheoryData<string, string, string> Endpoints => new()
    {
        { "POST", "/api/v1/waves", ApiScopes.OrgWrite },
        { "GET", $"/api/v1/waves/{Guid.Empty}", ApiScopes.OrgRead },
        { "POST", $"/api/v1/waves/{Guid.Empty}/grants", ApiScopes.OrgWrite },
        { "POST", $"/api/v1/waves/{Guid.Empty}/open", ApiScopes.OrgWrite },
        { "POST", $"/api/v1/waves/{Guid.Empty}/pause", ApiScopes.OrgWrite },
        { "POST", $"/api/v1/waves/{Guid.Empty}/resume", ApiScopes.OrgWrite },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Without_a_key_every_wave_endpoint_is_401_and_without_its_scope_403(string method, string path, string scope)
    {
        using var anonymous = ClientWith(null);
        using (var response = await SendAsync(anonymous, method, path)) await ExpectProblemAsync(response, HttpStatusCode.Unauthorized);

        var otherScopes = ApiScopes.All.Where(s => s != scope).ToArray();
        using var wrongScope = ClientWith(await Data.KeyAsync(Rep.Id, otherScopes));
        using (var response = await SendAsync(wrongScope, method, path)) await ExpectProblemAsync(response, HttpStatusCode.Forbidden);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method == "POST") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Hostile_bodies_and_ids_never_reach_a_5xx()
    {
        var id = await CreateWaveAsync();
        var grantId = await ApprovedGrantAsync();
        JsonNode?[] hostile =
        [
            null, 12345, -1, 1e300, true, new JsonObject(), new JsonArray(), new string('x', 200_000), "", " ", "\u0000", "a\u0000b",
            "0001-01-01", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00", new JsonArray(null, null), new JsonArray("not-a-guid"),
            new JsonArray([.. Enumerable.Range(0, 10_001).Select(_ => (JsonNode?)Guid.NewGuid().ToString())]),
        ];
        var posts = new (string Path, JsonObject Body)[]
        {
            ("/api/v1/waves", new JsonObject { ["name"] = "W", ["opensAt"] = "2099-01-01T00:00:00Z", ["capacity"] = 1, ["enablementsPerMinute"] = 5 }),
            ($"/api/v1/waves/{id}/grants", new JsonObject { ["grantIds"] = new JsonArray(grantId.ToString()) }),
        };
        foreach (var (path, template) in posts)
        {
            foreach (var field in template.Select(p => p.Key).ToList())
            {
                foreach (var value in hostile)
                {
                    var body = template.DeepClone().AsObject();
                    body[field] = value?.DeepClone();
                    using var response = await Client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
                    Assert.True((int)response.StatusCode < 500, $"POST {path} with {field} = {value?.ToJsonString()[..Math.Min(60, value.ToJsonString().Length)] ?? "null"} answered {(int)response.StatusCode}");
                }
            }

            foreach (var garbage in new[] { "{", "null", "[]", "\"text\"", "42", "", "<xml/>" })
            {
                using var response = await Client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(garbage, Encoding.UTF8, "application/json"));
                Assert.True((int)response.StatusCode is >= 400 and < 500, $"POST {path} with {garbage} answered {(int)response.StatusCode}");
            }
        }

        foreach (var path in new[] { "/api/v1/waves/%01", "/api/v1/waves/" + new string('9', 5000), "/api/v1/waves/..%2F..%2Fetc", $"/api/v1/waves/{id}/grants/x" })
        {
            using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True((int)response.StatusCode < 500, $"GET {path[..Math.Min(60, path.Length)]} answered {(int)response.StatusCode}");
        }
    }
}
