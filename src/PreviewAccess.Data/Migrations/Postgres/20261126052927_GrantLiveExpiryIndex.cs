using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PreviewAccess.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class GrantLiveExpiryIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Grants_LiveExpiry",
                table: "Grants",
                columns: new[] { "ExpiresOn", "Id" },
                filter: "\"ExpiresOn\" IS NOT NULL AND \"Status\" <> 'Revoked' AND \"Status\" <> 'Expired'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Grants_LiveExpiry",
                table: "Grants");
        }
    }
}
