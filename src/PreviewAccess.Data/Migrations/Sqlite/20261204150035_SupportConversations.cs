using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PreviewAccess.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SupportConversations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CodexWorkspaceId",
                table: "SupportCases",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SupportCaseMessages",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Author = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    SupportCaseId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportCaseMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupportCaseMessages_SupportCases_SupportCaseId",
                        column: x => x.SupportCaseId,
                        principalTable: "SupportCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SupportCaseMessages_SupportCaseId",
                table: "SupportCaseMessages",
                column: "SupportCaseId");

            // The notes written so far were the desk's own: they become internal notes, never shown to a partner.
            migrationBuilder.Sql("""
                INSERT INTO "SupportCaseMessages" ("Kind", "Text", "Author", "At", "SupportCaseId")
                SELECT 'InternalNote', "Text", "Author", "At", "SupportCaseId" FROM "SupportCaseNotes" ORDER BY "Id";
                """);

            migrationBuilder.DropTable(
                name: "SupportCaseNotes");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CodexWorkspaceId",
                table: "SupportCases");

            migrationBuilder.CreateTable(
                name: "SupportCaseNotes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Author = table.Column<Guid>(type: "TEXT", nullable: false),
                    SupportCaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportCaseNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupportCaseNotes_SupportCases_SupportCaseId",
                        column: x => x.SupportCaseId,
                        principalTable: "SupportCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SupportCaseNotes_SupportCaseId",
                table: "SupportCaseNotes",
                column: "SupportCaseId");

            // Back to notes alone: internal notes return; the replies of the conversation have no place there.
            migrationBuilder.Sql("""
                INSERT INTO "SupportCaseNotes" ("Text", "Author", "At", "SupportCaseId")
                SELECT "Text", "Author", "At", "SupportCaseId" FROM "SupportCaseMessages" WHERE "Kind" = 'InternalNote' ORDER BY "Id";
                """);

            migrationBuilder.DropTable(
                name: "SupportCaseMessages");
        }
    }
}
