using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PreviewAccess.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AccessChangesByOrganization : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Each change also says which organization it concerns ('*' for the countries and the catalog), under the same
            // version: the single instance refreshes those organizations instead of reloading everything.
            migrationBuilder.Sql("CREATE TABLE \"AccessChanges\" (\"Version\" INTEGER NOT NULL PRIMARY KEY, \"OrganizationId\" TEXT NOT NULL);");
            migrationBuilder.Sql("DROP TRIGGER access_changed_organizations_insert;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_organizations_insert AFTER INSERT ON \"Organizations\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; INSERT INTO \"AccessChanges\" (\"Version\", \"OrganizationId\") SELECT \"Value\", NEW.\"Id\" FROM \"AccessChangeVersion\" WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_organizations_update;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_organizations_update AFTER UPDATE ON \"Organizations\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; INSERT INTO \"AccessChanges\" (\"Version\", \"OrganizationId\") SELECT \"Value\", NEW.\"Id\" FROM \"AccessChangeVersion\" WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_organizations_delete;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_organizations_delete AFTER DELETE ON \"Organizations\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; INSERT INTO \"AccessChanges\" (\"Version\", \"OrganizationId\") SELECT \"Value\", OLD.\"Id\" FROM \"AccessChangeVersion\" WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_enrollments_insert;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_enrollments_insert AFTER INSERT ON \"Enrollments\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; INSERT INTO \"AccessChanges\" (\"Version\", \"OrganizationId\") SELECT \"Value\", NEW.\"OrganizationId\" FROM \"AccessChangeVersion\" WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_enrollments_update;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_enrollments_update AFTER UPDATE ON \"Enrollments\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; INSERT INTO \"AccessChanges\" (\"Version\", \"OrganizationId\") SELECT \"Value\", NEW.\"OrganizationId\" FROM \"AccessChangeVersion\" WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_enrollments_delete;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_enrollments_delete AFTER DELETE ON \"Enrollments\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; INSERT INTO \"AccessChanges\" (\"Version\", \"OrganizationId\") SELECT \"Value\", OLD.\"OrganizationId\" FROM \"AccessChangeVersion\" WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_enrollmentidentifiers_insert;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_enrollmentidentifiers_insert AFTER INSERT ON \"EnrollmentIdentifiers\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; INSERT INTO \"AccessChanges\" (\"Version\", \"OrganizationId\") SELECT \"Value\", NEW.\"OrganizationId\" FROM \"AccessChangeVersion\" WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_enrollmentidentifiers_update;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_enrollmentidentifiers_update AFTER UPDATE ON \"EnrollmentIdentifiers\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; INSERT INTO \"AccessChanges\" (\"Version\", \"OrganizationId\") SELECT \"Value\", NEW.\"OrganizationId\" FROM \"AccessChangeVersion\" WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_enrollmentidentifiers_delete;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_enrollmentidentifiers_delete AFTER DELETE ON \"EnrollmentIdentifiers\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; INSERT INTO \"AccessChanges\" (\"Version\", \"OrganizationId\") SELECT \"Value\", OLD.\"OrganizationId\" FROM \"AccessChangeVersion\" WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_grants_insert;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_grants_insert AFTER INSERT ON \"Grants\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; INSERT INTO \"AccessChanges\" (\"Version\", \"OrganizationId\") SELECT \"Value\", NEW.\"OrganizationId\" FROM \"AccessChangeVersion\" WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_grants_update;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_grants_update AFTER UPDATE ON \"Grants\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; INSERT INTO \"AccessChanges\" (\"Version\", \"OrganizationId\") SELECT \"Value\", NEW.\"OrganizationId\" FROM \"AccessChangeVersion\" WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_grants_delete;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_grants_delete AFTER DELETE ON \"Grants\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; INSERT INTO \"AccessChanges\" (\"Version\", \"OrganizationId\") SELECT \"Value\", OLD.\"OrganizationId\" FROM \"AccessChangeVersion\" WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_unsupportedcountries_insert;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_unsupportedcountries_insert AFTER INSERT ON \"UnsupportedCountries\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; INSERT INTO \"AccessChanges\" (\"Version\", \"OrganizationId\") SELECT \"Value\", '*' FROM \"AccessChangeVersion\" WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_unsupportedcountries_update;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_unsupportedcountries_update AFTER UPDATE ON \"UnsupportedCountries\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; INSERT INTO \"AccessChanges\" (\"Version\", \"OrganizationId\") SELECT \"Value\", '*' FROM \"AccessChangeVersion\" WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_unsupportedcountries_delete;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_unsupportedcountries_delete AFTER DELETE ON \"UnsupportedCountries\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; INSERT INTO \"AccessChanges\" (\"Version\", \"OrganizationId\") SELECT \"Value\", '*' FROM \"AccessChangeVersion\" WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_models_insert;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_models_insert AFTER INSERT ON \"Models\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; INSERT INTO \"AccessChanges\" (\"Version\", \"OrganizationId\") SELECT \"Value\", '*' FROM \"AccessChangeVersion\" WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_models_update;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_models_update AFTER UPDATE ON \"Models\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; INSERT INTO \"AccessChanges\" (\"Version\", \"OrganizationId\") SELECT \"Value\", '*' FROM \"AccessChangeVersion\" WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_models_delete;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_models_delete AFTER DELETE ON \"Models\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; INSERT INTO \"AccessChanges\" (\"Version\", \"OrganizationId\") SELECT \"Value\", '*' FROM \"AccessChangeVersion\" WHERE \"Id\" = 1; END;");

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER access_changed_organizations_insert;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_organizations_insert AFTER INSERT ON \"Organizations\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_organizations_update;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_organizations_update AFTER UPDATE ON \"Organizations\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_organizations_delete;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_organizations_delete AFTER DELETE ON \"Organizations\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_enrollments_insert;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_enrollments_insert AFTER INSERT ON \"Enrollments\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_enrollments_update;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_enrollments_update AFTER UPDATE ON \"Enrollments\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_enrollments_delete;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_enrollments_delete AFTER DELETE ON \"Enrollments\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_enrollmentidentifiers_insert;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_enrollmentidentifiers_insert AFTER INSERT ON \"EnrollmentIdentifiers\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_enrollmentidentifiers_update;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_enrollmentidentifiers_update AFTER UPDATE ON \"EnrollmentIdentifiers\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_enrollmentidentifiers_delete;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_enrollmentidentifiers_delete AFTER DELETE ON \"EnrollmentIdentifiers\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_grants_insert;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_grants_insert AFTER INSERT ON \"Grants\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_grants_update;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_grants_update AFTER UPDATE ON \"Grants\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_grants_delete;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_grants_delete AFTER DELETE ON \"Grants\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_unsupportedcountries_insert;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_unsupportedcountries_insert AFTER INSERT ON \"UnsupportedCountries\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_unsupportedcountries_update;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_unsupportedcountries_update AFTER UPDATE ON \"UnsupportedCountries\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_unsupportedcountries_delete;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_unsupportedcountries_delete AFTER DELETE ON \"UnsupportedCountries\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_models_insert;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_models_insert AFTER INSERT ON \"Models\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_models_update;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_models_update AFTER UPDATE ON \"Models\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TRIGGER access_changed_models_delete;");
            migrationBuilder.Sql("CREATE TRIGGER access_changed_models_delete AFTER DELETE ON \"Models\" BEGIN UPDATE \"AccessChangeVersion\" SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1; END;");
            migrationBuilder.Sql("DROP TABLE \"AccessChanges\";");

        }
    }
}
