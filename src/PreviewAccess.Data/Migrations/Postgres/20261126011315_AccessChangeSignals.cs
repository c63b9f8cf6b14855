using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PreviewAccess.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AccessChangeSignals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every change that can alter an access decision signals the running instances: a NOTIFY naming the
            // organization (delivered at commit), and a sequence they poll as a safety net for missed notifications.
            migrationBuilder.Sql("""
                CREATE SEQUENCE access_change_seq;
                CREATE FUNCTION access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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
                CREATE TRIGGER access_changed AFTER INSERT OR UPDATE OR DELETE ON "Organizations" FOR EACH ROW EXECUTE FUNCTION access_changed('Id');
                CREATE TRIGGER access_changed AFTER INSERT OR UPDATE OR DELETE ON "Enrollments" FOR EACH ROW EXECUTE FUNCTION access_changed('OrganizationId');
                CREATE TRIGGER access_changed AFTER INSERT OR UPDATE OR DELETE ON "EnrollmentIdentifiers" FOR EACH ROW EXECUTE FUNCTION access_changed('OrganizationId');
                CREATE TRIGGER access_changed AFTER INSERT OR UPDATE OR DELETE ON "Grants" FOR EACH ROW EXECUTE FUNCTION access_changed('OrganizationId');
                CREATE TRIGGER access_changed AFTER INSERT OR UPDATE OR DELETE ON "UnsupportedCountries" FOR EACH ROW EXECUTE FUNCTION access_changed('*');
                CREATE TRIGGER access_changed AFTER INSERT OR UPDATE OR DELETE ON "Models" FOR EACH ROW EXECUTE FUNCTION access_changed('*');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER access_changed ON "Models";
                DROP TRIGGER access_changed ON "UnsupportedCountries";
                DROP TRIGGER access_changed ON "Grants";
                DROP TRIGGER access_changed ON "EnrollmentIdentifiers";
                DROP TRIGGER access_changed ON "Enrollments";
                DROP TRIGGER access_changed ON "Organizations";
                DROP FUNCTION access_changed();
                DROP SEQUENCE access_change_seq;
                """);
        }
    }
}
