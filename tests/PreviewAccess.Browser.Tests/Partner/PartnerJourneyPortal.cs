using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;

namespace PreviewAccess.Browser.Tests.Partner;

/// <summary>
/// Like <see cref="DemoPortal"/> (the real portal with its demo data, over https on a loopback port, a database of
/// its own), but it keeps the <see cref="PortalApp"/>, so that a test can arrange data, or act as a reviewer,
/// through the portal's own services while a browser plays the partner.
/// </summary>
public sealed class PartnerJourneyPortal : IAsyncLifetime, IDisposable
{
    private readonly X509Certificate2 _certificate = LoopbackCertificate.Create();
    private Task<PortalApp>? _starting;

    /// <summary>Starts the portal on the first call; every call answers the same one.</summary>
    public Task<PortalApp> StartAsync(PostgresServer postgres, string databasePrefix)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        return _starting ??= StartCoreAsync(postgres, databasePrefix);
    }

    private async Task<PortalApp> StartCoreAsync(PostgresServer postgres, string databasePrefix)
    {
        var app = new PortalApp(await postgres.CreateDatabaseAsync(databasePrefix), seedDemoData: true);
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
