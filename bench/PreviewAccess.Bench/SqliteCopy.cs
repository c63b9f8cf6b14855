using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;

namespace PreviewAccess.Bench;

/// <summary>
/// The embedded default at scale: a new SQLite database holding the program seeded on PostgreSQL — the staff, their
/// API key, every organization with its enrollment, identifiers and decisions, every grant — so the same targets have
/// the same answers there. Written through the portal's own model (its SQLite migrations, its contexts, their value
/// conversions), not by hand-encoded SQL: what the portal reads back is what it would have written itself. The
/// triggers fire for every row, as for any write; the change log they fill is emptied at the end (the first load
/// reads everything, as after the PostgreSQL seed's replica-mode load).
/// </summary>
internal static class SqliteCopy
{
    private const int Batch = 2_000;

    public static async Task<int> RunAsync(Options options)
    {
        var path = Path.GetFullPath(options.Required("sqlite"));
        if (File.Exists(path)) throw new BenchException($"{path} exists already: the copy writes a new database.");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        var clock = Stopwatch.StartNew();
        await using var source = Postgres(options.Required("connection"));
        await using var target = Sqlite(path);
        await target.Database.MigrateAsync();
        // In the order of the foreign keys: organizations name their account rep, partners their organization.
        await CopyAsync(source.Roles, target);
        await CopyAsync(source.Users.Where(u => u.OrganizationId == null), target);
        var organizations = await CopyAsync(source.Organizations, target);
        var grants = await CopyAsync(source.Grants, target);
        await CopyAsync(source.Users.Where(u => u.OrganizationId != null), target);
        await CopyAsync(source.UserRoles, target);
        await CopyAsync(source.UserClaims, target);
        await CopyAsync(source.ApiKeys, target);
        await target.Database.ExecuteSqlRawAsync("DELETE FROM \"AccessChanges\"");
        await target.Database.ExecuteSqlRawAsync("VACUUM");

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"copied {organizations:N0} organizations and {grants:N0} grants into SQLite ({new FileInfo(path).Length / 1048576.0:0} MB) in {clock.Elapsed.TotalSeconds:0.0} s"));
        return 0;
    }

    /// <summary>Without the portal's retrying strategy: under one, EF buffers a whole result before the first row.</summary>
    private static PostgresPortalDbContext Postgres(string connectionString) =>
        new(new DbContextOptionsBuilder<PostgresPortalDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery)).Options);

    public static SqlitePortalDbContext Sqlite(string path)
    {
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>();
        DatabaseServiceCollectionExtensions.ConfigureSqlite(options, $"Data Source={path}");
        return new SqlitePortalDbContext(options.Options);
    }

    /// <summary>Streams one table (an aggregate with what it owns) across, <see cref="Batch"/> rows per transaction.</summary>
    private static async Task<int> CopyAsync<T>(IQueryable<T> rows, PortalDbContext target) where T : class
    {
        target.ChangeTracker.AutoDetectChangesEnabled = false;
        var started = Stopwatch.GetTimestamp();
        var count = 0;
        await foreach (var row in rows.AsNoTracking().AsAsyncEnumerable())
        {
            target.Add(row);
            if (++count % Batch == 0) await SaveAsync(target);
        }

        await SaveAsync(target);
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {typeof(T).Name}: {count:N0} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s"));
        return count;
    }

    private static async Task SaveAsync(PortalDbContext target)
    {
        await target.SaveChangesAsync();
        target.ChangeTracker.Clear();
    }
}
