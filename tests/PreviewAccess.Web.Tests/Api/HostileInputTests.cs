using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PreviewAccess.Web.Tests.Infrastructure;
using static PreviewAccess.Web.Tests.Api.ApiHarness;

namespace PreviewAccess.Web.Tests.Api;

/// <summary>
/// "Nothing a client sends may produce a 5xx": garbage bodies, wrong types, unknown enum spellings, huge and unstorable
/// strings and bad ids, sent to every endpoint, are each answered with a 4xx problem details.
/// </summary>
[Collection(PostgresCollectionDefinition.Name)]
public sealed class HostileInputTests(PostgresServer postgres) : IAsyncLifetime, IDisposable
{
    private static readonly string Huge = new('x', 200_000);

    private ApiHarness _api = null!;
    private Guid _organizationId;
    private Guid _enrollingId;
    private Guid _invitationId;
    private Guid _grantId;
    private string _apiOrg = string.Empty;
    private string _email = string.Empty;

    public async Task InitializeAsync()
    {
        _api = await StartAsync(postgres, "apihostile");
        (_organizationId, _apiOrg, _, _email) = await _api.UnderReviewAsync();
        _grantId = await _api.ApproveAsync(_organizationId, "Api", _apiOrg, _email);
        var invited = await _api.NominateAsync();
        (_invitationId, _) = await _api.InviteAsync(invited);
        _enrollingId = await _api.EnrollingAsync();
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    public void Dispose() => _api.Dispose();

    /// <summary>Every POST of the contract with a well-formed body, on ids that exist: the base each hostile body varies.</summary>
    private IEnumerable<(string Path, JsonObject Body)> Posts()
    {
        yield return ("/api/v1/organizations", new JsonObject { ["name"] = "Acme", ["country"] = "US", ["accountRepEmail"] = _api.Rep.Email, ["trustedAccessForCyber"] = false, ["previousAlphaParticipant"] = false });
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
                using var response = await _api.Client.PostAsync(new Uri(path, UriKind.Relative), content);
                await ExpectClientErrorAsync(response, $"POST {path} with {body}");
            }

            using var text = new StringContent("name=Acme", Encoding.UTF8, "text/plain");
            using var wrongType = await _api.Client.PostAsync(new Uri(path, UriKind.Relative), text);
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
            using var response = await _api.Client.PostAsync(new Uri(path, UriKind.Relative), body);
            var problem = await ExpectInvalidAsync(response, field);
            Assert.StartsWith(message, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }

        foreach (var surface in new[] { "api", "API", "1", "Api,Codex", "Chatgpt", " Api" })
        {
            using var response = await _api.Client.PostAsJsonAsync($"/api/v1/organizations/{_organizationId}/decisions",
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
                    using var response = await _api.Client.PostAsync(new Uri(path, UriKind.Relative),
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
            using var response = await _api.Client.GetAsync(new Uri(path, UriKind.Relative));
            await ExpectNoServerErrorAsync(response, "GET " + path[..Math.Min(path.Length, 120)]);
        }
    }

    [Fact]
    public async Task Text_the_database_cannot_store_is_400()
    {
        using var response = await _api.Client.PostAsJsonAsync("/api/v1/organizations", new { name = "Acme\u0000Corp", country = "US", accountRepEmail = _api.Rep.Email });
        await ExpectProblemAsync(response, HttpStatusCode.BadRequest);
    }

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
