using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Common;

namespace PreviewAccess.Web.Features.Common;

/// <summary>How every write use case ends its transaction, stated once.</summary>
public static class UseCaseTransactions
{
    /// <summary>
    /// Runs <paramref name="work"/> as one unit of work that commits only when the outcome succeeded. A rule the domain
    /// refuses becomes <see cref="Outcome{T}.Refused(DomainException)"/> (400 on its field, or 409 for state); a row another
    /// person changed meanwhile becomes a 409 <see cref="Outcome.ChangedMeanwhile"/>. Either way nothing is saved.
    /// </summary>
    public static async Task<Outcome<T>> RunUseCaseAsync<T>(this UnitOfWork unitOfWork, Func<CancellationToken, Task<Outcome<T>>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unitOfWork);
        try
        {
            return await unitOfWork.RunAsync(work, outcome => outcome.Succeeded, cancellationToken);
        }
        catch (DomainException refusal)
        {
            return Outcome<T>.Refused(refusal);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<T>.Conflict(Outcome.ChangedMeanwhile);
        }
    }
}
