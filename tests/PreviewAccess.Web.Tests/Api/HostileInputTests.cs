using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using static PreviewAccess.Web.Tests.Hosting.TestData;

namespace PreviewAccess.Web.Tests.Api;

[Collection(ApiCollectionDefinition.Name)]
public sealed class HostileInputOnPostgresTests(PostgresServer postgres) : HostileInputTests(postgres, DatabaseProvider.Postgres);

[Collection(ApiCollectionDefinition.Name)]
public sealed class HostileInputOnSqliteTests(PostgresServer postgres) : HostileInputTests(postgres, DatabaseProvider.Sqlite);

/// <summary>
/// "Nothing a client sends may produce a 5xx": garbage bodies, wrong types, unknown enum spellings, huge and unstorable
/// strings and bad ids, sent to every endpoint, are each answered with a 4xx problem details; and text meets the one
/// rule (<c>InputText</c>) with its error on the field, identically on both databases.
/// </summary>
public abstract class HostileInputTests(PostgresServer postgres, DatabaseProvider provider) : ApiTest(postgres, provider)
{
    private static readonly string Huge = new('x', 200_000);

    private Guid _organizationId;
    private Guid _enrollingId;
    private Guid _invitationId;
    private Guid _grantId;
    private string _apiOrg = string.Empty;
    private string _email = string.Empty;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (_organizationId, _apiOrg, _, _email) = await UnderReviewAsync();
        _grantId = await ApproveAsync(_organizationId, "Api", _apiOrg, _email);
        var invited = await NominateAsync();
        (_invitationId, _) = await InviteAsync(invited);
        _enrollingId = await EnrollingAsync();
    }

    /// <summary>Every POST of the contract with a well-formed body, on ids that exist: the base each hostile body varies.</summary>
    private IEnumerable<(string Path, JsonObject Body)> Posts()
    {
        yield return ("/api/v1/organizations", new JsonObject { ["name"] = "Acme", ["country"] = "US", ["accountRepEmail"] = Rep.Email, ["trustedAccessForCyber"] = false, ["previousAlphaParticipant"] = false });
        yield return ($"/api/v1/organizations/{_organizationId}/government-coordination", new JsonObject { ["sharedOn"] = "2026-01-15", ["reference"] = "USG-1" });
        yield return ($"/api/v1/organizations/{_organizationId}/suspend", new JsonObject { ["reason"] = "Why" });
        yield return ($"/api/v1/organizations/{_organizationId}/reinstate", new JsonObject { ["reason"] = "Why" });
        yield return ($"/api/v1/organizations/{_organizationId}/invitations", new JsonObject { ["email"] = "a@b.example" });
        yield return ($"/api/v1/invitations/{_invitationId}/resend", new JsonObject());
        yield return ($"/api/v1/invitations/{_invitationId}/revoke", new JsonObject());
        yield return ("/api/v1/invitations/accept", new JsonObject { ["token"] = "abc", ["displayName"] = "Pat", ["password"] = "long-enough-password" });
        yield return ($"/api/v1/organizations/{_enrollingId}/enrollment", JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Enrollment(NewApiOrganizationId(), NewWorkspaceId(), "x@partner.example")))!.AsObject());
        yield return ($"/api/v1/organizations/{_organizationId}/decisions", new JsonObject
        {
            ["surface"] = "Api", ["decision"] = "Approve", ["identifiers"] = new JsonArray(_apiOrg), ["models"] = new JsonArray(Sol),
            ["accountEmails"] = new JsonArray(_email), ["justification"] = "x", ["expiresOn"] = "2099-01-01",
        });
        yield return ($"/api/v1/grants/{_grantId}/approvals", new JsonObject());
        yield return ($"/api/v1/grants/{_grantId}/suspend", new JsonObject { ["reason"] = "Why" });
        yield return ($"/api/v1/grants/{_grantId}/reinstate", new JsonObject { ["reason"] = "Why" });
        yield return ($"/api/v1/grants/{_grantId}/revoke", new JsonObject { ["reason"] = "Why" });
        yield return ("/api/v1/support-cases", new JsonObject
        {
            ["identifier"] = _apiOrg, ["email"] = _email, ["surfaces"] = "Both", ["errorMessage"] = "403", ["requestId"] = "req_1",
            ["occurredAt"] = "2026-11-25T10:00:00Z", ["category"] = "AccessProblem",
        });
        yield return ("/api/v1/pricing/estimate", new JsonObject { ["model"] = Sol, ["uncachedInputTokens"] = 1, ["cacheWriteTokens"] = 1, ["cacheReadTokens"] = 1, ["outputTokens"] = 1 });
    }

    [Fact]
    public async Task Bodies_that_are_not_the_expected_JSON_object_are_400_problem_details()
    {
        string[] garbage = ["{", "{\"name\":", "null", "[]", "\"text\"", "42", "true", "", "{\"a\":1}}", "\u0000", "<xml/>"];
        // The resend, revoke and second-approval endpoints take no body: whatever is sent is not read.
        foreach (var (path, _) in Posts().Where(post => post.Body.Count > 0))
        {
            foreach (var body in garbage)
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await Client.PostAsync(new Uri(path, UriKind.Relative), content);
                await ExpectClientErrorAsync(response, $"POST {path} with {body}");
            }

            using var text = new StringContent("name=Acme", Encoding.UTF8, "text/plain");
            using var wrongType = await Client.PostAsync(new Uri(path, UriKind.Relative), text);
            await ExpectClientErrorAsync(wrongType, $"POST {path} as text/plain");
        }
    }

    [Fact]
    public async Task Malformed_JSON_wrong_types_and_unknown_enum_spellings_are_400_with_the_error_on_the_field()
    {
        foreach (var (path, content, field, message) in new[]
                 {
                     ("/api/v1/organizations", "{\"name\": \"Acme\", ", "body", "The body is not valid JSON"),
                     ("/api/v1/organizations", "{\"name\": 12, \"country\": [\"US\"], \"accountRepEmail\": {}}", "name", "Give text."),
                     ("/api/v1/organizations", "{\"name\": \"Acme\", \"country\": \"US\", \"accountRepEmail\": \"rep@api.example\", \"trustedAccessForCyber\": \"yes\"}", "trustedAccessForCyber", "Give true or false."),
                     ($"/api/v1/organizations/{_organizationId}/decisions", "{\"surface\": 0, \"decision\": 1, \"justification\": \"x\"}", "surface", "Give one of: Api, Codex, ChatGPT."),
                     ($"/api/v1/organizations/{_organizationId}/decisions", "{\"surface\": \"Api\", \"decision\": \"approve\", \"justification\": \"x\"}", "decision", "Give one of: "),
                     ($"/api/v1/organizations/{_organizationId}/decisions", "{\"surface\": \"Api\", \"decision\": \"Approve\", \"models\": [\"gpt-5.6-sol\", 5]}", "models[1]", "Give text."),
                     ($"/api/v1/organizations/{_enrollingId}/enrollment", "{\"surfaces\": [\"api\"]}", "surfaces[0]", "Give one of: Api, Codex, ChatGPT."),
                     ($"/api/v1/organizations/{_organizationId}/government-coordination", "{\"sharedOn\": \"2026-13-45\", \"reference\": \"USG-1\"}", "sharedOn", "Give a date, e.g. 2026-12-01."),
                     ("/api/v1/support-cases", "{\"surfaces\": \"Both\", \"occurredAt\": \"yesterday\"}", "occurredAt", "Give a timestamp in ISO 8601"),
                     ("/api/v1/pricing/estimate", "{\"model\": \"gpt-5.6-sol\", \"outputTokens\": \"5\"}", "outputTokens", "Give a number."),
                 })
        {
            using var body = new StringContent(content, Encoding.UTF8, "application/json");
            using var response = await Client.PostAsync(new Uri(path, UriKind.Relative), body);
            var problem = await ExpectInvalidAsync(response, field);
            Assert.StartsWith(message, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }

        foreach (var surface in new[] { "api", "API", "1", "Api,Codex", "Chatgpt", " Api" })
        {
            using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{_organizationId}/decisions",
                new { surface, decision = "Decline", justification = "x" });
            await ExpectInvalidAsync(response, "surface");
        }
    }

    [Fact]
    public async Task Every_field_of_every_body_survives_hostile_values()
    {
        JsonNode?[] hostile =
        [
            null, 12345, -1, 1e300, true, new JsonObject(), new JsonArray(), Huge, "", " ", "api", "\u0000", "a\u0000b@x.example",
            "0001-01-01", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00", new JsonArray(null, null), new JsonArray(Huge),
            new JsonArray([.. Enumerable.Range(0, 5000).Select(i => (JsonNode?)$"org-{i:D24}")]),
        ];
        foreach (var (path, template) in Posts())
        {
            foreach (var field in template.Select(p => p.Key).ToList())
            {
                foreach (var value in hostile)
                {
                    var body = template.DeepClone().AsObject();
                    body[field] = value?.DeepClone();
                    using var response = await Client.PostAsync(new Uri(path, UriKind.Relative),
                        new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
                    await ExpectNoServerErrorAsync(response, $"POST {path} with {field} = {Describe(value)}");
                }
            }
        }
    }

    [Fact]
    public async Task Hostile_query_strings_never_reach_a_5xx()
    {
        var hugeParameter = Uri.EscapeDataString(new string('q', 20_000));
        string[] paths =
        [
            $"/api/v1/access/check?surface=Api&identifier={hugeParameter}&email={hugeParameter}&model={hugeParameter}&country={hugeParameter}",
            $"/api/v1/access/check?surface=ChatGPT&identifier=org-{new string('a', 24)}&email=a%00b@x.example&model=gpt-5.6-sol",
            "/api/v1/access/check?surface=Codex&identifier=abc%00&email=a@b.example&model=gpt-5.6-sol",
            "/api/v1/access/check?surface=Api&surface=Codex&identifier=org-abcdefghijklmnopqrstuvwx&email=a@b.example&model=gpt-5.6-sol",
            $"/api/v1/organizations?q={hugeParameter}&status={hugeParameter}&limit={hugeParameter}&after={hugeParameter}",
            "/api/v1/organizations?q=%00&limit=99999999999999999999&after=%00",
            "/api/v1/organizations?q=a%00b",
            "/api/v1/lookup?q=%00",
            "/api/v1/lookup?q=a%25_%5C",
            $"/api/v1/lookup?q={hugeParameter}",
            "/api/v1/audit?limit=-5&after=99999999999999999999999",
            "/api/v1/audit?after=%00",
            "/api/v1/organizations/00000000-0000-0000-0000-000000000000",
            // (A NUL in the path itself is refused by the server before the app; the in-memory test server cannot send one.)
            "/api/v1/organizations/%01",
            "/api/v1/organizations/{id}",
            "/api/v1/grants/..%2F..%2Fetc%2Fpasswd",
            "/api/v1/grants/" + new string('9', 5000),
        ];
        foreach (var path in paths)
        {
            using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
            await ExpectNoServerErrorAsync(response, "GET " + path[..Math.Min(path.Length, 120)]);
        }
    }

    [Fact]
    public async Task Text_the_database_cannot_store_is_400_on_its_field()
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/organizations", new { name = "Acme\u0000Corp", country = "US", accountRepEmail = Rep.Email });
        var problem = await ExpectInvalidAsync(response, "name");
        Assert.Equal("Remove the invisible control character U+0000 from this text.", problem.GetProperty("errors").GetProperty("name")[0].GetString());
    }

    [Theory]
    [InlineData("/api/v1/lookup?q=%00")]
    [InlineData("/api/v1/lookup?q=a%00b")]
    [InlineData("/api/v1/lookup?q=%01")]
    [InlineData("/api/v1/lookup?q=Acme%0ACorp")]
    [InlineData("/api/v1/organizations?q=%00")]
    [InlineData("/api/v1/organizations?q=a%1Bb")]
    [InlineData("/api/v1/organizations?q=%EF%BF%BE")]
    public async Task A_search_with_a_refused_character_is_400_on_q_never_every_organization(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        await ExpectInvalidAsync(response, "q");
    }

    [Theory]
    [InlineData("Acme\u0007Corp", "U+0007")]
    [InlineData("Acme\u009BCorp", "U+009B")]
    [InlineData("\u0000", "U+0000")]
    [InlineData("Acme\nCorp", "one line")]
    [InlineData("Acme\tCorp", "one line")]
    [InlineData("Acme\uFDD0", "not a character")]
    public async Task A_control_character_or_line_break_in_an_organization_name_is_400_on_name_and_nothing_is_stored(string name, string expected)
    {
        var before = await CountOrganizationsAsync();
        using var response = await Client.PostAsJsonAsync("/api/v1/organizations", new { name, country = "US", accountRepEmail = Rep.Email });
        var problem = await ExpectInvalidAsync(response, "name");
        Assert.Contains(expected, problem.GetProperty("errors").GetProperty("name")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await CountOrganizationsAsync());
    }

    [Fact]
    public async Task A_lone_surrogate_is_400_on_its_field_even_inside_a_list()
    {
        foreach (var (path, json, field) in new[]
                 {
                     ("/api/v1/organizations", $"{{\"name\": \"Acme\\ud800\", \"country\": \"US\", \"accountRepEmail\": \"{Rep.Email}\"}}", "name"),
                     ("/api/v1/organizations", $"{{\"name\": \"\\udc00Acme\", \"country\": \"US\", \"accountRepEmail\": \"{Rep.Email}\"}}", "name"),
                     ($"/api/v1/organizations/{_organizationId}/decisions", "{\"surface\": \"Api\", \"decision\": \"Decline\", \"accountEmails\": [\"a@b.example\", \"x\\ud83d\"], \"justification\": \"x\"}", "accountEmails[1]"),
                     ($"/api/v1/organizations/{_organizationId}/suspend", "{\"reason\": \"Why\\ud800\"}", "reason"),
                 })
        {
            using var body = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await Client.PostAsync(new Uri(path, UriKind.Relative), body);
            var problem = await ExpectInvalidAsync(response, field);
            Assert.Contains("lone surrogate", problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Names_are_stored_composed_and_trimmed_and_a_search_in_either_form_finds_them()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var organizationId = await NominateAsync($"  Cafe\u0301 {unique} ");

        using var read = await Client.GetAsync(new Uri($"/api/v1/organizations/{organizationId}", UriKind.Relative));
        Assert.Equal($"Caf\u00e9 {unique}", (await ExpectAsync(read, HttpStatusCode.OK)).GetProperty("name").GetString());
        foreach (var query in new[] { $"Cafe\u0301 {unique}", $"caf\u00e9 {unique}" })
        {
            using var lookup = await Client.GetAsync(new Uri("/api/v1/lookup?q=" + Uri.EscapeDataString(query), UriKind.Relative));
            var items = (await ExpectAsync(lookup, HttpStatusCode.OK)).GetProperty("items");
            Assert.Equal(organizationId, Assert.Single(items.EnumerateArray()).GetProperty("id").GetGuid());
            using var list = await Client.GetAsync(new Uri("/api/v1/organizations?q=" + Uri.EscapeDataString(query), UriKind.Relative));
            Assert.Single((await ExpectAsync(list, HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        }
    }

    [Fact]
    public async Task Multi_line_fields_keep_their_line_breaks_as_LF()
    {
        var enrolling = await EnrollingAsync();
        var enrollment = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Enrollment(NewApiOrganizationId(), null, $"dev-{Guid.NewGuid():N}@partner.example")))!.AsObject();
        enrollment["intendedUse"] = "Code review:\r\n\t- pull requests\r\n\t- nightly builds\r\n";
        using (var enrolled = await Client.PostAsync(new Uri($"/api/v1/organizations/{enrolling}/enrollment", UriKind.Relative),
                   new StringContent(enrollment.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            await ExpectAsync(enrolled, HttpStatusCode.Created);
        }

        using var read = await Client.GetAsync(new Uri($"/api/v1/organizations/{enrolling}", UriKind.Relative));
        Assert.Equal("Code review:\n\t- pull requests\n\t- nightly builds", (await ExpectAsync(read, HttpStatusCode.OK)).GetProperty("enrollment").GetProperty("intendedUse").GetString());

        using var suspended = await Client.PostAsJsonAsync($"/api/v1/organizations/{enrolling}/suspend", new { reason = "First line\r\nSecond line" });
        await ExpectAsync(suspended, HttpStatusCode.OK);
        var reason = await InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Organizations.AsNoTracking().Where(o => o.Id == enrolling).Select(o => o.SuspensionReason).SingleAsync());
        Assert.Equal("First line\nSecond line", reason);
    }

    private Task<int> CountOrganizationsAsync() => InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Organizations.CountAsync());

    private static string Describe(JsonNode? value)
    {
        var json = value?.ToJsonString() ?? "null";
        return json.Length > 60 ? json[..60] + "…" : json;
    }

    private static async Task ExpectClientErrorAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{what} answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task ExpectNoServerErrorAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{what} answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 400)]}");
    }
}
