using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PreviewAccess.Data;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Admin;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;

namespace PreviewAccess.Web.Tests.Settings;

/// <summary>
/// A country an admin adds on the settings page is refused by the access check within a second, on the instance that
/// saved it and on another one sharing the database; removed, it is allowed again as quickly. Held to a time, so it runs
/// undisturbed.
/// </summary>
[Collection(UndisturbedCollectionDefinition.Name)]
public sealed class SettingsFreshnessTests(PostgresServer postgres)
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_country_added_on_the_page_is_refused_by_every_instance_s_access_check_within_a_second_and_allowed_again_once_removed()
    {
        var connectionString = await postgres.CreateDemoDatabaseAsync("settingsfresh");
        await using var first = new PortalApp(connectionString, seedDemoData: true);
        await using var second = new PortalApp(connectionString);
        await WaitUntilReadyAsync(first);
        await WaitUntilReadyAsync(second);
        var query = await AnEnabledGrantQueryAsync(first) + "&country=VE";
        using var gateway = await GatewayAsync(first, second);
        using var ownGateway = await GatewayAsync(first, first);
        Assert.Equal("Allowed", await ReasonAsync(gateway, query));

        using var admin = await first.SignedInAsync(DemoData.AdminEmail);
        var page = await admin.GetPageAsync("/Admin/Settings");
        // The clock runs from before the form is posted: the deadline covers saving it, too.
        var clock = Stopwatch.StartNew();
        using (var saved = await admin.SubmitAsync(page, "#add-country-form", new Dictionary<string, string> { ["Country.Code"] = "VE" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        Assert.Equal("UnsupportedRegion", await ReasonAsync(ownGateway, query)); // the instance that saved it: at once
        var seen = await TimeUntilAsync(gateway, query, "UnsupportedRegion", clock);
        Assert.True(seen < Freshness, $"The other instance refused VE only after {seen.TotalMilliseconds:0} ms.");

        var listed = await admin.GetPageAsync("/Admin/Settings");
        clock.Restart();
        using (var removed = await admin.SubmitAsync(listed, "#remove-country-VE", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        }

        var allowed = await TimeUntilAsync(gateway, query, "Allowed", clock);
        Assert.True(allowed < Freshness, $"The other instance allowed VE again only after {allowed.TotalMilliseconds:0} ms.");
    }

    /// <summary>An API key with access:check of the demo admin's, used against <paramref name="target"/>.</summary>
    private static async Task<HttpClient> GatewayAsync(PortalApp keys, PortalApp target)
    {
        var adminId = await keys.UserIdAsync(DemoData.AdminEmail);
        await using var scope = keys.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var (key, secret) = ApiKey.Create(adminId, "Gateway", [ApiScopes.AccessCheck], DateTimeOffset.UtcNow);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        var client = target.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private static async Task<string> AnEnabledGrantQueryAsync(PortalApp app)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Name == "Proseware Cloud").Select(o => o.Id).SingleAsync();
        var grant = await db.Grants.AsNoTracking().Where(g => g.OrganizationId == organization && g.Surface == Surface.Api && g.Status == GrantStatus.Enabled).OrderBy(g => g.Id).FirstAsync();
        return $"surface=Api&identifier={Uri.EscapeDataString(grant.Identifier)}&email={Uri.EscapeDataString(grant.AccountEmails[0])}&model={Uri.EscapeDataString(grant.Models[0])}";
    }

    private static async Task<string> ReasonAsync(HttpClient gateway, string query)
    {
        using var response = await gateway.GetAsync(new Uri("/api/v1/access/check?" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString()!;
    }

    /// <summary>Asks every 20 ms until the answer is <paramref name="expected"/>; gives up after ten seconds, which fails the deadline.</summary>
    private static async Task<TimeSpan> TimeUntilAsync(HttpClient gateway, string query, string expected, Stopwatch clock)
    {
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (await ReasonAsync(gateway, query) == expected) return clock.Elapsed;
            await Task.Delay(20);
        }

        return clock.Elapsed;
    }

    /// <summary>/health/ready answers only once the access snapshot is loaded.</summary>
    private static async Task WaitUntilReadyAsync(PortalApp app)
    {
        using var client = app.CreateClient();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK) return;
            await Task.Delay(50);
        }

        throw new TimeoutException("The portal did not become ready.");
    }
}
