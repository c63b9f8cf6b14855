using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PreviewAccess.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PartnerTeams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsOrganizationOwner",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "MemberInvitations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    InvitedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AcceptedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AcceptedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberInvitations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MemberInvitations_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            // Until now each organization had one partner account, the one that accepted its invitation: it becomes the
            // owner. Should there be more, the earliest made is the owner.
            migrationBuilder.Sql("""
                UPDATE "AspNetUsers" SET "IsOrganizationOwner" = 1
                WHERE "OrganizationId" IS NOT NULL
                  AND NOT EXISTS (
                    SELECT 1 FROM "AspNetUsers" AS earlier
                    WHERE earlier."OrganizationId" = "AspNetUsers"."OrganizationId"
                      AND (earlier."CreatedAt" < "AspNetUsers"."CreatedAt"
                           OR (earlier."CreatedAt" = "AspNetUsers"."CreatedAt" AND earlier."Id" < "AspNetUsers"."Id")));
                """);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_OrganizationOwner",
                table: "AspNetUsers",
                column: "OrganizationId",
                unique: true,
                filter: "\"IsOrganizationOwner\"");

            migrationBuilder.CreateIndex(
                name: "IX_MemberInvitations_OrganizationId_Email",
                table: "MemberInvitations",
                columns: new[] { "OrganizationId", "Email" });

            migrationBuilder.CreateIndex(
                name: "IX_MemberInvitations_TokenHash",
                table: "MemberInvitations",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MemberInvitations");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_OrganizationOwner",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "IsOrganizationOwner",
                table: "AspNetUsers");
        }
    }
}
