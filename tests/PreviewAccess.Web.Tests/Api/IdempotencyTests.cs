using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using PreviewAccess.Web.Api;

namespace PreviewAccess.Web.Tests.Api;

/// <summary>API.md, Idempotency: a POST with an Idempotency-Key is safe to retry.</summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class IdempotencyTests(PostgresServer postgres) : ApiTest(postgres)
{
    protected override FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_retried_create_gets_the_first_answer_and_creates_nothing_more()
    {
        var name = "Idempotent " + Guid.NewGuid().ToString("N")[..8];
        using var first = await PostOrganizationAsync(Client, "create-1", name);
        var created = await ExpectAsync(first, HttpStatusCode.Created);

        using var retry = await PostOrganizationAsync(Client, "create-1", name);
        var replayed = await ExpectAsync(retry, HttpStatusCode.Created);

        Assert.Equal(created.GetProperty("id").GetGuid(), replayed.GetProperty("id").GetGuid());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues(IdempotentPosts.ReplayedHeader)));
        Assert.False(first.Headers.Contains(IdempotentPosts.ReplayedHeader));
        Assert.Equal(1, await CountOrganizationsNamedAsync(name));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_conflict_and_does_no_work()
    {
        var name = "First " + Guid.NewGuid().ToString("N")[..8];
        using var first = await PostOrganizationAsync(Client, "reused", name);
        await ExpectAsync(first, HttpStatusCode.Created);

        var other = "Other " + Guid.NewGuid().ToString("N")[..8];
        using var reused = await PostOrganizationAsync(Client, "reused", other);
        var problem = await ExpectProblemAsync(reused, HttpStatusCode.Conflict);
        Assert.Contains("different request", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountOrganizationsNamedAsync(other));
    }

    [Fact]
    public async Task Keys_belong_to_the_API_key_that_sent_them()
    {
        var otherKey = await Data.KeyAsync(Admin.Id, "org:read", "org:write");
        using var otherClient = ClientWith(otherKey);
        var name = "Shared key " + Guid.NewGuid().ToString("N")[..8];

        using var mine = await PostOrganizationAsync(Client, "same-key", name);
        using var theirs = await PostOrganizationAsync(otherClient, "same-key", name);

        await ExpectAsync(mine, HttpStatusCode.Created);
        await ExpectAsync(theirs, HttpStatusCode.Created);
        Assert.False(theirs.Headers.Contains(IdempotentPosts.ReplayedHeader));
        Assert.Equal(2, await CountOrganizationsNamedAsync(name));
    }

    [Fact]
    public async Task A_refusal_is_an_answer_too_and_is_replayed()
    {
        using var first = await PostAsync(Client, "/api/v1/organizations", "refused", new { name = "", country = "US", accountRepEmail = Rep.Email });
        await ExpectInvalidAsync(first, "name");

        using var retry = await PostAsync(Client, "/api/v1/organizations", "refused", new { name = "", country = "US", accountRepEmail = Rep.Email });
        await ExpectInvalidAsync(retry, "name");
        Assert.True(retry.Headers.Contains(IdempotentPosts.ReplayedHeader));
    }

    [Fact]
    public async Task After_24_hours_the_key_is_forgotten_and_the_work_runs_again()
    {
        var name = "Next day " + Guid.NewGuid().ToString("N")[..8];
        using var first = await PostOrganizationAsync(Client, "daily", name);
        await ExpectAsync(first, HttpStatusCode.Created);

        Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        using var tomorrow = await PostOrganizationAsync(Client, "daily", name);
        await ExpectAsync(tomorrow, HttpStatusCode.Created);
        Assert.False(tomorrow.Headers.Contains(IdempotentPosts.ReplayedHeader));
        Assert.Equal(2, await CountOrganizationsNamedAsync(name));

        // The cleanup keeps what is inside the window and deletes what is past it (the hourly worker may get there first).
        await InScopeAsync(sp => ActivatorUtilities.CreateInstance<IdempotentRequestsCleanup>(sp).RunOnceAsync(CancellationToken.None));
        Assert.Equal(1, await CountKeptAsync("daily"));
        Clock.Advance(TimeSpan.FromHours(25));
        await InScopeAsync(sp => ActivatorUtilities.CreateInstance<IdempotentRequestsCleanup>(sp).RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await CountKeptAsync("daily"));
    }

    [Fact]
    public async Task Concurrent_retries_do_the_work_once()
    {
        var name = "Raced " + Guid.NewGuid().ToString("N")[..8];
        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostOrganizationAsync(Client, "raced", name)));
        try
        {
            Assert.All(attempts, response => Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{response.StatusCode}"));
            Assert.Contains(attempts, response => response.StatusCode == HttpStatusCode.Created && !response.Headers.Contains(IdempotentPosts.ReplayedHeader));
            Assert.Equal(1, await CountOrganizationsNamedAsync(name));
        }
        finally
        {
            foreach (var response in attempts) response.Dispose();
        }
    }

    [Theory]
    [InlineData("tab\there")]
    [InlineData("é-not-ascii")]
    public async Task A_malformed_key_is_refused_on_the_header(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/organizations")
        {
            Content = JsonContent.Create(new { name = "Never made", country = "US", accountRepEmail = Rep.Email }),
        };
        request.Headers.TryAddWithoutValidation(IdempotentPosts.Header, key);
        using var response = await Client.SendAsync(request);
        await ExpectInvalidAsync(response, IdempotentPosts.Header);
        Assert.Equal(0, await CountOrganizationsNamedAsync("Never made"));
    }

    [Fact]
    public async Task A_key_longer_than_255_characters_is_refused()
    {
        using var response = await PostAsync(Client, "/api/v1/organizations", new string('k', 256), new { name = "Too long key", country = "US", accountRepEmail = Rep.Email });
        await ExpectInvalidAsync(response, IdempotentPosts.Header);
    }

    [Fact]
    public async Task The_OpenAPI_document_offers_the_header_on_each_POST_with_a_key()
    {
        using var response = await App.CreateClient().GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var document = await ExpectAsync(response, HttpStatusCode.OK);
        var create = document.GetProperty("paths").GetProperty("/api/v1/organizations").GetProperty("post");
        Assert.Contains(create.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == IdempotentPosts.Header);
        var accept = document.GetProperty("paths").GetProperty("/api/v1/invitations/accept").GetProperty("post");
        Assert.False(accept.TryGetProperty("parameters", out var parameters)
            && parameters.EnumerateArray().Any(p => p.GetProperty("name").GetString() == IdempotentPosts.Header));
    }

    private Task<HttpResponseMessage> PostOrganizationAsync(HttpClient client, string key, string name) =>
        PostAsync(client, "/api/v1/organizations", key, new { name, country = "US", accountRepEmail = Rep.Email });

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(IdempotentPosts.Header, key);
        return client.SendAsync(request);
    }

    private Task<int> CountKeptAsync(string key) =>
        InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().IdempotentRequests.CountAsync(r => r.Key == key));

    private Task<int> CountOrganizationsNamedAsync(string name) =>
        InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Organizations.CountAsync(o => o.Name == name));
}

/// <summary>The embedded default keeps idempotency keys the same way.</summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class IdempotencyOnSqliteTests(PostgresServer postgres) : ApiTest(postgres, DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task A_retried_create_is_replayed_and_another_body_is_a_conflict()
    {
        var body = new { name = "On SQLite", country = "US", accountRepEmail = Rep.Email };
        using var first = await SendAsync("sqlite-key", body);
        var created = await ExpectAsync(first, HttpStatusCode.Created);
        using var retry = await SendAsync("sqlite-key", body);
        Assert.Equal(created.GetProperty("id").GetGuid(), (await ExpectAsync(retry, HttpStatusCode.Created)).GetProperty("id").GetGuid());
        using var other = await SendAsync("sqlite-key", new { name = "Another", country = "US", accountRepEmail = Rep.Email });
        await ExpectProblemAsync(other, HttpStatusCode.Conflict);
        Assert.Equal(1, await InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Organizations.CountAsync(o => o.Name == "On SQLite" || o.Name == "Another")));
    }

    private Task<HttpResponseMessage> SendAsync(string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/organizations") { Content = JsonContent.Create(body) };
        request.Headers.Add(IdempotentPosts.Header, key);
        return Client.SendAsync(request);
    }
}
