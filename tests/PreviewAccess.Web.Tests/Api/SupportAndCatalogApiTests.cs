using System.Net.Http.Json;
using static PreviewAccess.Web.Tests.Hosting.TestData;

namespace PreviewAccess.Web.Tests.Api;

/// <summary>API.md, Support and Catalog and pricing: lookup, support cases with their diagnosis, models, estimates.</summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class SupportAndCatalogApiTests(PostgresServer postgres) : ApiTest(postgres)
{
    [Fact]
    public async Task Lookup_finds_an_organization_by_identifier_email_or_name_with_its_grants()
    {
        var (organizationId, apiOrg, workspace, email) = await UnderReviewAsync();
        var grantId = await ApproveAsync(organizationId, "Api", apiOrg, email);
        using (var read = await Client.GetAsync(new Uri($"/api/v1/organizations/{organizationId}", UriKind.Relative)))
        {
            var name = (await ExpectAsync(read, HttpStatusCode.OK)).GetProperty("name").GetString()!;
            foreach (var q in new[] { apiOrg, workspace, email.ToUpperInvariant(), name[2..].ToLowerInvariant() })
            {
                using var response = await Client.GetAsync(new Uri("/api/v1/lookup?q=" + Uri.EscapeDataString(q), UriKind.Relative));
                var found = Assert.Single((await ExpectAsync(response, HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
                Assert.Equal(organizationId, found.GetProperty("id").GetGuid());
                Assert.Equal("rep@api.example", found.GetProperty("accountRepEmail").GetString());
                Assert.Equal(grantId, Assert.Single(found.GetProperty("grants").EnumerateArray()).GetProperty("id").GetGuid());
            }
        }

        using var none = await Client.GetAsync(new Uri("/api/v1/lookup?q=" + NewApiOrganizationId(), UriKind.Relative));
        Assert.Equal(0, (await ExpectAsync(none, HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Lookup_needs_something_to_look_for()
    {
        using var empty = await Client.GetAsync(new Uri("/api/v1/lookup?q=%20", UriKind.Relative));
        await ExpectInvalidAsync(empty, "q");
        using var huge = await Client.GetAsync(new Uri("/api/v1/lookup?q=" + new string('a', 300), UriKind.Relative));
        await ExpectInvalidAsync(huge, "q");
    }

    [Fact]
    public async Task A_support_case_is_opened_with_the_access_decision_for_each_surface_it_names()
    {
        var (organizationId, apiOrg, _, email) = await UnderReviewAsync();
        await ApproveAsync(organizationId, "Api", apiOrg, email, Luna);

        await SettleAccessAsync();
        using var response = await Client.PostAsJsonAsync("/api/v1/support-cases", new
        {
            identifier = apiOrg, email, surfaces = "Both", errorMessage = "403 model_not_available", requestId = "req_123",
            occurredAt = "2026-11-25T10:00:00Z", category = "AccessProblem",
        });

        var body = await ExpectAsync(response, HttpStatusCode.Created);
        var caseId = body.GetProperty("id").GetGuid();
        var diagnosis = body.GetProperty("diagnosis").EnumerateArray().ToList();
        Assert.Equal(["Api", "Codex"], diagnosis.Select(d => d.GetProperty("surface").GetString()));
        // Without a model, the most favourable model of the catalog: Luna, which the grant includes.
        Assert.Equal("NotYetEnabled", diagnosis[0].GetProperty("reason").GetString());
        Assert.False(diagnosis[0].GetProperty("allowed").GetBoolean());
        Assert.Equal("NotApprovedForSurface", diagnosis[1].GetProperty("reason").GetString());
        Assert.All(diagnosis, d => Assert.False(string.IsNullOrWhiteSpace(d.GetProperty("nextStep").GetString())));

        var stored = await InScopeAsync(services => services.GetRequiredService<PortalDbContext>().SupportCases.SingleAsync(c => c.Id == caseId));
        Assert.Equal(organizationId, stored.OrganizationId);
        Assert.Equal("req_123", stored.RequestId);

        await SettleAccessAsync();
        using var withModel = await Client.PostAsJsonAsync("/api/v1/support-cases", new
        {
            identifier = apiOrg, email, surfaces = "Api", errorMessage = "403", requestId = "req_124", occurredAt = "2026-11-25T10:00:00Z",
            category = "AccessProblem", model = Sol,
        });
        Assert.Equal("ModelNotIncluded", (await ExpectAsync(withModel, HttpStatusCode.Created)).GetProperty("diagnosis")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_case_about_the_API_needs_the_request_id_and_timestamp()
    {
        await SettleAccessAsync();
        using var api = await Client.PostAsJsonAsync("/api/v1/support-cases", new
        {
            identifier = NewApiOrganizationId(), email = "a@b.example", surfaces = "Api", errorMessage = "403", category = "AccessProblem",
        });
        await ExpectInvalidAsync(api, "requestId", "occurredAt");

        using var codex = await Client.PostAsJsonAsync("/api/v1/support-cases", new
        {
            identifier = NewWorkspaceId(), email = "a@b.example", surfaces = "Codex", errorMessage = "Nothing comes back", category = "SlowOrEmptyResponse",
        });
        var body = await ExpectAsync(codex, HttpStatusCode.Created);
        Assert.Equal("UnknownIdentifier", body.GetProperty("diagnosis")[0].GetProperty("reason").GetString());

        using var empty = await Client.PostAsJsonAsync("/api/v1/support-cases", new { });
        await ExpectInvalidAsync(empty, "identifier", "email", "surfaces", "errorMessage", "category");

        using var unknownModel = await Client.PostAsJsonAsync("/api/v1/support-cases", new
        {
            identifier = NewWorkspaceId(), email = "a@b.example", surfaces = "Codex", errorMessage = "x", category = "TechnicalIssue", model = "gpt-4",
        });
        await ExpectInvalidAsync(unknownModel, "model");
    }

    [Fact]
    public async Task The_models_are_listed_with_their_prices()
    {
        using var response = await Client.GetAsync(new Uri("/api/v1/models", UriKind.Relative));
        var models = (await ExpectAsync(response, HttpStatusCode.OK)).EnumerateArray().ToList();

        Assert.Equal(["gpt-5.6-sol", "gpt-5.6-terra", "gpt-5.6-luna"], models.Select(m => m.GetProperty("id").GetString()));
        Assert.Equal("GPT-5.6 Sol", models[0].GetProperty("name").GetString());
        Assert.Equal(5.00m, models[0].GetProperty("inputPerMillion").GetDecimal());
        Assert.Equal(30.00m, models[0].GetProperty("outputPerMillion").GetDecimal());
    }

    [Fact]
    public async Task An_estimate_is_exact_with_cache_writes_at_125_percent_and_reads_at_10_percent()
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/pricing/estimate", new
        {
            model = "gpt-5.6-sol", uncachedInputTokens = 1_000_000, cacheWriteTokens = 1_000_000, cacheReadTokens = 1_000_000, outputTokens = 1,
        });
        var estimate = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal("gpt-5.6-sol", estimate.GetProperty("model").GetString());
        Assert.Equal(5m, estimate.GetProperty("uncachedInputUsd").GetDecimal());
        Assert.Equal(6.25m, estimate.GetProperty("cacheWriteUsd").GetDecimal());
        Assert.Equal(0.5m, estimate.GetProperty("cacheReadUsd").GetDecimal());
        Assert.Equal(0.00003m, estimate.GetProperty("outputUsd").GetDecimal());
        Assert.Equal(11.75003m, estimate.GetProperty("totalUsd").GetDecimal());

        using var luna = await Client.PostAsJsonAsync("/api/v1/pricing/estimate", new { model = "gpt-5.6-luna", cacheReadTokens = 3 });
        Assert.Equal(0.0000003m, (await ExpectAsync(luna, HttpStatusCode.OK)).GetProperty("totalUsd").GetDecimal());
    }

    [Fact]
    public async Task An_estimate_refuses_unknown_models_and_impossible_counts()
    {
        using var unknown = await Client.PostAsJsonAsync("/api/v1/pricing/estimate", new { model = "gpt-4", outputTokens = 1 });
        await ExpectInvalidAsync(unknown, "model");

        using var negative = await Client.PostAsJsonAsync("/api/v1/pricing/estimate", new { model = Sol, uncachedInputTokens = -1, outputTokens = long.MaxValue });
        await ExpectInvalidAsync(negative, "uncachedInputTokens", "outputTokens");
    }
}
