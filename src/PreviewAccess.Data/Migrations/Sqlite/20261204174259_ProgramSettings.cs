using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PreviewAccess.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProgramSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ProgramSettings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Phase = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RequireSecondApproval = table.Column<bool>(type: "INTEGER", nullable: false),
                    CacheWriteMultiplier = table.Column<decimal>(type: "TEXT", precision: 9, scale: 4, nullable: false),
                    CacheReadMultiplier = table.Column<decimal>(type: "TEXT", precision: 9, scale: 4, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgramSettings", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "ProgramSettings",
                columns: new[] { "Id", "CacheReadMultiplier", "CacheWriteMultiplier", "Phase", "RequireSecondApproval", "Version" },
                values: new object[] { new Guid("5e771265-0000-7000-8000-000000000001"), 0.10m, 1.25m, "Preview", false, 0 });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProgramSettings");
        }
    }
}
