using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Support;

namespace PreviewAccess.Web.Tests.SupportDesk;

/// <summary>Notes written before support cases became conversations survive the migration, as internal notes.</summary>
[Collection(RecordsAndSupportCollectionDefinition.Name)]
public sealed class SupportConversationMigrationTests(PostgresServer postgres)
{
    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Notes_from_before_conversations_become_internal_notes_that_no_partner_reads(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateAsync(provider, postgres, "caseconv");
        var now = DateTimeOffset.UtcNow;
        var email = $"rep-{Guid.NewGuid():N}@notes.example";
        var rep = new PortalUser { UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(), DisplayName = "Rep", CreatedAt = now };
        var organization = Organization.Nominate("Notes Ltd", "US", rep.Id, now.AddDays(-10));
        var supportCase = SupportCase.Open(organization.Id, "ws-notes-ltd", "dev@notes.example", AffectedSurfaces.Codex, "403",
            null, null, SupportCaseCategory.AccessProblem, Guid.CreateVersion7(), now.AddDays(-1));
        supportCase.AddInternalNote("Asked the rep about the workspace.", Guid.CreateVersion7(), now.AddHours(-2));
        await using (var db = database.NewContext())
        {
            db.Users.Add(rep);
            db.Organizations.Add(organization);
            db.SupportCases.Add(supportCase);
            await db.SaveChangesAsync();
        }

        // Back to notes alone, a note written there as the old portal wrote them, and forward again.
        await database.MigrateOverAsync("SupportConversations", db => db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "SupportCaseNotes" ("Text", "Author", "At", "SupportCaseId")
            SELECT 'Partner called: still failing.', "Author", "At", "SupportCaseId" FROM "SupportCaseNotes"
            """));

        await using var check = database.NewContext();
        var migrated = await check.SupportCases.AsNoTracking().SingleAsync(c => c.Id == supportCase.Id);
        Assert.Equal(["Asked the rep about the workspace.", "Partner called: still failing."], migrated.Messages.Select(m => m.Text));
        Assert.All(migrated.Messages, m => Assert.Equal(SupportCaseMessageKind.InternalNote, m.Kind));
        Assert.Empty(migrated.PublicMessages);
    }
}
