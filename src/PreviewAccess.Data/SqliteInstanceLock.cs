using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;

namespace PreviewAccess.Data;

/// <summary>
/// SQLite is the embedded default for one portal instance. That instance reads the access-change log and then forgets
/// what it read (migration AccessChangesByOrganization), so a second instance on the same file would miss changes and
/// answer the access check from a stale snapshot, silently. The running instance therefore holds an exclusive lock on
/// a file next to the database (<c>&lt;database&gt;-instance.lock</c>) for as long as it runs, and a second one stops at
/// start-up saying why — before it touches the database (<see cref="Acquire"/>, called ahead of the migrations and the
/// demo seed). The lock goes with the host (<see cref="Dispose"/>) or, however it ends, with the process. The command
/// line takes no lock: it polls nothing (it does apply pending migrations, so a newer version's command line belongs
/// after the portal is stopped). The lock is the operating system's advisory one (.NET's <see cref="FileShare.None"/>):
/// it is not taken where file locking is switched off (<c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c>).
/// </summary>
public sealed class SqliteInstanceLock(string connectionString) : IHostedService, IDisposable
{
    private FileStream? _held;

    /// <summary>The lock file for a database on disk (a path or a <c>file:</c> URI); null for an in-memory database, which no other process can open.</summary>
    public static string? LockFileFor(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || builder.Mode == SqliteOpenMode.Memory) return null;
        if (source.StartsWith("file:", StringComparison.Ordinal))
        {
            var query = source.IndexOf('?', StringComparison.Ordinal);
            if (query >= 0 && source[query..].Contains("mode=memory", StringComparison.OrdinalIgnoreCase)) return null;
            var path = Uri.UnescapeDataString(query >= 0 ? source["file:".Length..query] : source["file:".Length..]);
            // file:///data/portal.db and file:/data/portal.db name the same file.
            source = path.StartsWith("//", StringComparison.Ordinal) ? path[2..] : path;
            if (source.Length == 0 || source == ":memory:") return null;
        }

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
                $"(it holds {path}: {e.Message}). SQLite serves one instance: stop the other one, or run several on PostgreSQL (Database:Provider=Postgres).", e);
        }
    }

    /// <summary>For a host started without Program's early <see cref="Acquire"/>: still before every other hosted service.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Acquire();
        return Task.CompletedTask;
    }

    /// <summary>Keeps the lock: a background service that outlives a timed-out stop may still write. It goes in <see cref="Dispose"/>.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _held?.Dispose();
        _held = null;
    }
}
