using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;

namespace PreviewAccess.Browser.Tests.Admin;

/// <summary>
/// Like <see cref="DemoPortal"/> (the real portal with its demo data over https on a loopback port), but keeps
/// the <see cref="PortalApp"/> so that a test can play the other party through the portal's own services
/// (<see cref="PortalApp.Scope"/>) while the browser plays staff.
/// </summary>
public sealed class ServicedDemoPortal : IAsyncLifetime, IDisposable
{
    private readonly X509Certificate2 _certificate = LoopbackCertificate.Create();
    private Task<PortalApp>? _starting;

    public async Task<PortalApp> StartAsync(PostgresServer postgres, string databasePrefix)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        _starting ??= StartCoreAsync(postgres, databasePrefix);
        return await _starting;
    }

    private async Task<PortalApp> StartCoreAsync(PostgresServer postgres, string databasePrefix)
    {
        var app = new PortalApp(await postgres.CreateDatabaseAsync(databasePrefix), seedDemoData: true);
        // Not PortalApp.WithKestrel(): that serves plain http, on which every page with a form fails (see LoopbackCertificate).
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
