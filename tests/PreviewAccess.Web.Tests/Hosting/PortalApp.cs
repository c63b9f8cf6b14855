using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Web.Tests.Hosting;

/// <summary>
/// The real portal (its own Program.cs, middleware and database) on a database of the test's own.
/// Served in memory by default; <see cref="RootUri"/> gives the address once a test has switched it to Kestrel.
/// </summary>
public sealed class PortalApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;
    private readonly Action<IServiceCollection>? _services;
    private string? _sqliteFile;

    /// <param name="services">Overrides of the portal's services (a fake <see cref="TimeProvider"/>, a counting password hasher…), applied after its own.</param>
    public PortalApp(string connectionString, DatabaseProvider provider = DatabaseProvider.Postgres, bool seedDemoData = false,
        IDictionary<string, string?>? settings = null, string environment = "Testing", Action<IServiceCollection>? services = null)
    {
        _environment = environment;
        _services = services;
        ConnectionString = connectionString;
        Provider = provider;
        _settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:PreviewAccess"] = connectionString,
            ["Seed:Demo"] = seedDemoData ? "true" : "false",
            // Mail without an SMTP server lands as .eml files here, never in the source tree.
            ["Mail:PickupFolder"] = Path.Combine(Path.GetTempPath(), "previewaccess-mail", Guid.NewGuid().ToString("N")),
            // Staff sign in here through the password form alone: the second factor has tests of its own
            // (Security/MultiFactorTests), which turn the requirement back on as it is by default.
            ["Security:RequireStaffMultiFactor"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;

        // Secure cookies travel only over https; the in-memory test server answers any scheme.
        ClientOptions.BaseAddress = new Uri("https://localhost");
    }

    public string ConnectionString { get; }

    public DatabaseProvider Provider { get; }

    /// <summary>
    /// The portal (started at its first use) on a database of its own: on PostgreSQL a copy of the demo (or, without
    /// <paramref name="seedDemoData"/>, of a bare migrated database) on <paramref name="postgres"/>; on SQLite a new file in
    /// the temporary folder that the portal migrates (and seeds) as it starts, deleted when the portal goes.
    /// </summary>
    /// <param name="route">Changes the PostgreSQL connection string the portal gets (e.g. through a <see cref="DatabaseLink"/>).</param>
    public static async Task<PortalApp> OnNewDatabaseAsync(PostgresServer? postgres, DatabaseProvider provider, string prefix,
        bool seedDemoData = false, IDictionary<string, string?>? settings = null, string environment = "Testing",
        Action<IServiceCollection>? services = null, Func<string, string>? route = null)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            ArgumentNullException.ThrowIfNull(postgres);
            var connectionString = seedDemoData ? await postgres.CreateDemoDatabaseAsync(prefix) : await postgres.CreateMigratedDatabaseAsync(prefix);
            return new PortalApp((route ?? (c => c))(connectionString), provider, seedDemoData, settings, environment, services);
        }

        var file = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}.db");
        return new PortalApp($"Data Source={file}", provider, seedDemoData, settings, environment, services) { _sqliteFile = file };
    }

    /// <summary>Serves the portal on Kestrel, plain http on a free port of 127.0.0.1, and starts it: see <see cref="RootUri"/>.</summary>
    public PortalApp StartOnKestrel()
    {
        UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        _ = RootUri;
        return this;
    }

    /// <summary>The address the portal listens on, after <see cref="StartOnKestrel"/>.</summary>
    public Uri RootUri
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!;
            return new Uri(addresses.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    /// <summary>Closes the pool's idle connections to this test's database as the portal goes, and deletes a SQLite file it was started on.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Provider == DatabaseProvider.Postgres)
        {
            using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }
        else if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(_sqliteFile);
            File.Delete(_sqliteFile + "-instance.lock");
        }
    }

    /// <summary>Waits (30 s at most) until <c>/health/ready</c> answers 200: the database is reachable and the access snapshot loaded.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK) return;
            await Task.Delay(50);
        }

        throw new TimeoutException("The portal did not become ready.");
    }

    /// <summary>A scope for reading or arranging data directly in the portal's database.</summary>
    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    /// <summary>Reads (or, saving itself, writes) the portal's database through a context of its own.</summary>
    public async Task<T> ReadAsync<T>(Func<PortalDbContext, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        await using var scope = Scope();
        return await read(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    /// <summary>The organization as stored, with its invitations.</summary>
    public Task<Organization> OrganizationAsync(Guid id) =>
        ReadAsync(db => db.Organizations.AsNoTracking().Include(o => o.Invitations).SingleAsync(o => o.Id == id));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_services is not null) builder.ConfigureTestServices(_services);
    }
}
