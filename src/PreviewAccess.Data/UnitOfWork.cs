using Microsoft.EntityFrameworkCore;

namespace PreviewAccess.Data;

/// <summary>
/// Runs a use case's writes as one transaction inside the provider's execution strategy, so that a
/// transient PostgreSQL failure retries the whole unit (not half of it). The work must be safe to
/// run again: it reads what it needs inside the delegate. Whatever ends it without a commit (a refusal, an
/// exception) leaves nothing tracked behind.
/// </summary>
public sealed class UnitOfWork(PortalDbContext db)
{
    public Task RunAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        RunAsync<bool>(async ct => { await work(ct); return true; }, cancellationToken);

    public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(work, _ => true, cancellationToken);

    /// <param name="shouldCommit">Looks at the work's result: false rolls everything back (e.g. the use case refused).</param>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, Func<T, bool> shouldCommit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shouldCommit);
        ArgumentNullException.ThrowIfNull(work);
        await db.PrepareAuditChainAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        var attempt = 0;
        return await strategy.ExecuteAsync(async ct =>
        {
            // A retry starts from a clean slate: nothing half-tracked from the failed attempt.
            if (attempt++ > 0) db.DiscardChanges();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var result = await work(ct);
                if (!shouldCommit(result))
                {
                    await transaction.RollbackAsync(ct);
                    db.DiscardChanges();
                    return result;
                }

                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return result;
            }
            catch
            {
                // A refused rule or a conflict part-way leaves nothing half-changed tracked in this scope.
                db.DiscardChanges();
                throw;
            }
        }, cancellationToken);
    }
}
