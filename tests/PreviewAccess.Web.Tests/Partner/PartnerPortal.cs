using Microsoft.AspNetCore.Mvc.Testing;
using PreviewAccess.Data;
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

/// <summary>The same partner portal on a SQLite file of its own, for the tests that must hold on both databases.</summary>
[CollectionDefinition(Name)]
public sealed class PartnerOnSqliteCollectionDefinition : ICollectionFixture<PartnerPortalOnSqlite>
{
    public const string Name = "partner-sqlite";
}

public sealed class PartnerPortalOnSqlite() : PartnerPortal(DatabaseProvider.Sqlite);

public class PartnerPortal : IAsyncLifetime
{
    private readonly PostgresServer _postgres = new();
    private readonly DatabaseProvider _provider;
    private readonly string _sqliteFile = Path.Combine(Path.GetTempPath(), $"partner-{Guid.NewGuid():N}.db");

    public PartnerPortal()
        : this(DatabaseProvider.Postgres)
    {
    }

    protected PartnerPortal(DatabaseProvider provider) => _provider = provider;

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
        if (_provider == DatabaseProvider.Postgres)
        {
            await _postgres.InitializeAsync();
            App = new PortalApp(await _postgres.CreateMigratedDatabaseAsync("partner"), settings: Settings(100_000));
        }
        else
        {
            App = new PortalApp($"Data Source={_sqliteFile}", DatabaseProvider.Sqlite, settings: Settings(100_000));
        }

        _ = App.Server;
        Data = new PartnerData(App);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        if (_provider == DatabaseProvider.Postgres)
        {
            await _postgres.DisposeAsync();
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(_sqliteFile);
        }
    }

    public HttpClient NewClient() => NewClient(App);

    public static HttpClient NewClient(PortalApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
    }
}
