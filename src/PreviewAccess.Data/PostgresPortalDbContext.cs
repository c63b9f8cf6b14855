using Microsoft.EntityFrameworkCore;

namespace PreviewAccess.Data;

public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : PortalDbContext(options)
{
    /// <summary>An arbitrary, fixed key for the advisory lock that orders writers of the audit chain.</summary>
    private const long AuditChainLockKey = 0x5041_4155_4449_54; // "PAAUDIT"

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override Task LockAuditChainAsync(CancellationToken cancellationToken) =>
        Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AuditChainLockKey})", cancellationToken);
}
