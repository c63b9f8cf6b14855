namespace PreviewAccess.Web.Tests.Hosting;

/// <summary>
/// The partner tests share one portal on one PostgreSQL database; every test arranges organizations of its own
/// (unique names, identifiers and emails), so no test sees another's data. The collection runs beside the others.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PartnerCollectionDefinition : ICollectionFixture<SharedPortal>
{
    public const string Name = "partner";
}

/// <summary>The same partner portal on a SQLite file of its own, for the tests that must hold on both databases.</summary>
[CollectionDefinition(Name)]
public sealed class PartnerOnSqliteCollectionDefinition : ICollectionFixture<SharedPortalOnSqlite>
{
    public const string Name = "partner-sqlite";
}

public sealed class SharedPortalOnSqlite() : SharedPortal(DatabaseProvider.Sqlite);

/// <summary>
/// One portal, started once, for every test of a collection whose tests each arrange data of their own with
/// <see cref="TestData"/>: starting a portal for each of its many tests would cost more than the tests. A class hands it to
/// <see cref="PortalTest(SharedPortal)"/>; the class's own settings do not apply to it.
/// </summary>
public class SharedPortal : IAsyncLifetime
{
    // A collection fixture cannot take the collections' PostgresServer: it has a server of its own.
    private readonly PostgresServer _postgres = new();
    private readonly DatabaseProvider _provider;

    public SharedPortal()
        : this(DatabaseProvider.Postgres)
    {
    }

    protected SharedPortal(DatabaseProvider provider) => _provider = provider;

    public PortalApp App { get; private set; } = null!;

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
        if (_provider == DatabaseProvider.Postgres) await _postgres.InitializeAsync();
        App = await PortalApp.OnNewDatabaseAsync(_postgres, _provider, "partner", settings: Settings(100_000));
        _ = App.Server;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        if (_provider == DatabaseProvider.Postgres) await _postgres.DisposeAsync();
    }
}
