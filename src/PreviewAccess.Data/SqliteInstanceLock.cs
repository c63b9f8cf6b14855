using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;

namespace PreviewAccess.Data;

/// <summary>
/// SQLite is the embedded default for one portal instance. That instance reads the access-change log and then forgets
/// what it read (migration AccessChangesByOrganization), so a second instance on the same file would miss changes and
/// answer the access check from a stale snapshot, silently. The running instance therefore holds an exclusive lock on
/// a file next to the database (<c>&lt;database&gt;-instance.lock</c>) for as long as it runs, and a second one stops at
/// start-up saying why — before it touches the database (<see cref="Acquire"/>, called ahead of the migrations), so a
/// newer version started by mistake does not migrate the database under the running one either. The operating system
/// lets go of the lock when the process ends, however it ends. The command line takes no lock: it polls nothing.
/// </summary>
public sealed class SqliteInstanceLock(string connectionString) : IHostedService, IDisposable
{
    private FileStream? _held;

    /// <summary>The lock file for a database on disk; null for an in-memory or URI-named database, which no other process can open.</summary>
    public static string? LockFileFor(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || builder.Mode == SqliteOpenMode.Memory
            || source.StartsWith("file:", StringComparison.Ordinal)) return null;
        return Path.GetFullPath(source) + "-instance.lock";
    }

    /// <summary>Takes the lock, once; throws <see cref="InvalidOperationException"/>, saying why, while another instance holds it.</summary>
    public void Acquire()
    {
        if (_held is not null || LockFileFor(connectionString) is not { } path) return;
        try
        {
            _held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"Another portal instance is running on the SQLite database {new SqliteConnectionStringBuilder(connectionString).DataSource} " +
                $"(it holds {path}). SQLite serves one instance: stop the other one, or run several on PostgreSQL (Database:Provider=Postgres).", e);
        }
    }

    /// <summary>For a host started without Program's early <see cref="Acquire"/>: still before every other hosted service.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Acquire();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _held?.Dispose();
        _held = null;
    }
}
