using Microsoft.EntityFrameworkCore;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Data.Access;

/// <summary>Receives the access facts' rows as they stream from the database; nothing holds a list of rows.</summary>
public interface IAccessFactRowSink
{
    void AddOrganization(Guid id, bool suspended, DateTimeOffset createdAt, IReadOnlyList<string>? enrollmentEmails);

    void AddEnrollmentIdentifier(Guid organizationId, string value);

    void AddGrant(Guid organizationId, Surface surface, string identifier, GrantStatus status,
        IReadOnlyList<string> models, IReadOnlyList<string> accountEmails, DateOnly? expiresOn);
}

/// <summary>How many rows a full read will hand over, so that the receiver can allocate each table once at its final size.</summary>
public readonly record struct AccessFactRowCounts(int Organizations, int EnrollmentIdentifiers, int Grants);

/// <summary>
/// The rows an access decision needs, read for the in-memory snapshot: three narrow queries (organizations with their
/// enrollment's emails, enrollment identifiers, grants), just the columns the decision reads.
/// </summary>
public static class AccessFactRows
{
    public static async Task<AccessFactRowCounts> CountAllAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var organizations = db.Organizations.AsNoTracking();
        return new AccessFactRowCounts(
            await organizations.CountAsync(cancellationToken),
            await organizations.SelectMany(o => o.Enrollment!.Identifiers).CountAsync(cancellationToken),
            await db.Grants.AsNoTracking().CountAsync(cancellationToken));
    }

    /// <summary>Streams the rows of every organization, or of <paramref name="only"/> these, into <paramref name="sink"/>.</summary>
    /// <returns>
    /// For a full read on PostgreSQL, the transaction snapshot (<c>pg_current_snapshot()</c>) every row was read in, which
    /// <see cref="StoredAccessImage"/> stores with an image of them; otherwise null.
    /// </returns>
    public static async Task<string?> ReadAsync(PortalDbContext db, Guid[]? only, IAccessFactRowSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(sink);
        if (only is null && db.Provider == DatabaseProvider.Postgres) return await ReadAllOnPostgresAsync(db, sink, cancellationToken);

        var organizations = db.Organizations.AsNoTracking();
        var grants = db.Grants.AsNoTracking();
        if (only is not null)
        {
            organizations = organizations.Where(o => only.Contains(o.Id));
            grants = grants.Where(g => only.Contains(g.OrganizationId));
        }

        await foreach (var o in organizations
            .Select(o => new { o.Id, o.Status, o.CreatedAt, Emails = o.Enrollment == null ? null : o.Enrollment.AccountEmails })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            sink.AddOrganization(o.Id, o.Status == OrganizationStatus.Suspended, o.CreatedAt, o.Emails);
        }

        await foreach (var identifier in organizations.SelectMany(o => o.Enrollment!.Identifiers, (o, i) => new { o.Id, i.Value })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            sink.AddEnrollmentIdentifier(identifier.Id, identifier.Value);
        }

        await foreach (var g in grants
            .Select(g => new { g.OrganizationId, g.Surface, g.Identifier, g.Status, g.Models, g.AccountEmails, g.ExpiresOn })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            sink.AddGrant(g.OrganizationId, g.Surface, g.Identifier, g.Status, g.Models, g.AccountEmails, g.ExpiresOn);
        }

        return null;
    }

    /// <summary>The unsupported countries and the catalog's model ids.</summary>
    public static async Task<(IReadOnlySet<string> UnsupportedCountries, IReadOnlySet<string> ModelIds)> ReadReferenceAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var unsupported = await db.UnsupportedCountries.AsNoTracking().Select(c => c.Code).ToListAsync(cancellationToken);
        var models = await db.Models.AsNoTracking().Select(m => m.ModelId).ToListAsync(cancellationToken);
        return (unsupported.ToHashSet(StringComparer.Ordinal), models.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// A full load on PostgreSQL (100,000 organizations, a million enrollment identifiers and grants), read with a
    /// plain data reader on the context's connection. EF Core buffers a whole query's result when the context retries
    /// on failure (EnableRetryOnFailure), even for AsAsyncEnumerable: a million grant rows with their arrays were held
    /// at once, and the heap grew to ~1 GB for ~230 MB of snapshot (measured, bench/README.md). A failure here fails
    /// the load, which the caller retries. The three queries run in one read-only repeatable-read transaction: the rows
    /// are those of one moment, the transaction snapshot returned.
    /// </summary>
    private static async Task<string> ReadAllOnPostgresAsync(PortalDbContext db, IAccessFactRowSink sink, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            string snapshot;
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "SET TRANSACTION READ ONLY; SELECT pg_current_snapshot()::text";
                snapshot = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
            }

            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    SELECT o."Id", o."Status", o."CreatedAt", e."AccountEmails"
                    FROM "Organizations" AS o LEFT JOIN "Enrollments" AS e ON e."OrganizationId" = o."Id"
                    """;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    sink.AddOrganization(reader.GetGuid(0), reader.GetString(1) == nameof(OrganizationStatus.Suspended), reader.GetFieldValue<DateTimeOffset>(2),
                        await reader.IsDBNullAsync(3, cancellationToken) ? null : reader.GetFieldValue<string[]>(3));
                }
            }

            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "SELECT \"OrganizationId\", \"Value\" FROM \"EnrollmentIdentifiers\"";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) sink.AddEnrollmentIdentifier(reader.GetGuid(0), reader.GetString(1));
            }

            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "SELECT \"OrganizationId\", \"Surface\", \"Identifier\", \"Status\", \"Models\", \"AccountEmails\", \"ExpiresOn\" FROM \"Grants\"";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    sink.AddGrant(reader.GetGuid(0), Enum.Parse<Surface>(reader.GetString(1)), reader.GetString(2),
                        Enum.Parse<GrantStatus>(reader.GetString(3)), reader.GetFieldValue<string[]>(4), reader.GetFieldValue<string[]>(5),
                        await reader.IsDBNullAsync(6, cancellationToken) ? null : reader.GetFieldValue<DateOnly>(6));
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return snapshot;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>
/// The database's side of the access-change signals (migrations AccessChangeSignals and AccessChangeVersionsAtCommit):
/// the version the triggers move, and on PostgreSQL the channel they notify at commit ("organization|version").
/// </summary>
public static class AccessChangeSignals
{
    public const string Channel = "access_changes";

    // Before the first nextval a sequence shows its start value with is_called false: no version has been taken yet.
    private const string PostgresVersionSql = "SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS \"Value\" FROM access_change_seq";
    private const string SqliteVersionSql = "SELECT \"Value\" FROM \"AccessChangeVersion\" WHERE \"Id\" = 1";

    /// <summary>The latest version a committed change took (0: none yet).</summary>
    public static Task<long> ReadVersionAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.SqlQueryRaw<long>(db.Provider == DatabaseProvider.Postgres ? PostgresVersionSql : SqliteVersionSql).SingleAsync(cancellationToken);
    }

    /// <summary>Sends <paramref name="payload"/> on the channel (PostgreSQL only), in order with the triggers' notifications.</summary>
    public static async Task NotifyAsync(PortalDbContext db, string payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", cancellationToken);
    }

    /// <summary>The statement that subscribes a connection to the channel.</summary>
    public static string ListenStatement => $"LISTEN {Channel}";

    /// <summary>
    /// On SQLite (migration AccessChangesByOrganization): the changes committed after <paramref name="afterVersion"/>, in
    /// version order, at most <paramref name="limit"/>; each names its organization, or <c>*</c> for the countries and
    /// the catalog. One writer at a time, so no version commits after a higher one: what is read has no gaps.
    /// </summary>
    public static async Task<IReadOnlyList<(long Version, string Organization)>> ReadChangesAsync(PortalDbContext db, long afterVersion, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Database
            .SqlQuery<AccessChangeRow>($"SELECT \"Version\", \"OrganizationId\" FROM \"AccessChanges\" WHERE \"Version\" > {afterVersion} ORDER BY \"Version\" LIMIT {limit}")
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.Version, r.OrganizationId))];
    }

    /// <summary>On SQLite: forgets the changes through <paramref name="version"/>, which the one instance has applied.</summary>
    public static Task ForgetChangesAsync(PortalDbContext db, long version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.ExecuteSqlAsync($"DELETE FROM \"AccessChanges\" WHERE \"Version\" <= {version}", cancellationToken);
    }

    private sealed record AccessChangeRow(long Version, string OrganizationId);
}
