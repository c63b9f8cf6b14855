using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Web.Tests.Members;

/// <summary>Data from before partner teams: each organization's existing partner becomes its owner when the migration runs.</summary>
[Collection(RecordsAndSupportCollectionDefinition.Name)]
public sealed class OwnerMigrationTests(PostgresServer postgres)
{
    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task The_migration_makes_the_earliest_partner_of_each_organization_its_owner_and_nobody_else(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateAsync(provider, postgres, "owners");
        var now = DateTimeOffset.UtcNow;
        var rep = User(null, now.AddDays(-90));
        var shared = Organization.Nominate("Shared Ltd", "US", rep.Id, now.AddDays(-60));
        var single = Organization.Nominate("Single Ltd", "US", rep.Id, now.AddDays(-60));
        var first = User(shared.Id, now.AddDays(-30));
        var second = User(shared.Id, now.AddDays(-10));
        var only = User(single.Id, now.AddDays(-20));
        await using (var db = database.NewContext())
        {
            db.Users.Add(rep);
            db.Organizations.AddRange(shared, single);
            db.Users.AddRange(first, second, only);
            await db.SaveChangesAsync();
        }

        // Back to the schema before teams, and forward again over the rows made meanwhile.
        await database.MigrateOverAsync("PartnerTeams");

        await using var check = database.NewContext();
        var owners = await check.Users.AsNoTracking().Where(u => u.IsOrganizationOwner).Select(u => u.Id).ToListAsync();
        Assert.Equal(new[] { first.Id, only.Id }.Order(), owners.Order());
    }

    private static PortalUser User(Guid? organizationId, DateTimeOffset createdAt)
    {
        var email = $"user-{Guid.NewGuid():N}@owners.example";
        return new PortalUser
        {
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            DisplayName = email,
            OrganizationId = organizationId,
            CreatedAt = createdAt,
        };
    }
}
