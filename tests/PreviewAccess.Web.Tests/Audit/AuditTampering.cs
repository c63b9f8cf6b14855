using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PreviewAccess.Web.Tests.Audit;

/// <summary>
/// What someone with the database's owner rights can do to the audit log behind the portal's back: switch the append-only
/// triggers off (PostgreSQL) or drop and re-create them (SQLite), delete the newest events, rewrite a row and re-hash
/// the rest with the chain's original, unkeyed algorithm (SHA-256 over length-prefixed fields, public in the source).
/// </summary>
public static class AuditTampering
{
    public static Task DeleteNewestAsync(PortalDbContext db, int count) =>
        WithoutTriggersAsync(db, () => db.Database.ExecuteSqlAsync(
            $"DELETE FROM \"AuditEvents\" WHERE \"Id\" > (SELECT MAX(\"Id\") FROM \"AuditEvents\") - {count}"));

    public static Task DeleteAsync(PortalDbContext db, long id) =>
        WithoutTriggersAsync(db, () => db.Database.ExecuteSqlAsync($"DELETE FROM \"AuditEvents\" WHERE \"Id\" = {id}"));

    /// <summary>
    /// Changes the actor of event <paramref name="id"/> and recomputes its hash and every later one with the unkeyed
    /// algorithm, so that each event again carries a hash of itself and of the one before it.
    /// </summary>
    public static async Task RewriteAndRehashAsync(PortalDbContext db, long id, string actor)
    {
        var events = await db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        var previous = events.Where(e => e.Id < id).Select(e => e.Hash).LastOrDefault() ?? string.Empty;
        await WithoutTriggersAsync(db, async () =>
        {
            foreach (var e in events.Where(e => e.Id >= id))
            {
                var newActor = e.Id == id ? actor : e.Actor;
                var hash = UnkeyedHash(previous, e.Id, e.At, newActor, e.Action, e.SubjectType, e.SubjectId, e.OrganizationId, e.Before, e.After);
                await db.Database.ExecuteSqlAsync($"UPDATE \"AuditEvents\" SET \"Actor\" = {newActor}, \"PreviousHash\" = {previous}, \"Hash\" = {hash} WHERE \"Id\" = {e.Id}");
                previous = hash;
            }

            return 0;
        });
    }

    /// <summary>Writes an event as the portal wrote them before the chain was keyed; returns its hash.</summary>
    public static async Task<string> InsertUnkeyedEventAsync(PortalDbContext db, long id, DateTimeOffset at, string actor, string action, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(db);
        var subjectId = Guid.NewGuid().ToString();
        const string after = "{\"status\":\"Nominated\"}";
        var hash = UnkeyedHash(previousHash, id, at, actor, action, "Organization", subjectId, null, null, after);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "AuditEvents" ("Id", "At", "Actor", "Action", "SubjectType", "SubjectId", "OrganizationId", "Before", "After", "PreviousHash", "Hash")
            VALUES ({id}, {at}, {actor}, {action}, {"Organization"}, {subjectId}, {(Guid?)null}, {(string?)null}, {after}, {previousHash}, {hash})
            """);
        return hash;
    }

    /// <summary>The chain's hash as first published: no key, anyone can compute it.</summary>
    public static string UnkeyedHash(string previousHash, long id, DateTimeOffset at, string actor, string action, string subjectType, string subjectId,
        Guid? organizationId, string? before, string? after)
    {
        var text = new StringBuilder();
        foreach (var field in new[]
                 {
                     previousHash, id.ToString(CultureInfo.InvariantCulture), at.UtcTicks.ToString(CultureInfo.InvariantCulture), actor,
                     action, subjectType, subjectId, organizationId?.ToString() ?? string.Empty, before ?? "\0", after ?? "\0",
                 })
        {
            text.Append(field.Length).Append(':').Append(field).Append('|');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Runs <paramref name="tamper"/> with the append-only triggers out of the way, and puts them back.</summary>
    public static async Task WithoutTriggersAsync(PortalDbContext db, Func<Task<int>> tamper)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tamper);
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AuditEvents\" DISABLE TRIGGER USER");
            try { await tamper(); }
            finally { await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"AuditEvents\" ENABLE TRIGGER USER"); }
            return;
        }

        await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;");
        try { await tamper(); }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("""
                CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON "AuditEvents"
                BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: UPDATE is not allowed'); END;
                CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON "AuditEvents"
                BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: DELETE is not allowed'); END;
                """);
        }
    }
}
