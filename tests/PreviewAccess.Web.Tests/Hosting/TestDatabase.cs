using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PreviewAccess.Data.Audit;

namespace PreviewAccess.Web.Tests.Hosting;

/// <summary>A migrated database of the test's own, on either provider, that hands out fresh contexts.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly string? _sqliteFile;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqliteFile)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, PostgresServer postgres, string prefix)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        TestDatabase database;
        if (provider == DatabaseProvider.Postgres)
        {
            database = new TestDatabase(provider, await postgres.CreateMigratedDatabaseAsync(prefix), null);
        }
        else
        {
            var file = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}.db");
            database = new TestDatabase(provider, $"Data Source={file};Pooling=False", file);
        }

        await using var db = database.NewContext();
        await db.Database.MigrateAsync();
        return database;
    }

    /// <summary>The audit chain's key of contexts made here; give it as <c>Audit:ChainKey</c> to a portal that shares the database.</summary>
    public const string ChainKey = "the-test-databases-own-audit-chain-key-0123456789";

    public static AuditChainKeyring ChainKeys { get; } = AuditChainKeyring.WithKey(ChainKey);

    public PortalDbContext NewContext() => NewContext(Provider, ConnectionString);

    /// <summary>A context configured exactly as the portal configures its own, outside any host.</summary>
    public static PortalDbContext NewContext(DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var options = new DbContextOptionsBuilder<PostgresPortalDbContext>();
            DatabaseServiceCollectionExtensions.ConfigurePostgres(options, connectionString);
            return new PostgresPortalDbContext(options.Options, ChainKeys);
        }

        var sqlite = new DbContextOptionsBuilder<SqlitePortalDbContext>();
        DatabaseServiceCollectionExtensions.ConfigureSqlite(sqlite, connectionString);
        return new SqlitePortalDbContext(sqlite.Options, ChainKeys);
    }

    /// <summary>
    /// Migrates back to the schema just before the migration whose name ends with <paramref name="migration"/>, lets
    /// <paramref name="meanwhile"/> write there as the portal of that time did, and migrates forward to the latest again:
    /// how a migration meets the rows of a database made before it.
    /// </summary>
    public async Task MigrateOverAsync(string migration, Func<PortalDbContext, Task>? meanwhile = null)
    {
        await using var db = NewContext();
        var migrations = db.Database.GetMigrations().ToList();
        var index = migrations.FindIndex(m => m.EndsWith("_" + migration, StringComparison.Ordinal));
        Assert.True(index > 0, $"No {migration} migration.");
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[index - 1]);
        if (meanwhile is not null) await meanwhile(db);
        await migrator.MigrateAsync();
    }

    public void Dispose()
    {
        if (_sqliteFile is not null && File.Exists(_sqliteFile)) File.Delete(_sqliteFile);
    }
}
