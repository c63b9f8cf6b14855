using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PreviewAccess.Data.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Surfaces = table.Column<string[]>(type: "text[]", nullable: false),
                    ApiOrganizationIds = table.Column<List<string>>(type: "text[]", nullable: false),
                    CodexWorkspaceIds = table.Column<List<string>>(type: "text[]", nullable: false),
                    AccountEmails = table.Column<List<string>>(type: "text[]", nullable: false),
                    Models = table.Column<List<string>>(type: "text[]", nullable: false),
                    RenewGrantIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    Note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    RequestedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedByStaff = table.Column<bool>(type: "boolean", nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Surface = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Justification = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    DecidedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AmendmentId = table.Column<Guid>(type: "uuid", nullable: false)
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
