using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Web.Features.Rollout;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;
using static PreviewAccess.Web.Tests.Hosting.TestData;

namespace PreviewAccess.Web.Tests.Api;

/// <summary>A staff user the tests created, with the password they can sign in with.</summary>
public sealed record StaffUser(Guid Id, string Email, string Password);

/// <summary>
/// The portal on a database of one test class's own, with an admin and an account representative, API keys made the
/// way the admin area and the command line make them (<see cref="ApiKey.Create"/>), and the contract's flows as
/// one-line steps through the API itself.
/// </summary>
public sealed class ApiHarness : IAsyncDisposable, IDisposable
{
    public const string Password = "api-test-password-123";
    public const string Sol = "gpt-5.6-sol";
    public const string Luna = "gpt-5.6-luna";

    private static readonly Dictionary<string, string?> Defaults = new(StringComparer.Ordinal)
    {
        // The contract tests make many calls a minute with one key; the rate-limit tests set their own small limits.
        ["Api:RateLimits:AccessCheckPerMinute"] = "100000",
        ["Api:RateLimits:PerKeyPerMinute"] = "100000",
        ["Api:RateLimits:AcceptInvitationPerMinute"] = "100000",
        ["Mail:DispatcherEnabled"] = "false",
        ["Rollout:WorkerEnabled"] = "false",
    };

    private readonly PortalApp _portal;
    private readonly string? _sqliteFile;

    private ApiHarness(PortalApp portal, Action<IServiceCollection>? services, string? sqliteFile)
    {
        _portal = portal;
        _sqliteFile = sqliteFile;
        App = services is null ? portal : portal.WithWebHostBuilder(builder => builder.ConfigureTestServices(services));
    }

    /// <summary>The portal; with service overrides, the factory that applies them on top of <see cref="PortalApp"/>.</summary>
    public WebApplicationFactory<Program> App { get; }

    public StaffUser Admin { get; private set; } = null!;

    public StaffUser Rep { get; private set; } = null!;

    /// <summary>A key of <see cref="Admin"/> with every scope.</summary>
    public string AdminKey { get; private set; } = null!;

