using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data.Audit;

namespace PreviewAccess.Data;

/// <param name="auditChainKeys">The audit chain's keys (from DI); without them the context cannot write or verify audit events.</param>
public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options, AuditChainKeyring? auditChainKeys = null) : PortalDbContext(options, auditChainKeys)
{
    /// <summary>An arbitrary, fixed key for the advisory lock that orders writers of the audit chain.</summary>
    private const long AuditChainLockKey = 0x5041_4155_4449_54; // "PAAUDIT"

    /// <summary>An arbitrary, fixed key for the lock that lets one instance at a time set a database up.</summary>
    private const long InitializationLockKey = 0x5041_494E_4954; // "PAINIT"

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override async Task<IAsyncDisposable> HoldInitializationLockAsync(CancellationToken cancellationToken)
    {
        // A session-level lock on a connection kept open for as long as it is held: instances started
        // together on a new database wait here instead of racing to create the same roles and rows.
        await Database.OpenConnectionAsync(cancellationToken);
        await Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({InitializationLockKey})", cancellationToken);
        return new Release(this);
    }

    private sealed class Release(PostgresPortalDbContext db) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({InitializationLockKey})");
            await db.Database.CloseConnectionAsync();
        }
    }

    protected override Task LockAuditChainAsync(CancellationToken cancellationToken) =>
        Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AuditChainLockKey})", cancellationToken);
}
