using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PreviewAccess.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AccessChangeVersionsAtCommit : Migration
    {
        private static readonly string[] Tables = ["Organizations", "Enrollments", "EnrollmentIdentifiers", "Grants", "UnsupportedCountries", "Models"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Each notification now carries the version its change took ("organization|version"), so the instances'
            // safety net can tell exactly which change was never notified. The triggers become deferred constraint
            // triggers: the version is taken at commit, so versions are taken in (nearly) commit order, a transaction
            // that rolls back takes none, and a version is outstanding only while its commit runs.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    organization text;
                    version bigint;
                BEGIN
                    version := nextval('access_change_seq');
                    IF TG_ARGV[0] = '*' THEN
                        organization := '*';
                    ELSIF TG_OP = 'DELETE' THEN
                        organization := to_jsonb(OLD) ->> TG_ARGV[0];
                    ELSE
                        organization := to_jsonb(NEW) ->> TG_ARGV[0];
                    END IF;
                    PERFORM pg_notify('access_changes', coalesce(organization, '*') || '|' || version);
                    RETURN NULL;
                END;
                $$;
                """);
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""
                    DROP TRIGGER access_changed ON "{table}";
                    CREATE CONSTRAINT TRIGGER access_changed AFTER INSERT OR UPDATE OR DELETE ON "{table}"
                        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION access_changed({Argument(table)});
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""
                    DROP TRIGGER access_changed ON "{table}";
                    CREATE TRIGGER access_changed AFTER INSERT OR UPDATE OR DELETE ON "{table}" FOR EACH ROW EXECUTE FUNCTION access_changed({Argument(table)});
                    """);
            }

            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    organization text;
                BEGIN
                    PERFORM nextval('access_change_seq');
                    IF TG_ARGV[0] = '*' THEN
                        organization := '*';
                    ELSIF TG_OP = 'DELETE' THEN
                        organization := to_jsonb(OLD) ->> TG_ARGV[0];
                    ELSE
                        organization := to_jsonb(NEW) ->> TG_ARGV[0];
                    END IF;
                    PERFORM pg_notify('access_changes', coalesce(organization, '*'));
                    RETURN NULL;
                END;
                $$;
                """);
        }

        private static string Argument(string table) => table switch
        {
            "Organizations" => "'Id'",
            "UnsupportedCountries" or "Models" => "'*'",
            _ => "'OrganizationId'",
        };
    }
}
