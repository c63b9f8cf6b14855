namespace PreviewAccess.Web.Tests.Hosting;

/// <summary>
/// The PostgreSQL databases a test starts from, each a copy of a template built once per server: migrating a database
/// and seeding the demo (whose accounts each cost a deliberately slow password hash) took seconds at every test.
/// A test that is about a first start on a new database (migrations, seeding, the command line) asks for an empty one
/// with <see cref="PostgresServer.CreateDatabaseAsync"/> instead.
/// </summary>
public static class PortalDatabases
{
    /// <summary>Every migration applied, nothing else: the portal adds its reference data as it starts, as on a new database.</summary>
    public static Task<string> CreateMigratedDatabaseAsync(this PostgresServer postgres, string prefix)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        return postgres.CreateDatabaseFromTemplateAsync(prefix, "migrated", MigrateAsync);
    }

    /// <summary>What a portal started with <c>Seed:Demo=true</c> on a new database holds: reference data, the demo's accounts and organizations.</summary>
    public static Task<string> CreateDemoDatabaseAsync(this PostgresServer postgres, string prefix)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        return postgres.CreateDatabaseFromTemplateAsync(prefix, "demo", async connectionString =>
        {
            await MigrateAsync(connectionString);
            // Workers off: the copies start with the demo exactly as seeded, and each test's portal runs its own workers.
            await using var portal = new PortalApp(connectionString, seedDemoData: true, settings: new Dictionary<string, string?>
            {
                ["Mail:DispatcherEnabled"] = "false",
                ["Rollout:WorkerEnabled"] = "false",
                ["Webhooks:DispatcherEnabled"] = "false",
            });
            _ = portal.Server;
        });
    }

    private static async Task MigrateAsync(string connectionString)
    {
        await using var db = TestDatabase.NewContext(DatabaseProvider.Postgres, connectionString);
        await db.Database.MigrateAsync();
    }
}
