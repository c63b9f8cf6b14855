using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PreviewAccess.Data;

namespace PreviewAccess.Web.Tests.Hosting;

/// <summary>
/// The real portal (its own Program.cs, middleware and database) on a database of the test's own.
/// Served in memory by default; <see cref="RootUri"/> gives the address once a test has switched it to Kestrel.
/// </summary>
public sealed class PortalApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;

    public PortalApp(string connectionString, DatabaseProvider provider = DatabaseProvider.Postgres, bool seedDemoData = false,
        IDictionary<string, string?>? settings = null, string environment = "Testing")
    {
        _environment = environment;
        ConnectionString = connectionString;
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

    /// <summary>The address the portal listens on, after <c>UseKestrel</c>.</summary>
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

    /// <summary>Closes the pool's idle connections to this test's database as the portal goes.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_settings["Database:Provider"] == nameof(DatabaseProvider.Postgres))
        {
            using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }
    }

    /// <summary>A scope for reading or arranging data directly in the portal's database.</summary>
    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }
}
