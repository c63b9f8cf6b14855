using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PreviewAccess.Data;

/// <summary>Told, after a commit, which organizations' access facts it changed ("*" for the catalog or the country list).</summary>
public interface IAccessChangeSink
{
    Task ApplyAsync(IReadOnlyCollection<string> changes, CancellationToken cancellationToken);
}

/// <summary>
/// Read-your-writes for the access check: the instance that commits a change applies it to its own snapshot before
/// the request that made it answers, instead of waiting for the database's notification (PostgreSQL) or poll (SQLite).
/// The changes are the rows of the tables whose triggers signal access changes (migration AccessChangeSignals), named
/// the way those triggers name them. Collected when saving, handed on at commit (or at once without a transaction),
/// dropped on rollback. A failure here is logged, never thrown: the change is committed, and the other signals still
/// carry it.
/// </summary>
public sealed class AccessChangeInterceptor(IServiceProvider services, ILogger<AccessChangeInterceptor> logger) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>Past this many organizations in one commit, the notification path applies them instead of the request.</summary>
    public const int ReadYourWritesLimit = 200;

    /// <summary>The signalling tables, with the column that names the organization ("*": every organization).</summary>
    private static readonly Dictionary<string, string> Tables = new(StringComparer.Ordinal)
    {
        ["Organizations"] = "Id",
        ["Enrollments"] = "OrganizationId",
        ["EnrollmentIdentifiers"] = "OrganizationId",
        ["Grants"] = "OrganizationId",
        ["UnsupportedCountries"] = "*",
        ["Models"] = "*",
    };

    private readonly ConditionalWeakTable<DbContext, HashSet<string>> _pending = [];

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        // Without a transaction of its own, SaveChanges committed.
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null) await FlushAsync(context, cancellationToken);
        return result;
    }

    /// <summary>
    /// A synchronous save or commit does not block on the snapshot's refresh: its changes are left to the database's
    /// signal (notification or poll), as another instance's would be. The portal saves asynchronously everywhere.
    /// </summary>
    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null) _pending.Remove(context);
        return result;
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context) _pending.Remove(context);
    }

    public async Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) await FlushAsync(context, cancellationToken);
    }

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) _pending.Remove(context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context) _pending.Remove(context);
    }

    private void Collect(DbContext? context)
    {
        if (context is null) return;
        HashSet<string>? changes = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            if (entry.Metadata.GetTableName() is not { } table || !Tables.TryGetValue(table, out var column)) continue;
            changes ??= _pending.GetOrCreateValue(context);
            if (column == "*")
            {
                changes.Add("*");
                continue;
            }

            var store = StoreObjectIdentifier.Table(table, entry.Metadata.GetSchema());
            var property = entry.Metadata.GetProperties().FirstOrDefault(p => p.GetColumnName(store) == column);
            if (property is null) continue;
            var value = entry.State == EntityState.Deleted ? entry.Property(property.Name).OriginalValue : entry.Property(property.Name).CurrentValue;
            if (value is Guid id) changes.Add(id.ToString());
        }
    }

    private async Task FlushAsync(DbContext context, CancellationToken cancellationToken)
    {
        if (!_pending.TryGetValue(context, out var changes)) return;
        _pending.Remove(context);
        if (changes.Count == 0 || changes.Count > ReadYourWritesLimit) return;
        try
        {
            foreach (var sink in services.GetServices<IAccessChangeSink>()) await sink.ApplyAsync(changes, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Applying {Count} committed access changes to this instance's snapshot failed; the change signal will carry them", changes.Count);
        }
    }
}
