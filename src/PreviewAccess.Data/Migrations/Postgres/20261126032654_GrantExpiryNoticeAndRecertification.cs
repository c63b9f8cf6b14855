using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PreviewAccess.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class GrantExpiryNoticeAndRecertification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "ExpiryNoticeSentFor",
                table: "Grants",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RecertifiedAt",
                table: "Grants",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExpiryNoticeSentFor",
                table: "Grants");

            migrationBuilder.DropColumn(
                name: "RecertifiedAt",
                table: "Grants");
        }
    }
}
