using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace PreviewAccess.Data;

/// <summary>
/// How long the portal waits for its database before it says so, and which failures mean "the database is away" rather
/// than "this request is wrong". A write during an outage is retried by the execution strategy
/// (<see cref="MaxRetries"/> times, at most <see cref="MaxRetryDelay"/> apart: about 3 s in all) and then answered
/// with 503 and Retry-After, never held until the client gives up; a connection that cannot be opened gives up after
/// <see cref="ConnectTimeoutSeconds"/> unless the connection string says otherwise.
/// </summary>
public static class DatabaseFaults
{
    public const int MaxRetries = 4;

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    public const int ConnectTimeoutSeconds = 3;

    /// <summary>What a client is told to wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>Whether <paramref name="exception"/> (or one it wraps) says the database could not be reached or answered in time.</summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case RetryLimitExceededException:
                case SocketException:
                case TimeoutException:
                // A constraint or syntax error is a PostgresException too, and not transient: only the transient ones count.
                case NpgsqlException { IsTransient: true }:
                // SQLite's file is busy or locked by another writer for longer than its timeout.
                case SqliteException { SqliteErrorCode: 5 or 6 }:
                    return true;
            }
        }

        return false;
    }

    /// <summary>The connection string with <see cref="ConnectTimeoutSeconds"/> as its connect timeout, unless it sets one.</summary>
    public static string WithConnectTimeout(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Timeout") || given.ContainsKey("Connect Timeout") || given.ContainsKey("Connection Timeout")) return connectionString;
        return new NpgsqlConnectionStringBuilder(connectionString) { Timeout = ConnectTimeoutSeconds }.ConnectionString;
    }
}
