using Microsoft.AspNetCore.Mvc.Testing;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;

namespace PreviewAccess.Web.Tests.Partner;

/// <summary>
/// The partner tests share one portal on one PostgreSQL database; every test arranges organizations of its own
/// (unique names, identifiers and emails), so no test sees another's data. The collection runs beside the others.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PartnerCollectionDefinition : ICollectionFixture<PartnerPortal>
{
    public const string Name = "partner";
}

public sealed class PartnerPortal : IAsyncLifetime
{
    private readonly PostgresServer _postgres = new();

    public PortalApp App { get; private set; } = null!;

    public PartnerData Data { get; private set; } = null!;

    public PostgresServer Postgres => _postgres;

    /// <summary>
    /// Background workers off, so that what a test arranged stays as it arranged it (mail stays in the outbox, where
    /// the tests read it); the accept page's limit high, except in the test that proves it.
    /// </summary>
    public static Dictionary<string, string?> Settings(int acceptPermitsPerMinute) => new(StringComparer.Ordinal)
    {
        ["Partner:AcceptInvitationPermitsPerMinute"] = acceptPermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:DispatcherEnabled"] = "false",
        ["Rollout:WorkerEnabled"] = "false",
    };

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        App = new PortalApp(await _postgres.CreateDatabaseAsync("partner"), settings: Settings(100_000));
        _ = App.Server;
        Data = new PartnerData(App);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    public HttpClient NewClient() => NewClient(App);

    public static HttpClient NewClient(PortalApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
    }
}
