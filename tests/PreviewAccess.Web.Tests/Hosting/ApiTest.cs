using System.Net.Http.Json;
using System.Text.Json;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Web.Features.Rollout;
using static PreviewAccess.Web.Tests.Hosting.TestData;

namespace PreviewAccess.Web.Tests.Hosting;

/// <summary>
/// A <see cref="PortalTest"/> that speaks to the portal through its JSON API: the portal starts on a database with nothing
/// but the schema, an admin and an account representative, and a key of the admin's with every scope (<see cref="Client"/>);
/// the contract's flows are one-line steps through the API itself, and its answers are read with <see cref="ExpectAsync"/>.
/// </summary>
public abstract class ApiTest : PortalTest
{
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

    protected ApiTest(PostgresServer postgres)
        : base(postgres)
    {
    }

    /// <summary>On <paramref name="provider"/>: a PostgreSQL database of each test's own on <paramref name="postgres"/>, or a SQLite file of its own.</summary>
    protected ApiTest(PostgresServer postgres, DatabaseProvider provider)
        : base(postgres, provider)
    {
    }

    protected sealed override bool SeedDemoData => false;

    /// <summary>The API's defaults (rate limits out of the way, workers off) with <see cref="ApiSettings"/> on top.</summary>
    protected sealed override IDictionary<string, string?>? Settings
    {
        get
        {
            var merged = new Dictionary<string, string?>(Defaults, StringComparer.Ordinal);
            foreach (var (key, value) in ApiSettings ?? new Dictionary<string, string?>()) merged[key] = value;
            return merged;
        }
    }

    /// <summary>Settings of the class on top of the API tests' defaults.</summary>
    protected virtual IDictionary<string, string?>? ApiSettings => null;

    protected TestUser Admin { get; private set; } = null!;

    protected TestUser Rep { get; private set; } = null!;

    /// <summary>A key of <see cref="Admin"/> with every scope.</summary>
    protected string AdminKey { get; private set; } = null!;

    /// <summary>A client with <see cref="AdminKey"/>.</summary>
    protected HttpClient Client { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin = await Data.UserAsync(Roles.Admin, "admin@api.example");
        Rep = await Data.UserAsync(Roles.AccountRep, "rep@api.example");
        AdminKey = await Data.KeyAsync(Admin.Id, ApiScopes.All.ToArray());
        Client = ClientWith(AdminKey);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Client?.Dispose();
        base.Dispose(disposing);
    }

    public override async Task DisposeAsync()
    {
        Client?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>An API client with <paramref name="key"/> as its bearer token, or none.</summary>
    protected HttpClient ClientWith(string? key) => App.ClientWith(key);

    /// <summary>Signs a browser in through the portal's own sign-in page: its cookie is what a person's browser would hold.</summary>
    protected static Task SignInAsync(HttpClient browser, TestUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return browser.SignInAsync(user.Email, user.Password);
    }

    /// <summary>
    /// Brings the access snapshot up to date at once. How fast it follows changes by itself (within a second) is
    /// what the Gateway tests prove; the contract tests here are about the answers.
    /// </summary>
    protected Task SettleAccessAsync() =>
        App.Services.GetRequiredService<PreviewAccess.Web.Features.Access.AccessSnapshot>().ReloadAllAsync(CancellationToken.None);

    protected async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = App.Scope();
        return await work(scope.ServiceProvider);
    }

    // ---- The contract's flows, through the API ----------------------------------------------

    protected async Task<Guid> NominateAsync(string? name = null, string country = "US")
    {
        using var response = await Client.PostAsJsonAsync("/api/v1/organizations", new { name = name ?? "Org " + Guid.NewGuid().ToString("N")[..8], country, accountRepEmail = Rep.Email });
        var body = await ExpectAsync(response, HttpStatusCode.Created);
        return body.GetProperty("id").GetGuid();
    }

