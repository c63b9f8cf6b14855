using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Access;

namespace PreviewAccess.Web.Tests.Gateway;

/// <summary>What the access snapshot's tests ask of a running portal: its decision, its refresher, and whether it answers as the database does.</summary>
internal static class SnapshotProbe
{
    public static async Task<AccessDecision> DecideWithAsync(IAccessFactsSource source, AccessRequest request)
    {
        var facts = await source.LoadAsync(request.Identifier, request.Email, CancellationToken.None);
        return AccessPolicy.Decide(request, facts.Directory, facts.UnsupportedCountries, DateTimeOffset.UtcNow);
    }

    public static Task<AccessDecision> DecideAsync(PortalApp app, AccessRequest request) =>
        DecideWithAsync(app.Services.GetRequiredService<AccessSnapshot>(), request);

    public static AccessSnapshotRefresher Refresher(PortalApp app) =>
        app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<AccessSnapshotRefresher>().Single();

    /// <summary>An enabled API grant of the demo organization, and the question its own account and model ask of it.</summary>
    public static async Task<(Guid GrantId, AccessRequest Request)> AnEnabledGrantAsync(PortalApp app, string organizationName = "Proseware Cloud")
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Name == organizationName).Select(o => o.Id).SingleAsync();
        var grant = await db.Grants.AsNoTracking().Where(g => g.OrganizationId == organization && g.Surface == Surface.Api && g.Status == GrantStatus.Enabled).OrderBy(g => g.Id).FirstAsync();
        return (grant.Id, new AccessRequest(grant.Surface, grant.Identifier, grant.AccountEmails[0], grant.Models[0]));
    }

    /// <summary>
    /// For every grant: its own account, a stranger, and the other surface from an unsupported country, plus an
    /// identifier nobody holds; the snapshot's decision must be the database's for each.
    /// </summary>
    public static async Task AnswersAsTheDatabaseDoesAsync(PortalApp app)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var fromDatabase = new DatabaseAccessDirectory(db);
        var snapshot = app.Services.GetRequiredService<AccessSnapshot>();
        var grants = await db.Grants.AsNoTracking().ToListAsync();
        Assert.NotEmpty(grants);
        var questions = grants.SelectMany(g => new[]
        {
            new AccessRequest(g.Surface, g.Identifier, g.AccountEmails[0], g.Models[0]),
            new AccessRequest(g.Surface, g.Identifier, "stranger@nowhere.example", g.Models[0]),
            new AccessRequest(g.Surface == Surface.Api ? Surface.Codex : Surface.Api, g.Identifier, g.AccountEmails[0], g.Models[0], "RU"),
        }).Append(new AccessRequest(Surface.Api, "org-unknown00000000000000000", "nobody@nowhere.example", "gpt-5.6-sol")).ToList();

        Assert.True(snapshot.IsLoaded);
        foreach (var question in questions)
        {
            Assert.Equal(await DecideWithAsync(fromDatabase, question), await DecideWithAsync(snapshot, question));
        }
    }
}
