using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PreviewAccess.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PartnerDeclineMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PartnerMessage",
                table: "SurfaceDecisions",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            // Partners were told a decline's justification until now: what they read stays what they were told.
            migrationBuilder.Sql("""UPDATE "SurfaceDecisions" SET "PartnerMessage" = "Justification" WHERE "Outcome" = 'Decline';""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PartnerMessage",
                table: "SurfaceDecisions");
        }
    }
}