    /// <summary>A client with <see cref="AdminKey"/>.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <param name="services">Overrides of the portal's services, e.g. a fake <see cref="TimeProvider"/>.</param>
    /// <param name="provider">The database: a PostgreSQL database of its own on <paramref name="postgres"/>, or a SQLite file of its own.</param>
    /// <param name="route">Changes the PostgreSQL connection string the portal gets (e.g. through a <see cref="DatabaseLink"/>).</param>
    public static async Task<ApiHarness> StartAsync(PostgresServer postgres, string prefix, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null, DatabaseProvider provider = DatabaseProvider.Postgres, Func<string, string>? route = null)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        var merged = new Dictionary<string, string?>(Defaults, StringComparer.Ordinal);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) merged[key] = value;
        var sqliteFile = provider == DatabaseProvider.Sqlite ? Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}.db") : null;
        var portal = sqliteFile is null
            ? new PortalApp((route ?? (c => c))(await postgres.CreateMigratedDatabaseAsync(prefix)), settings: merged)
            : new PortalApp($"Data Source={sqliteFile}", DatabaseProvider.Sqlite, settings: merged);
        var harness = new ApiHarness(portal, services, sqliteFile);
        harness.Admin = await harness.CreateUserAsync(Roles.Admin, "admin@api.example");
        harness.Rep = await harness.CreateUserAsync(Roles.AccountRep, "rep@api.example");
        harness.AdminKey = await harness.CreateKeyAsync(harness.Admin.Id, ApiScopes.All.ToArray());
        harness.Client = harness.ClientWith(harness.AdminKey);
        return harness;
    }

    public async Task<StaffUser> CreateUserAsync(string role, string? email = null, Guid? organizationId = null)
    {
        email ??= $"staff-{Guid.NewGuid():N}@api.example";
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, OrganizationId = organizationId, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return new StaffUser(user.Id, email, Password);
    }

    /// <summary>A key made as the admin area and the command line make it: the secret is returned once, its hash stored.</summary>
    public async Task<string> CreateKeyAsync(Guid ownerId, params string[] scopes)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var (key, secret) = ApiKey.Create(ownerId, "Test key", scopes, DateTimeOffset.UtcNow);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return secret;
    }

    /// <summary>
    /// Brings the access snapshot up to date at once. How fast it follows changes by itself (within a second) is
    /// what the Gateway tests prove; the contract tests here are about the answers.
    /// </summary>
    public Task SettleAccessAsync() =>
        App.Services.GetRequiredService<PreviewAccess.Web.Features.Access.AccessSnapshot>().ReloadAllAsync(CancellationToken.None);

    public HttpClient ClientWith(string? key)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Signs a browser in through the portal's own sign-in page: its cookie is what a person's browser would hold.</summary>
    public static async Task SignInAsync(HttpClient browser, StaffUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var login = await browser.GetPageAsync("/Account/Login");
        using var response = await browser.SubmitAsync(login, "main form", new Dictionary<string, string> { ["Input.Email"] = user.Email, ["Input.Password"] = user.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    // ---- The contract's flows, through the API ----------------------------------------------

    public async Task<Guid> NominateAsync(string? name = null, string country = "US")
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/organizations", new { name = name ?? "Org " + Guid.NewGuid().ToString("N")[..8], country, accountRepEmail = Rep.Email });
        var body = await ExpectAsync(response, HttpStatusCode.Created);
        return body.GetProperty("id").GetGuid();
    }

    /// <returns>The invitation's id and the token of its accept link.</returns>
    public async Task<(Guid InvitationId, string Token)> InviteAsync(Guid organizationId, string? email = null)
    {
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/invitations", new { email = email ?? $"contact-{Guid.NewGuid():N}@partner.example" });
        var body = await ExpectAsync(response, HttpStatusCode.Created);
        return (body.GetProperty("id").GetGuid(), TokenOf(body));
    }

    public static string TokenOf(JsonElement invitation)
    {
        var url = new Uri(invitation.GetProperty("acceptUrl").GetString()!);
        return Uri.UnescapeDataString(url.Query.TrimStart('?').Split('&').Single(p => p.StartsWith("token=", StringComparison.Ordinal))["token=".Length..]);
    }

    public async Task<HttpResponseMessage> AcceptAsync(string token, string password = "partner-password-123") =>
        await ClientWith(null).PostAsJsonAsync("/api/v1/invitations/accept", new { token, displayName = "Pat Partner", password });

    /// <summary>Nominated, invited, accepted: ready to enroll.</summary>
    public async Task<Guid> EnrollingAsync(string country = "US")
    {
        var organizationId = await NominateAsync(country: country);
        var (_, token) = await InviteAsync(organizationId);
        using var accepted = await AcceptAsync(token);
        await ExpectAsync(accepted, HttpStatusCode.Created);
        return organizationId;
    }

    public static object Enrollment(string? apiOrganizationId = null, string? workspaceId = null, params string[] emails) => new
    {
        legalName = "Partner Legal Ltd",
        country = "US",
        surfaces = new[] { apiOrganizationId is null ? null : "Api", workspaceId is null ? null : "Codex" }.OfType<string>().ToArray(),
        apiOrganizationIds = apiOrganizationId is null ? Array.Empty<string>() : [apiOrganizationId],
        codexWorkspaceIds = workspaceId is null ? Array.Empty<string>() : [workspaceId],
        accountEmails = emails.Length == 0 ? ["dev@partner.example"] : emails,
        intendedUse = "Evaluating the models for code review.",
        customerFacing = false,
        termsAccepted = true,
    };

    /// <summary>Enrolled (under review) with an API organization and a Codex workspace.</summary>
    public async Task<(Guid OrganizationId, string ApiOrganizationId, string WorkspaceId, string Email)> UnderReviewAsync(string country = "US")
    {
        var organizationId = await EnrollingAsync(country);
        var (apiOrg, workspace, email) = (NewApiOrganizationId(), NewWorkspaceId(), $"dev-{Guid.NewGuid():N}@partner.example");
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/enrollment", Enrollment(apiOrg, workspace, email));
        await ExpectAsync(response, HttpStatusCode.Created);
        return (organizationId, apiOrg, workspace, email);
    }

    public async Task<Guid> ApproveAsync(Guid organizationId, string surface, string identifier, string email, params string[] models)
    {
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/decisions", new
        {
            surface,
            decision = "Approve",
            identifiers = new[] { identifier },
            models = models.Length == 0 ? [Sol] : models,
            accountEmails = new[] { email },
            justification = "Meets the program's criteria.",
        });
        var body = await ExpectAsync(response, HttpStatusCode.Created);
        return body.GetProperty("grants")[0].GetProperty("id").GetGuid();
    }

    public async Task RecordGovernmentCoordinationAsync(Guid organizationId)
    {
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/government-coordination", new { sharedOn = "2026-01-15", reference = "USG-TEST-1" });
        await ExpectAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Through a wave and the enablement worker, as in production.</summary>
    public async Task EnableAsync(params Guid[] grantIds)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var waves = scope.ServiceProvider.GetRequiredService<WaveUseCases>();
        var wave = await waves.PlanAsync(new PlanWaveInput("Wave " + Guid.NewGuid().ToString("N")[..6], DateTimeOffset.UtcNow.AddHours(1), 100), CancellationToken.None);
        Assert.True(wave.Succeeded, wave.Message);
        Assert.True((await waves.AssignAsync(wave.Value!.Id, grantIds, CancellationToken.None)).Succeeded);
        Assert.True((await waves.OpenAsync(wave.Value.Id, CancellationToken.None)).Succeeded);
        await App.Services.GetRequiredService<EnablementWorker>().RunOnceAsync(CancellationToken.None);
    }

    // ---- Reading answers ---------------------------------------------------------------------

    public static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, not {(int)status}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A problem details answer with this status; returns the body.</summary>
    public static async Task<JsonElement> ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await ExpectAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        return body;
    }

    /// <summary>A 400 whose <c>errors</c> has exactly these keys.</summary>
    public static async Task<JsonElement> ExpectInvalidAsync(HttpResponseMessage response, params string[] fields)
    {
        var body = await ExpectProblemAsync(response, HttpStatusCode.BadRequest);
        var keys = body.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(fields.Order(StringComparer.Ordinal).ToArray(), keys);
        return body;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await App.DisposeAsync();
        await _portal.DisposeAsync();
        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(_sqliteFile);
        }
    }

    public void Dispose()
    {
        Client?.Dispose();
        App.Dispose();
        _portal.Dispose();
        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(_sqliteFile);
        }
    }
}
