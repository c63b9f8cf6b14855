using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Seeding;

namespace PreviewAccess.Web.Infrastructure;

public static class DatabaseInitializer
{
    /// <summary>
    /// Applies migrations, then the reference data every portal needs (roles, the model catalog, the
    /// unsupported countries), then — when <c>Seed:Demo</c> says so, or by default for a new database
    /// in Development — the demo data.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, bool seedDemoDataByDefault, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<PortalDbContext>();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));

        // Instances started together on one database take turns: migrations and seeding are not safe to race.
        await using var initializing = await db.HoldInitializationLockAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        // "New" means nobody has used it yet: no account exists.
        var isNew = !await db.Users.AnyAsync(cancellationToken);
        await SeedReferenceDataAsync(provider, db, cancellationToken);

        var configured = provider.GetRequiredService<IConfiguration>().GetValue<bool?>("Seed:Demo");
        if (configured ?? (seedDemoDataByDefault && isNew))
        {
            if (await provider.GetRequiredService<DemoData>().SeedAsync(cancellationToken))
            {
                logger.LogInformation("Demo data seeded");
            }
        }
    }

    private static async Task SeedReferenceDataAsync(IServiceProvider provider, PortalDbContext db, CancellationToken cancellationToken)
    {
        var roles = provider.GetRequiredService<RoleManager<PortalRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) EnsureSucceeded(await roles.CreateAsync(new PortalRole(role)));
        }

        if (!await db.Models.AnyAsync(cancellationToken)) db.Models.AddRange(PreviewModel.Launch());
        if (!await db.UnsupportedCountries.AnyAsync(cancellationToken)) db.UnsupportedCountries.AddRange(UnsupportedCountry.Seed.Select(code => new UnsupportedCountry(code)));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void EnsureSucceeded(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
