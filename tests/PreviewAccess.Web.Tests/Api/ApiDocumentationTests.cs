using System.Text.Json;
using PreviewAccess.Data.Identity;

namespace PreviewAccess.Web.Tests.Api;

/// <summary>The OpenAPI document (public, at /openapi/v1.json) and the Scalar reference (staff only).</summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class ApiDocumentationTests(PostgresServer postgres) : ApiTest(postgres)
{
    /// <summary>Every route of API.md, as method and path template.</summary>
    private static readonly string[] ContractRoutes =
    [
        "GET /api/v1/access/check",
        "POST /api/v1/organizations",
        "GET /api/v1/organizations/{id}",
        "GET /api/v1/organizations",
        "POST /api/v1/organizations/{id}/government-coordination",
        "POST /api/v1/organizations/{id}/suspend",
        "POST /api/v1/organizations/{id}/reinstate",
        "POST /api/v1/organizations/{id}/invitations",
        "POST /api/v1/invitations/{id}/resend",
        "POST /api/v1/invitations/{id}/revoke",
        "POST /api/v1/invitations/accept",
        "POST /api/v1/organizations/{id}/enrollment",
        "POST /api/v1/organizations/{id}/decisions",
        "POST /api/v1/organizations/{id}/amendments",
        "GET /api/v1/organizations/{id}/amendments",
        "POST /api/v1/amendments/{id}/decisions",
        "POST /api/v1/grants/{id}/approvals",
        "GET /api/v1/grants/{id}",
        "POST /api/v1/grants/{id}/suspend",
        "POST /api/v1/grants/{id}/reinstate",
        "POST /api/v1/grants/{id}/revoke",
        "GET /api/v1/lookup",
        "POST /api/v1/support-cases",
        "GET /api/v1/models",
        "POST /api/v1/pricing/estimate",
        "GET /api/v1/audit",
        "GET /api/v1/audit/verify",
        "POST /api/v1/waves",
        "GET /api/v1/waves/{id}",
        "POST /api/v1/waves/{id}/grants",
        "POST /api/v1/waves/{id}/open",
        "POST /api/v1/waves/{id}/pause",
        "POST /api/v1/waves/{id}/resume",
    ];

    /// <summary>
    /// Every request body of API.md: the fields it requires, and those it leaves optional (marked <c>?</c> in API.md, or
    /// an addition to it). Every field of a body is one or the other.
    /// </summary>
    private static readonly Dictionary<string, (string[] Required, string[] Optional)> ContractRequestBodies = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/organizations"] = (["name", "country", "accountRepEmail"], ["trustedAccessForCyber", "previousAlphaParticipant"]),
        ["POST /api/v1/organizations/{id}/government-coordination"] = (["sharedOn", "reference"], []),
        ["POST /api/v1/organizations/{id}/suspend"] = (["reason"], []),
        ["POST /api/v1/organizations/{id}/reinstate"] = (["reason"], []),
        ["POST /api/v1/organizations/{id}/invitations"] = (["email"], []),
        ["POST /api/v1/invitations/accept"] = (["token", "displayName", "password"], []),
        ["POST /api/v1/organizations/{id}/enrollment"] = (["legalName", "country", "surfaces", "apiOrganizationIds", "codexWorkspaceIds", "accountEmails",
            "intendedUse", "customerFacing", "termsAccepted"], []),
        ["POST /api/v1/organizations/{id}/decisions"] = (["surface", "decision", "identifiers", "models", "accountEmails", "justification"], ["expiresOn", "partnerMessage"]),
        ["POST /api/v1/organizations/{id}/amendments"] = (["surfaces", "apiOrganizationIds", "codexWorkspaceIds", "accountEmails", "models", "renewGrantIds", "note"], []),
        ["POST /api/v1/amendments/{id}/decisions"] = (["surface", "decision", "identifiers", "models", "accountEmails", "justification"], ["expiresOn", "partnerMessage"]),
        ["POST /api/v1/grants/{id}/suspend"] = (["reason"], []),
        ["POST /api/v1/grants/{id}/reinstate"] = (["reason"], []),
        ["POST /api/v1/grants/{id}/revoke"] = (["reason"], []),
        // requestId and occurredAt are required only when the surfaces include Api, which the API checks itself; model is an addition.
        ["POST /api/v1/support-cases"] = (["identifier", "email", "surfaces", "errorMessage", "category"], ["requestId", "occurredAt", "model"]),
        ["POST /api/v1/pricing/estimate"] = (["model", "uncachedInputTokens", "cacheWriteTokens", "cacheReadTokens", "outputTokens"], []),
        // enablementsPerMinute is an addition (60 when absent).
        ["POST /api/v1/waves"] = (["name", "opensAt", "capacity"], ["enablementsPerMinute"]),
        ["POST /api/v1/waves/{id}/grants"] = (["grantIds"], []),
    };

    /// <summary>The one route without a key (API.md, Authentication).</summary>
    private const string AnonymousRoute = "POST /api/v1/invitations/accept";

    [Fact]
    public async Task Text_fields_of_the_bodies_are_documented_as_strings_whatever_converter_reads_them()
    {
        using var anonymous = ClientWith(null);
        var schemas = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative))).RootElement
            .GetProperty("components").GetProperty("schemas");
        foreach (var (schema, property) in new[] { ("CreateOrganizationRequest", "name"), ("ReasonRequest", "reason"), ("AcceptInvitationRequest", "password") })
        {
            var type = schemas.GetProperty(schema).GetProperty("properties").GetProperty(property).GetProperty("type");
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToList() : [type.GetString()];
            Assert.Contains("string", types);
        }

        Assert.Equal("string", schemas.GetProperty("SurfaceDecisionRequest").GetProperty("properties").GetProperty("models").GetProperty("items").GetProperty("type").GetString());
        Assert.Equal("Required when surfaces is Api or Both.", schemas.GetProperty("OpenSupportCaseInput").GetProperty("properties").GetProperty("requestId").GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_every_route_of_the_contract_with_its_answer_types()
    {
        using var anonymous = ClientWith(null);
        var document = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative))).RootElement;

        var listed = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet(StringComparer.Ordinal);
        Assert.All(ContractRoutes, route => Assert.Contains(route, listed));

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                Assert.True(operation.Value.TryGetProperty("operationId", out _), $"{operation.Name} {path.Name} has no operationId");
                var success = operation.Value.GetProperty("responses").EnumerateObject().First(r => r.Name.StartsWith('2'));
                Assert.True(success.Value.TryGetProperty("content", out _), $"{operation.Name} {path.Name} does not describe its answer");
            }
        }
    }

    [Fact]
    public async Task The_OpenAPI_document_spells_enums_as_the_contract_does_and_describes_the_key()
    {
        using var anonymous = ClientWith(null);
        var document = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative))).RootElement;
        var schemas = document.GetProperty("components").GetProperty("schemas");

        Assert.Equal(["Api", "Codex", "ChatGPT"], schemas.GetProperty("Surface").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["Nominated", "Invited", "Enrolling", "UnderReview", "Reviewed", "Suspended"],
            schemas.GetProperty("OrganizationStatus").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["GovernmentCoordinationMissing", "TermsNotAccepted", "OrganizationSuspended"],
            schemas.GetProperty("GrantView").GetProperty("properties").GetProperty("blockers").GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("scheme").GetString());

        var accept = document.GetProperty("paths").GetProperty("/api/v1/invitations/accept").GetProperty("post");
        Assert.False(accept.TryGetProperty("security", out _));
        var check = document.GetProperty("paths").GetProperty("/api/v1/access/check").GetProperty("get");
        Assert.True(check.TryGetProperty("security", out _));
        var parameters = check.GetProperty("parameters").EnumerateArray()
            .Select(p => (p.GetProperty("name").GetString(), p.GetProperty("in").GetString(), p.TryGetProperty("required", out var r) && r.GetBoolean(), p.GetProperty("schema").GetProperty("type").GetString()))
            .ToList();
        Assert.Equal([("surface", "query", true, "string"), ("identifier", "query", true, "string"), ("email", "query", true, "string"), ("model", "query", true, "string"), ("country", "query", false, "string")], parameters);
    }

    [Fact]
    public async Task Every_request_body_requires_exactly_the_fields_the_contract_requires()
    {
        var document = await OpenApiDocumentAsync();
        var bodies = Operations(document).Where(o => o.Operation.TryGetProperty("requestBody", out _)).ToList();
        Assert.Equal(ContractRequestBodies.Keys.Order(StringComparer.Ordinal), bodies.Select(o => o.Route).Order(StringComparer.Ordinal));

        foreach (var (route, operation) in bodies)
        {
            var reference = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
            var schema = Resolve(document, reference);
            var (required, optional) = ContractRequestBodies[route];
            var listed = schema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()!).ToList() : [];
            Assert.True(required.Order(StringComparer.Ordinal).SequenceEqual(listed.Order(StringComparer.Ordinal), StringComparer.Ordinal),
                $"{route} ({reference}) requires [{string.Join(", ", listed)}]; API.md requires [{string.Join(", ", required)}]");
            var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
            Assert.Equal(required.Concat(optional).Order(StringComparer.Ordinal), properties);
        }
    }

    [Fact]
    public async Task Every_operation_lists_the_refusals_of_its_key_its_scope_and_its_rate_limit()
    {
        var document = await OpenApiDocumentAsync();
        var operations = Operations(document).ToList();
        Assert.Contains(operations, o => o.Route == AnonymousRoute);

        foreach (var (route, operation) in operations)
        {
            var responses = operation.GetProperty("responses");
            if (route == AnonymousRoute)
            {
                Assert.False(responses.TryGetProperty("401", out _), $"{route} needs no key, yet lists 401");
                Assert.False(responses.TryGetProperty("403", out _), $"{route} needs no scope, yet lists 403");
            }
            else
            {
                Assert.True(ExpectProblem(document, route, responses, "401").GetProperty("headers").TryGetProperty("WWW-Authenticate", out _), $"{route}: 401 without WWW-Authenticate");
                Assert.Contains("scope", ExpectProblem(document, route, responses, "403").GetProperty("description").GetString(), StringComparison.Ordinal);
            }

            var retryAfter = ExpectProblem(document, route, responses, "429").GetProperty("headers").GetProperty("Retry-After");
            Assert.Equal("integer", retryAfter.GetProperty("schema").GetProperty("type").GetString());
        }

        var check = operations.Single(o => o.Route == "GET /api/v1/access/check").Operation.GetProperty("responses");
        Assert.Contains("access:check", check.GetProperty("403").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_API_reference_is_for_signed_in_staff_only()
    {
        using var anonymous = ClientWith(null);
        using var redirected = await anonymous.GetAsync(new Uri("/scalar", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.Contains("/Account/Login", redirected.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var withKey = ClientWith(AdminKey);
        using var keyOnly = await withKey.GetAsync(new Uri("/scalar", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, keyOnly.StatusCode);

        var partnerOrganization = await NominateAsync();
        var partner = await Data.UserAsync(Roles.Partner, organizationId: partnerOrganization);
        using var partnerBrowser = ClientWith(null);
        await SignInAsync(partnerBrowser, partner);
        using var refused = await partnerBrowser.GetAsync(new Uri("/scalar", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }

    [Fact]
    public async Task The_API_reference_runs_its_one_inline_script_under_a_nonce_and_loads_nothing_from_elsewhere()
    {
        var support = await Data.UserAsync(Roles.Support);
        using var browser = ClientWith(null);
        await SignInAsync(browser, support);

        using var page = await browser.GetAsync(new Uri("/scalar/", UriKind.Relative));
        var html = await ExpectHtmlAsync(page);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        var nonce = System.Text.RegularExpressions.Regex.Match(csp, "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.DoesNotContain("unsafe-inline'; img", csp.Split("script-src")[1].Split(';')[0], StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains($"nonce=\"{nonce}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.jsdelivr", html, StringComparison.Ordinal);
        Assert.DoesNotContain("fonts.scalar.com", html, StringComparison.Ordinal);

        using var again = await browser.GetAsync(new Uri("/scalar/", UriKind.Relative));
        Assert.DoesNotContain(nonce, string.Join(";", again.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);

        var script = System.Text.RegularExpressions.Regex.Match(html, "<script[^>]+src=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(script.StartsWith("http", StringComparison.Ordinal), script);
        using var bundle = await browser.GetAsync(new Uri(new Uri("https://localhost/scalar/"), script));
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
    }

    private async Task<JsonElement> OpenApiDocumentAsync()
    {
        using var anonymous = ClientWith(null);
        return JsonDocument.Parse(await anonymous.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative))).RootElement;
    }

    private static IEnumerable<(string Route, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => ($"{operation.Name.ToUpperInvariant()} {path.Name}", operation.Value)));

    /// <summary>The component a local <c>$ref</c> points to; fails when the document does not hold it.</summary>
    private static JsonElement Resolve(JsonElement document, string reference)
    {
        const string prefix = "#/components/schemas/";
        Assert.StartsWith(prefix, reference, StringComparison.Ordinal);
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty(reference[prefix.Length..], out var schema), $"{reference} is not in the document");
        return schema;
    }

    /// <summary>The response of that status, asserted to be problem details (RFC 9457) as the API writes it.</summary>
    private static JsonElement ExpectProblem(JsonElement document, string route, JsonElement responses, string status)
    {
        Assert.True(responses.TryGetProperty(status, out var response), $"{route} does not list {status}");
        var schema = response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
        Assert.True(Resolve(document, schema.GetProperty("$ref").GetString()!).GetProperty("properties").TryGetProperty("detail", out _));
        return response;
    }

    private static async Task<string> ExpectHtmlAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {response.Headers.Location}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }
}
