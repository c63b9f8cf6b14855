using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Audit;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Web.Tests.Persistence;

/// <summary>What the database guarantees, on PostgreSQL and — the parity subset — on SQLite.</summary>
[Collection(RecordsAndSupportCollectionDefinition.Name)]
public sealed class PersistenceTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] Sol = ["gpt-5.6-sol"];
    private static readonly HashSet<string> Catalog = ["gpt-5.6-sol", "gpt-5.6-terra", "gpt-5.6-luna"];

    public static TheoryData<DatabaseProvider> Providers => new() { DatabaseProvider.Postgres, DatabaseProvider.Sqlite };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_organization_round_trips_with_its_enrollment_decisions_invitations_and_grants(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateAsync(provider, postgres, "roundtrip");
        var repId = await AddRepAsync(database);
        var organization = UnderReview(repId, "org-roundtrip000000000000001", "roundtrip-ws");
        var grants = organization.Approve(new ApprovalRequest(Surface.Api, ["org-roundtrip000000000000001"], Sol, ["dev@roundtrip.example"], "Partner of long standing.", new DateOnly(2027, 3, 1), false),
            [], new HashSet<string>(), Catalog, repId, Now);
        await using (var db = database.NewContext())
        {
            db.Organizations.Add(organization);
            db.Grants.AddRange(grants);
            await db.SaveChangesAsync();
        }

        await using var read = database.NewContext();
        var loaded = await read.Organizations.Include(o => o.Invitations).SingleAsync(o => o.Id == organization.Id);
        var grant = await read.Grants.SingleAsync(g => g.OrganizationId == organization.Id);

        Assert.Equal(OrganizationStatus.UnderReview, loaded.Status);
        Assert.Equal([Surface.Api, Surface.Codex], loaded.Enrollment!.Surfaces);
        Assert.Equal(["org-roundtrip000000000000001"], loaded.Enrollment.IdentifiersFor(Surface.Api));
        Assert.Equal(["roundtrip-ws"], loaded.Enrollment.IdentifiersFor(Surface.Codex));
        Assert.Equal(["dev@roundtrip.example"], loaded.Enrollment.AccountEmails);
        Assert.Equal(InvitationStatus.Accepted, Assert.Single(loaded.Invitations).StoredStatus);
        Assert.Equal(DecisionOutcome.Approve, loaded.LatestDecision(Surface.Api)!.Outcome);
        Assert.Null(loaded.LatestDecision(Surface.Codex));
        Assert.Equal((GrantStatus.Approved, "org-roundtrip000000000000001", new DateOnly(2027, 3, 1)), (grant.Status, grant.Identifier, grant.ExpiresOn));
        Assert.Equal(Sol, grant.Models);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_identifier_belongs_to_one_organization_only(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateAsync(provider, postgres, "identifier");
        var repId = await AddRepAsync(database);
        await using (var db = database.NewContext())
        {
            db.Organizations.Add(UnderReview(repId, "org-shared000000000000000001", "first-ws"));
            await db.SaveChangesAsync();
        }

        await using var second = database.NewContext();
        second.Organizations.Add(UnderReview(repId, "org-shared000000000000000001", "second-ws"));
        await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Invitation_token_hashes_are_unique(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateAsync(provider, postgres, "tokens");
        var repId = await AddRepAsync(database);
        var hash = SecretToken.Issue().Hash;
        var first = Organization.Nominate("First", "US", repId, Now);
        first.Invite("a@first.example", hash, repId, Now);
        var second = Organization.Nominate("Second", "US", repId, Now);
        second.Invite("b@second.example", hash, repId, Now);

        await using var db = database.NewContext();
        db.Organizations.AddRange(first, second);
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_people_editing_the_same_organization_conflict_instead_of_overwriting(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateAsync(provider, postgres, "concurrency");
        var repId = await AddRepAsync(database);
        var id = await AddAsync(database, Organization.Nominate("Original name", "US", repId, Now));

        await using var alice = database.NewContext();
        await using var bob = database.NewContext();
        var alicesCopy = await alice.Organizations.SingleAsync(o => o.Id == id);
        var bobsCopy = await bob.Organizations.SingleAsync(o => o.Id == id);
        alicesCopy.Rename("Alice's name");
        bobsCopy.Rename("Bob's name");
        await alice.SaveChangesAsync();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => bob.SaveChangesAsync());
        await using var read = database.NewContext();
        Assert.Equal("Alice's name", (await read.Organizations.SingleAsync(o => o.Id == id)).Name);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_change_to_a_child_row_moves_its_aggregates_version_so_it_conflicts_too(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateAsync(provider, postgres, "childversion");
        var repId = await AddRepAsync(database);
        var id = await AddAsync(database, Organization.Nominate("Versioned", "US", repId, Now));

        await using var alice = database.NewContext();
        await using var bob = database.NewContext();
        var alicesCopy = await alice.Organizations.Include(o => o.Invitations).SingleAsync(o => o.Id == id);
        var bobsCopy = await bob.Organizations.Include(o => o.Invitations).SingleAsync(o => o.Id == id);
        alicesCopy.SetInformationalFlags(true, false);
        await alice.SaveChangesAsync();
        bobsCopy.RecordGovernmentCoordination(new GovernmentCoordination(new DateOnly(2026, 11, 1), "GOV-1", repId, Now));

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => bob.SaveChangesAsync());
        await using var read = database.NewContext();
        var stored = await read.Organizations.SingleAsync(o => o.Id == id);
        Assert.Equal(1, stored.Version);
        Assert.Null(stored.GovernmentCoordination);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task One_save_across_several_organizations_moves_each_changed_ones_version_once_and_no_other(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateAsync(provider, postgres, "manyversions");
        var repId = await AddRepAsync(database);
        var twice = await AddAsync(database, Organization.Nominate("Two changes", "US", repId, Now));
        var once = await AddAsync(database, Organization.Nominate("One change", "US", repId, Now));
        var untouched = await AddAsync(database, Organization.Nominate("Untouched", "US", repId, Now));

        await using (var db = database.NewContext())
        {
            var loaded = await db.Organizations.ToDictionaryAsync(o => o.Id);
            // Its own row and a row it owns: one step, not two. The other changes only a row it owns.
            loaded[twice].SetInformationalFlags(true, false);
            loaded[twice].RecordGovernmentCoordination(new GovernmentCoordination(new DateOnly(2026, 11, 1), "GOV-2", repId, Now));
            loaded[once].RecordGovernmentCoordination(new GovernmentCoordination(new DateOnly(2026, 11, 1), "GOV-1", repId, Now));
            await db.SaveChangesAsync();
        }

        await using var read = database.NewContext();
        var versions = await read.Organizations.ToDictionaryAsync(o => o.Id, o => o.Version);
        Assert.Equal((1, 1, 0), (versions[twice], versions[once], versions[untouched]));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Audit_events_are_chained_with_consecutive_ids_and_verify(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateAsync(provider, postgres, "auditchain");
        for (var batch = 0; batch < 3; batch++)
        {
            await using var db = database.NewContext();
            await new UnitOfWork(db).RunAsync(_ =>
            {
                db.Append(Event($"batch {batch} first"));
                db.Append(Event($"batch {batch} second"));
                return Task.CompletedTask;
            }, CancellationToken.None);
        }

        await using var read = database.NewContext();
        var events = await read.AuditEvents.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([1L, 2, 3, 4, 5, 6], events.Select(e => e.Id));
        Assert.Equal(new AuditVerification(true, 6, null), AuditChain.Verify(events, AuditChainKey.FromText(TestDatabase.ChainKey)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_database_itself_refuses_to_change_or_delete_audit_rows(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateAsync(provider, postgres, "appendonly");
        await using (var db = database.NewContext())
        {
            await new UnitOfWork(db).RunAsync(_ => { db.Append(Event("original")); return Task.CompletedTask; }, CancellationToken.None);
        }

        await using var raw = database.NewContext();
        await Assert.ThrowsAnyAsync<Exception>(() => raw.Database.ExecuteSqlRawAsync("UPDATE \"AuditEvents\" SET \"Actor\" = 'mallory'"));
        await Assert.ThrowsAnyAsync<Exception>(() => raw.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEvents\""));
        Assert.Equal("tester@previewaccess.example", (await raw.AuditEvents.SingleAsync()).Actor);
    }

    [Fact]
    public async Task An_audit_event_outside_a_unit_of_work_is_refused_so_a_change_never_commits_without_its_record()
    {
        using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, postgres, "auditoutside");
        await using var db = database.NewContext();
        db.Append(Event("no transaction"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Concurrent_writers_on_PostgreSQL_keep_the_audit_chain_unbroken()
    {
        using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, postgres, "auditrace");
        const int Writers = 8;
        const int EventsEach = 5;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < EventsEach; i++)
            {
                await using var db = database.NewContext();
                await new UnitOfWork(db).RunAsync(_ => { db.Append(Event($"writer {writer} event {i}")); return Task.CompletedTask; }, CancellationToken.None);
            }
        })));

        await using var read = database.NewContext();
        var events = await read.AuditEvents.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(Writers * EventsEach, events.Count);
        Assert.True(AuditChain.Verify(events, AuditChainKey.FromText(TestDatabase.ChainKey)).Valid);
    }

    [Fact]
    public void Neither_migration_set_lags_behind_the_model()
    {
        foreach (var context in new[] { TestDatabase.NewContext(DatabaseProvider.Postgres, "Host=unused"), TestDatabase.NewContext(DatabaseProvider.Sqlite, "Data Source=unused.db") })
        {
            using (context)
            {
                Assert.False(context.Database.HasPendingModelChanges(), $"{context.GetType().Name} has model changes without a migration: run dotnet ef migrations add.");
            }
        }
    }

    private static AuditEvent Event(string what) =>
        new(Now, "tester@previewaccess.example", "test.recorded", "Test", Guid.NewGuid().ToString(), null, $"{{\"what\":\"{what}\"}}");

    private static Organization UnderReview(Guid repId, string apiOrg, string workspace)
    {
        var organization = Organization.Nominate("Org " + workspace, "US", repId, Now);
        var invitation = organization.Invite($"contact@{workspace}.example", SecretToken.Issue().Hash, repId, Now);
        organization.AcceptInvitation(invitation.Id, Now);
        organization.SubmitEnrollment(EnrollmentSubmission.Create(new EnrollmentRequest(
            "Org " + workspace + " Inc.", "US", [Surface.Api, Surface.Codex], [apiOrg], [workspace], ["dev@roundtrip.example"],
            "Internal research.", false, true), Guid.NewGuid(), false, Now));
        return organization;
    }

    private static async Task<Guid> AddRepAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var rep = new PortalUser { UserName = $"rep-{Guid.NewGuid():N}@previewaccess.example", DisplayName = "Rep", CreatedAt = Now };
        db.Users.Add(rep);
        await db.SaveChangesAsync();
        return rep.Id;
    }

    private static async Task<Guid> AddAsync(TestDatabase database, Organization organization)
    {
        await using var db = database.NewContext();
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        return organization.Id;
    }
}
