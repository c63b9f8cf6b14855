using System.Text;
using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;

namespace PreviewAccess.Web.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the tests, shared by the classes of a test collection (see Infrastructure/PostgresCollections.cs).
/// Where it comes from, in order:
/// <list type="number">
/// <item>the connection string in the <c>PREVIEWACCESS_TEST_POSTGRES</c> environment variable
/// (<c>./scripts/test.sh</c> sets it to a throwaway local cluster when there is no Docker);</item>
/// <item>a Testcontainers <c>postgres:15-alpine</c> container, when a Docker engine answers;</item>
/// <item>otherwise <see cref="InitializeAsync"/> fails with an <see cref="InvalidOperationException"/> saying how to get one.</item>
/// </list>
/// Tests never share mutable state: each test class asks <see cref="CreateDatabaseAsync"/> for a database of its own.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string EnvironmentVariable = "PREVIEWACCESS_TEST_POSTGRES";
    public const string ContainerImage = "postgres:15-alpine";

    // PostgreSQL truncates identifiers past 63 bytes; prefix + '_' + 32 hex digits stays within it.
    private const int MaxPrefixLength = 30;

    private static readonly string NoServerMessage =
        "The tests need a PostgreSQL server and none is available. Either set the "
        + EnvironmentVariable + " environment variable to the connection string of a server on which the tests may "
        + "create databases (e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres), "
        + "or run a Docker engine so that Testcontainers can start " + ContainerImage + ". "
        + "./scripts/test.sh does this for you: without Docker it starts a throwaway local PostgreSQL cluster "
        + "and sets " + EnvironmentVariable + ".";

    private readonly Lock _gate = new();
    private readonly List<string> _createdDatabases = [];
    private readonly Dictionary<string, Lazy<Task<string>>> _templates = new(StringComparer.Ordinal);
    private PostgreSqlContainer? _container;
    private string? _adminConnectionString;

    /// <summary>Connection string of the server's maintenance database (superuser); valid after initialization.</summary>
    public string AdminConnectionString =>
        _adminConnectionString ?? throw new InvalidOperationException("The PostgreSQL server has not been initialized yet.");

    /// <summary>True when the server is a container this fixture started (and will remove).</summary>
    public bool IsContainer => _container is not null;

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            await EnsureReachableAsync(configured);
            _adminConnectionString = configured;
            return;
        }

        PostgreSqlContainer container;
        try
        {
            // Build() is where Testcontainers finds out whether a Docker engine answers.
            container = new PostgreSqlBuilder(ContainerImage).Build();
        }
        catch (DockerUnavailableException ex)
        {
            throw new InvalidOperationException(NoServerMessage, ex);
        }

        _container = container;
        await container.StartAsync();
        _adminConnectionString = container.GetConnectionString();
    }

    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            // Removing the container removes every database in it.
            await _container.DisposeAsync();
            return;
        }

        if (_adminConnectionString is null)
        {
            return;
        }

        // An external server outlives the tests: drop what this fixture created, best effort.
        string[] databases;
        lock (_gate)
        {
            databases = [.. _createdDatabases];
            _createdDatabases.Clear();
        }

        foreach (var database in databases)
        {
            try
            {
                using (var pooled = new NpgsqlConnection(WithDatabase(_adminConnectionString, database)))
                {
                    NpgsqlConnection.ClearPool(pooled);
                }

                await using var connection = new NpgsqlConnection(_adminConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(database)} WITH (FORCE)", connection);
                await command.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException)
            {
                // A leftover database on a test server is harmless; failing the run over it is not.
            }
        }
    }

    /// <summary>
    /// Creates a new, empty database with a unique name starting with <paramref name="prefix"/>
    /// (sanitized to lower-case letters, digits and underscores) and returns its connection string.
    /// </summary>
    public Task<string> CreateDatabaseAsync(string prefix) => CreateDatabaseAsync(prefix, template: null);

    private async Task<string> CreateDatabaseAsync(string prefix, string? template)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var admin = AdminConnectionString;
        var name = $"{SanitizePrefix(prefix)}_{Guid.NewGuid():N}";
        var copying = template is null ? string.Empty : $" TEMPLATE {QuoteIdentifier(template)}";

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(admin);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}{copying}", connection);
                await command.ExecuteNonQueryAsync();
                break;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && template is not null && attempt < 50)
            {
                // Copies of one template made at the same moment can find it busy for an instant.
                await Task.Delay(100);
            }
        }

        lock (_gate)
        {
            _createdDatabases.Add(name);
        }

        // Each test class has its own database and so its own pool: idle connections are closed within seconds,
        // or a full run would hold hundreds of them open and exhaust the server's max_connections.
        return new NpgsqlConnectionStringBuilder(WithDatabase(admin, name)) { ConnectionIdleLifetime = 5, ConnectionPruningInterval = 2 }.ConnectionString;
    }

    /// <summary>
    /// Creates a new database with a unique name starting with <paramref name="prefix"/> as a copy of a template database
    /// that this server builds once, on first use, with <paramref name="prepare"/> (given the template's connection string).
    /// Copying a prepared database takes a fraction of a second; migrating and seeding one takes seconds, at every test.
    /// </summary>
    /// <param name="template">Names the template: every call with the same name copies the same database.</param>
    public async Task<string> CreateDatabaseFromTemplateAsync(string prefix, string template, Func<string, Task> prepare)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(prepare);
        Lazy<Task<string>> built;
        lock (_gate)
        {
            if (!_templates.TryGetValue(template, out built!))
            {
                built = new Lazy<Task<string>>(() => BuildTemplateAsync(template, prepare));
                _templates.Add(template, built);
            }
        }

        return await CreateDatabaseAsync(prefix, await built.Value);
    }

    private async Task<string> BuildTemplateAsync(string template, Func<string, Task> prepare)
    {
        var connectionString = await CreateDatabaseAsync("template_" + template);
        await prepare(connectionString);
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;

        // A database is copied only while nobody is connected to it.
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", connection);
        command.Parameters.AddWithValue("name", name);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    private static async Task EnsureReachableAsync(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"{EnvironmentVariable} is not a valid Npgsql connection string: {ex.Message}", ex);
        }

        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
        }
        catch (NpgsqlException ex)
        {
            // Host, port and user only: the password stays out of test output.
            throw new InvalidOperationException(
                $"{EnvironmentVariable} is set, but connecting to PostgreSQL at {builder.Host}:{builder.Port} as "
                + $"'{builder.Username}' failed: {ex.Message}. Fix or unset it; unset, ./scripts/test.sh starts a "
                + "throwaway local cluster (or Testcontainers is used when a Docker engine answers).",
                ex);
        }
    }

    private static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    private static string SanitizePrefix(string prefix)
    {
        var builder = new StringBuilder(MaxPrefixLength);
        foreach (var c in prefix)
        {
            if (builder.Length == MaxPrefixLength)
            {
                break;
            }

            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }

        // An identifier must not start with a digit.
        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, 't');
            builder.Length = Math.Min(builder.Length, MaxPrefixLength);
        }

        return builder.ToString();
    }

    private static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
