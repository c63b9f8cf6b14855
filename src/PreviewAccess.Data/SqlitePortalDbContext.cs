using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PreviewAccess.Data.Audit;

namespace PreviewAccess.Data;

/// <param name="auditChainKeys">The audit chain's keys (from DI); without them the context cannot write or verify audit events.</param>
public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options, AuditChainKeyring? auditChainKeys = null) : PortalDbContext(options, auditChainKeys)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        base.ConfigureConventions(configurationBuilder);
        // SQLite cannot compare or order DateTimeOffset values; stored as UTC ticks they sort and filter in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    // SQLite admits one writer at a time; the transaction's write lock orders the chain.
    protected override Task LockAuditChainAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
