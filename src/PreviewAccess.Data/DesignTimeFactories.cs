using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PreviewAccess.Data;

// Used only by `dotnet ef migrations add`: each provider's migrations are generated against its own context.
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPortalDbContext>
{
    public PostgresPortalDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresPortalDbContext>();
        DatabaseServiceCollectionExtensions.ConfigurePostgres(options, "Host=localhost;Database=previewaccess_design");
        return new PostgresPortalDbContext(options.Options);
    }
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePortalDbContext>
{
    public SqlitePortalDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>();
        DatabaseServiceCollectionExtensions.ConfigureSqlite(options, "Data Source=design.db");
        return new SqlitePortalDbContext(options.Options);
    }
}
