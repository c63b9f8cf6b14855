using PreviewAccess.Data;

namespace PreviewAccess.Web.Features.Access;

/// <summary>
/// A commit's own access changes, applied to this instance's snapshot before the request that made them answers
/// (<see cref="AccessChangeInterceptor"/>): an API client that suspends a grant and then checks it is refused at once,
/// on PostgreSQL and SQLite alike. Other instances still learn of the change from the database's signals.
/// </summary>
public sealed class ReadYourWrites(AccessSnapshot snapshot) : IAccessChangeSink
{
    public Task ApplyAsync(IReadOnlyCollection<string> changes, CancellationToken cancellationToken) => snapshot.RefreshAsync(changes, cancellationToken);
}
