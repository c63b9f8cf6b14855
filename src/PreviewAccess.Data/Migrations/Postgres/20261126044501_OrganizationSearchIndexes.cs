using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PreviewAccess.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OrganizationSearchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Organizations_Name",
                table: "Organizations");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_Name_Id",
                table: "Organizations",
                columns: new[] { "Name", "Id" });

            // Not in the model (EF has no expression or operator-class indexes that SQLite could share), so here only.
            // The search's "name contains" is lower("Name") LIKE '%text%': only a trigram index answers that without
            // reading every organization. Its "is an account email" is an array containment on the enrollment.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql("""CREATE INDEX "IX_Organizations_Name_Trigram" ON "Organizations" USING gin (lower("Name") gin_trgm_ops);""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Enrollments_AccountEmails" ON "Enrollments" USING gin ("AccountEmails");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_Enrollments_AccountEmails";""");
            migrationBuilder.Sql("""DROP INDEX "IX_Organizations_Name_Trigram";""");

            migrationBuilder.DropIndex(
                name: "IX_Organizations_Name_Id",
                table: "Organizations");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_Name",
                table: "Organizations",
                column: "Name");
        }
    }
}
