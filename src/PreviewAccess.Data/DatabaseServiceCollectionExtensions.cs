using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PreviewAccess.Data.Audit;

namespace PreviewAccess.Data;

public static class DatabaseServiceCollectionExtensions
{
    public const string ConnectionStringName = "PreviewAccess";
    public const string DefaultSqliteConnectionString = "Data Source=App_Data/previewaccess.db";

    /// <summary>
    /// Registers the portal's database for <c>Database:Provider</c> (<c>Sqlite</c>, the default, or
    /// <c>Postgres</c>) and <c>ConnectionStrings:PreviewAccess</c>. <see cref="PortalDbContext"/>
    /// resolves to the provider's own subclass.
    /// </summary>
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = ReadProvider(configuration);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);

        switch (provider)
        {
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:PreviewAccess is not set.");
                }

                services.AddDbContext<PostgresPortalDbContext>((sp, options) => ConfigurePostgres(options, connectionString).AddInterceptors(sp.GetRequiredService<AccessChangeInterceptor>()));
                services.AddScoped<PortalDbContext>(sp => sp.GetRequiredService<PostgresPortalDbContext>());
                break;
            default:
                var sqlite = ResolveSqlitePath(connectionString ?? DefaultSqliteConnectionString, contentRootPath);
                services.AddDbContext<SqlitePortalDbContext>((sp, options) => ConfigureSqlite(options, sqlite).AddInterceptors(sp.GetRequiredService<AccessChangeInterceptor>()));
                services.AddScoped<PortalDbContext>(sp => sp.GetRequiredService<SqlitePortalDbContext>());
                // One instance per file: Program takes the lock before the migrations; as the first hosted service it is
                // held for the host's life and let go when the host is disposed.
                services.AddSingleton(_ => new SqliteInstanceLock(sqlite));
                services.AddHostedService(sp => sp.GetRequiredService<SqliteInstanceLock>());
                break;
        }

        services.AddScoped<UnitOfWork>();
        services.AddSingleton<AccessChangeInterceptor>();
        var keyring = AuditChainKeyring.FromConfiguration(configuration);
        services.AddSingleton(sp => keyring(sp.GetRequiredService<IDataProtectionProvider>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        // The Identity tables' schema belongs with the database: the model is built from it (IdentitySchema).
        services.Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(Identity.IdentitySchema.Apply);
        return services;
    }

    public static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException($"Database:Provider '{value}' is not known: use Sqlite or Postgres.");
    }

    public static DbContextOptionsBuilder ConfigurePostgres(DbContextOptionsBuilder options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        // One query per aggregate load: an organization and its few invitations, decisions and identifiers are small,
        // and a single query reads them consistently.
        // Transient failures (a serialization conflict, a dropped connection) are retried, briefly: during an outage a
        // request is answered within seconds (DatabaseFaults), not held until the client gives up.
        options.UseNpgsql(DatabaseFaults.WithConnectTimeout(connectionString), npgsql => npgsql
            .EnableRetryOnFailure(maxRetryCount: DatabaseFaults.MaxRetries, maxRetryDelay: DatabaseFaults.MaxRetryDelay, errorCodesToAdd: null)
            .UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery));
        return options;
    }

    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.UseSqlite(connectionString, sqlite => sqlite.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery));
    }

    /// <summary>A relative SQLite file is placed under the content root, and its folder is created.</summary>
    private static string ResolveSqlitePath(string connectionString, string contentRootPath)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } source && source != ":memory:" && !source.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = Path.IsPathRooted(source) ? source : Path.Combine(contentRootPath, source);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        return builder.ToString();
    }
}
