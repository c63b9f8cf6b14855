using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PreviewAccess.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Amendments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Amendments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Surfaces = table.Column<string>(type: "TEXT", nullable: false),
                    ApiOrganizationIds = table.Column<string>(type: "TEXT", nullable: false),
                    CodexWorkspaceIds = table.Column<string>(type: "TEXT", nullable: false),
                    AccountEmails = table.Column<string>(type: "TEXT", nullable: false),
                    Models = table.Column<string>(type: "TEXT", nullable: false),
                    RenewGrantIds = table.Column<string>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RequestedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestedByStaff = table.Column<bool>(type: "INTEGER", nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Amendments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Amendments_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AmendmentDecisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Surface = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Justification = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DecidedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AmendmentId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AmendmentDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AmendmentDecisions_Amendments_AmendmentId",
                        column: x => x.AmendmentId,
                        principalTable: "Amendments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AmendmentDecisions_AmendmentId",
                table: "AmendmentDecisions",
                column: "AmendmentId");

            migrationBuilder.CreateIndex(
                name: "IX_Amendments_OrganizationId_RequestedAt",
                table: "Amendments",
                columns: new[] { "OrganizationId", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Amendments_Status",
                table: "Amendments",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AmendmentDecisions");

            migrationBuilder.DropTable(
                name: "Amendments");
        }
    }
}
