using Microsoft.Extensions.Time.Testing;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Grants;
using PreviewAccess.Web.Features.Rollout;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Admin;

namespace PreviewAccess.Web.Tests.Recertification;

/// <summary>The parity subset on SQLite (the embedded database of a single instance): notice once, the page's list and re-certification, expiry.</summary>
public sealed class ExpiryOnSqliteTests() : PortalTest(DatabaseProvider.Sqlite)
{
    protected override FakeTimeProvider Clock { get; } = FakeClockAtNow();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Rollout:WorkerEnabled"] = "false",
        ["Mail:DispatcherEnabled"] = "false",
    };

    [Fact]
    public async Task On_SQLite_the_notice_goes_once_the_page_re_certifies_and_an_unrenewed_grant_expires()
    {
        var noticed = await App.EnabledGrantAsync(Today.AddDays(14), Clock.GetUtcNow().AddDays(-10));
        var lapsing = await App.EnabledGrantAsync(Today.AddDays(2), Clock.GetUtcNow().AddDays(-10));

        for (var pass = 0; pass < 3; pass++)
        {
            var workers = Enumerable.Range(0, 2).Select(_ => ActivatorUtilities.CreateInstance<ExpiryNoticeWorker>(App.Services));
            await Task.WhenAll(workers.Select(w => Task.Run(() => w.RunOnceAsync(CancellationToken.None))));
        }

        Assert.Equal(1, await App.ReadAsync(db => db.OutboxMessages.AsNoTracking().CountAsync(m => m.Payload.Contains(noticed.Identifier))));
        Assert.Equal(1, await App.ReadAsync(db => db.OutboxMessages.AsNoTracking().CountAsync(m => m.Payload.Contains(lapsing.Identifier))));

        using var rep = await App.SignedInAsync(DemoData.RepEmail);
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

        Clock.Advance(TimeSpan.FromDays(3));
        await App.Services.GetRequiredService<EnablementWorker>().RunOnceAsync(CancellationToken.None);

        var statuses = await App.ReadAsync(db => db.Grants.AsNoTracking().Where(g => g.Id == noticed.GrantId || g.Id == lapsing.GrantId).ToDictionaryAsync(g => g.Id, g => g.Status));
        Assert.Equal(GrantStatus.Enabled, statuses[noticed.GrantId]);
        Assert.Equal(GrantStatus.Expired, statuses[lapsing.GrantId]);
    }
}
