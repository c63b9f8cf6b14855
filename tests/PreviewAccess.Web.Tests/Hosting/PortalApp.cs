using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PreviewAccess.Data;

namespace PreviewAccess.Web.Tests.Hosting;

/// <summary>
/// The real portal (its own Program.cs, middleware and database) on a database of the test's own.
/// <see cref="WithKestrel"/> serves it on a loopback port for browsers and for a second process.
/// </summary>
public sealed class PortalApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public PortalApp(string connectionString, DatabaseProvider provider = DatabaseProvider.Postgres, bool seedDemoData = false,
        IDictionary<string, string?>? settings = null)
    {
        ConnectionString = connectionString;
        _settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:PreviewAccess"] = connectionString,
            ["Seed:Demo"] = seedDemoData ? "true" : "false",
            // Mail without an SMTP server lands as .eml files here, never in the source tree.
            ["Mail:PickupFolder"] = Path.Combine(Path.GetTempPath(), "previewaccess-mail", Guid.NewGuid().ToString("N")),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;

        // Secure cookies travel only over https; the in-memory test server answers any scheme.
        ClientOptions.BaseAddress = new Uri("https://localhost");
    }

    public string ConnectionString { get; }

    /// <summary>Serves over Kestrel on a free loopback port; read <see cref="RootUri"/> after the first use.</summary>
    public PortalApp WithKestrel()
    {
        UseKestrel(0);
        return this;
    }

    /// <summary>The address the portal listens on (Kestrel only).</summary>
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

    /// <summary>A scope for reading or arranging data directly in the portal's database.</summary>
    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }
}
