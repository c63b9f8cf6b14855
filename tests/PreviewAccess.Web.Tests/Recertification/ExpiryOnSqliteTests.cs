using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PreviewAccess.Data;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Grants;
using PreviewAccess.Web.Features.Rollout;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Admin;
using PreviewAccess.Web.Tests.Hosting;

namespace PreviewAccess.Web.Tests.Recertification;

/// <summary>The parity subset on SQLite (the embedded database of a single instance): notice once, the page's list and re-certification, expiry.</summary>
public sealed class ExpiryOnSqliteTests : IAsyncLifetime, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"expiry-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(DateTimeOffset.UtcNow.UtcTicks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, TimeSpan.Zero));
    private PortalApp _app = null!;
    private WebApplicationFactory<Program> _portal = null!;

    public Task InitializeAsync()
    {
        _app = new PortalApp($"Data Source={_file}", DatabaseProvider.Sqlite, seedDemoData: true, settings: new Dictionary<string, string?>
        {
            ["Rollout:WorkerEnabled"] = "false",
            ["Mail:DispatcherEnabled"] = "false",
        });
        _portal = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_clock)));
        _ = _portal.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    public void Dispose()
    {
        _portal.Dispose();
        _app.Dispose();
    }

    private DateOnly Today => DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task On_SQLite_the_notice_goes_once_the_page_re_certifies_and_an_unrenewed_grant_expires()
    {
        var noticed = await _app.EnabledGrantAsync(Today.AddDays(14), _clock.GetUtcNow().AddDays(-10));
        var lapsing = await _app.EnabledGrantAsync(Today.AddDays(2), _clock.GetUtcNow().AddDays(-10));

        for (var pass = 0; pass < 3; pass++)
        {
            var workers = Enumerable.Range(0, 2).Select(_ => ActivatorUtilities.CreateInstance<ExpiryNoticeWorker>(_portal.Services));
            await Task.WhenAll(workers.Select(w => Task.Run(() => w.RunOnceAsync(CancellationToken.None))));
        }

        Assert.Equal(1, await _app.ReadAsync(db => db.OutboxMessages.AsNoTracking().CountAsync(m => m.Payload.Contains(noticed.Identifier))));
        Assert.Equal(1, await _app.ReadAsync(db => db.OutboxMessages.AsNoTracking().CountAsync(m => m.Payload.Contains(lapsing.Identifier))));

        using var rep = await _portal.SignedInAsync(DemoData.RepEmail);
        var page = await rep.GetPageAsync("/Admin/Recertification");
        var box = (AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector($"#grants tr[data-grant-id='{noticed.GrantId}'] input[type=checkbox]")!;
        box.IsChecked = true;
        Assert.NotNull(page.QuerySelector($"#grants tr[data-grant-id='{lapsing.GrantId}']"));
        var after = await rep.SubmitAndFollowAsync(page, "#bulk-form", new Dictionary<string, string>
        {
            ["Input.Action"] = "recertify",
            ["Input.ExpiresOn"] = Today.AddDays(100).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Contains("1 grant was re-certified", after.Flash(), StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromDays(3));
        await _portal.Services.GetRequiredService<EnablementWorker>().RunOnceAsync(CancellationToken.None);

        var statuses = await _app.ReadAsync(db => db.Grants.AsNoTracking().Where(g => g.Id == noticed.GrantId || g.Id == lapsing.GrantId).ToDictionaryAsync(g => g.Id, g => g.Status));
        Assert.Equal(GrantStatus.Enabled, statuses[noticed.GrantId]);
        Assert.Equal(GrantStatus.Expired, statuses[lapsing.GrantId]);
    }
}