    /// <returns>The invitation's id and the token of its accept link.</returns>
    protected async Task<(Guid InvitationId, string Token)> InviteAsync(Guid organizationId, string? email = null)
    {
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/invitations", new { email = email ?? $"contact-{Guid.NewGuid():N}@partner.example" });
        var body = await ExpectAsync(response, HttpStatusCode.Created);
        return (body.GetProperty("id").GetGuid(), TokenOf(body));
    }

    protected static string TokenOf(JsonElement invitation)
    {
        var url = new Uri(invitation.GetProperty("acceptUrl").GetString()!);
        return Uri.UnescapeDataString(url.Query.TrimStart('?').Split('&').Single(p => p.StartsWith("token=", StringComparison.Ordinal))["token=".Length..]);
    }

    protected async Task<HttpResponseMessage> AcceptAsync(string token, string password = "partner-password-123")
    {
        using var anonymous = ClientWith(null);
        return await anonymous.PostAsJsonAsync("/api/v1/invitations/accept", new { token, displayName = "Pat Partner", password });
    }

    /// <summary>Nominated, invited, accepted: ready to enroll.</summary>
    protected async Task<Guid> EnrollingAsync(string country = "US")
    {
        var organizationId = await NominateAsync(country: country);
        var (_, token) = await InviteAsync(organizationId);
        using var accepted = await AcceptAsync(token);
        await ExpectAsync(accepted, HttpStatusCode.Created);
        return organizationId;
    }

    protected static object Enrollment(string? apiOrganizationId = null, string? workspaceId = null, params string[] emails) => new
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
    protected async Task<(Guid OrganizationId, string ApiOrganizationId, string WorkspaceId, string Email)> UnderReviewAsync(string country = "US")
    {
        var organizationId = await EnrollingAsync(country);
        var (apiOrg, workspace, email) = (NewApiOrganizationId(), NewWorkspaceId(), $"dev-{Guid.NewGuid():N}@partner.example");
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/enrollment", Enrollment(apiOrg, workspace, email));
        await ExpectAsync(response, HttpStatusCode.Created);
        return (organizationId, apiOrg, workspace, email);
    }

    protected async Task<Guid> ApproveAsync(Guid organizationId, string surface, string identifier, string email, params string[] models)
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

    protected async Task RecordGovernmentCoordinationAsync(Guid organizationId)
    {
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/government-coordination", new { sharedOn = "2026-01-15", reference = "USG-TEST-1" });
        await ExpectAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Through a wave and the enablement worker, as in production.</summary>
    protected async Task EnableAsync(params Guid[] grantIds)
    {
        await using var scope = App.Scope();
        var waves = scope.ServiceProvider.GetRequiredService<WaveUseCases>();
        var wave = await waves.PlanAsync(new PlanWaveInput("Wave " + Guid.NewGuid().ToString("N")[..6], DateTimeOffset.UtcNow.AddHours(1), 100), CancellationToken.None);
        Assert.True(wave.Succeeded, wave.Message);
        Assert.True((await waves.AssignAsync(wave.Value!.Id, grantIds, CancellationToken.None)).Succeeded);
        Assert.True((await waves.OpenAsync(wave.Value.Id, CancellationToken.None)).Succeeded);
        await App.Services.GetRequiredService<EnablementWorker>().RunOnceAsync(CancellationToken.None);
    }

    // ---- Reading answers ---------------------------------------------------------------------

    protected static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, not {(int)status}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A problem details answer with this status; returns the body.</summary>
    protected static async Task<JsonElement> ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await ExpectAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        return body;
    }

    /// <summary>A 400 whose <c>errors</c> has exactly these keys.</summary>
    protected static async Task<JsonElement> ExpectInvalidAsync(HttpResponseMessage response, params string[] fields)
    {
        var body = await ExpectProblemAsync(response, HttpStatusCode.BadRequest);
        var keys = body.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(fields.Order(StringComparer.Ordinal).ToArray(), keys);
        return body;
    }
}
