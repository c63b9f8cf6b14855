namespace PreviewAccess.Data;

/// <summary>Chosen by <c>Database:Provider</c>: embedded SQLite for a set-up-free run, PostgreSQL in production.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
