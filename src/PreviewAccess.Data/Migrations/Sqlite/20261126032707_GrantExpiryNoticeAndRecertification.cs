using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PreviewAccess.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RecertifiedAt",
                table: "Grants",
                type: "INTEGER",
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
