using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;

namespace PreviewAccess.Browser.Tests.Infrastructure;

/// <summary>
/// The real portal with its demo data, served by Kestrel over https on a loopback port and a database of its
/// own: one per test class (a class fixture). xunit 2 cannot hand a collection fixture to a class fixture, so
/// the first test of the class starts it with the collection's <see cref="PostgresServer"/>; the tests of a
/// class run one at a time.
/// </summary>
public sealed class DemoPortal : IAsyncLifetime, IDisposable
{
    private readonly X509Certificate2 _certificate = LoopbackCertificate.Create();
    private Task<PortalApp>? _starting;

    public async Task<Uri> StartAsync(PostgresServer postgres, string databasePrefix) => (await StartAppAsync(postgres, databasePrefix)).RootUri;

    /// <summary>The portal with <paramref name="settings"/> (configuration keys) over the test host's own, for the class's first start.</summary>
    public async Task<Uri> StartAsync(PostgresServer postgres, string databasePrefix, IDictionary<string, string?> settings) =>
        (await (_starting ??= StartCoreAsync(postgres, databasePrefix, settings))).RootUri;

    /// <summary>The running portal itself, for tests that arrange data through its services (e.g. the partner's side of a journey).</summary>
    public Task<PortalApp> StartAppAsync(PostgresServer postgres, string databasePrefix)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        return _starting ??= StartCoreAsync(postgres, databasePrefix);
    }

    private async Task<PortalApp> StartCoreAsync(PostgresServer postgres, string databasePrefix, IDictionary<string, string?>? settings = null)
    {
        var app = new PortalApp(await postgres.CreateDatabaseAsync(databasePrefix), seedDemoData: true, settings: settings);
        // https: over plain http outside Development the Secure antiforgery cookie is refused and every form fails.
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, endpoint => endpoint.UseHttps(_certificate)));
        _ = app.RootUri; // Starts Kestrel, migrates and seeds before the first page is asked for.
        return app;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_starting is { IsCompletedSuccessfully: true }) await (await _starting).DisposeAsync();
        _certificate.Dispose();
    }

    public void Dispose() => _certificate.Dispose();
}
