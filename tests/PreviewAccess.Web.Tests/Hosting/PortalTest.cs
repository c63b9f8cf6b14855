using PreviewAccess.Web.Tests.Infrastructure;

namespace PreviewAccess.Web.Tests.Hosting;

/// <summary>
/// The base of a test class whose tests each get the real portal on a PostgreSQL database of their own: a copy of the
/// demo (or of a bare migrated database), started with the class's settings before the test and stopped after it.
/// A class says what differs by overriding <see cref="SeedDemoData"/>, <see cref="Settings"/> or <see cref="Environment"/>;
/// tests reach the portal through <see cref="App"/>, sign in with <c>App.SignedInAsync(email)</c> and arrange data
/// with <see cref="TestData"/>'s unique names.
/// </summary>
public abstract class PortalTest(PostgresServer postgres) : IAsyncLifetime, IDisposable
{
    /// <summary>The portal of the running test.</summary>
    protected PortalApp App { get; private set; } = null!;

    protected PostgresServer Postgres => postgres;

    /// <summary>Whether the database holds the demo's accounts and organizations (the default) or nothing but the schema.</summary>
    protected virtual bool SeedDemoData => true;

    /// <summary>Settings on top of <see cref="PortalApp"/>'s own.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>The ASP.NET Core environment the portal runs in.</summary>
    protected virtual string Environment => "Testing";

    public virtual async Task InitializeAsync()
    {
        var prefix = GetType().Name;
        var connectionString = SeedDemoData ? await postgres.CreateDemoDatabaseAsync(prefix) : await postgres.CreateMigratedDatabaseAsync(prefix);
        App = new PortalApp(connectionString, seedDemoData: SeedDemoData, settings: Settings, environment: Environment);
    }

    public virtual async Task DisposeAsync() => await App.DisposeAsync();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing) App?.Dispose();
    }
}
