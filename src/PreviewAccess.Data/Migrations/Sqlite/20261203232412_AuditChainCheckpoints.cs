using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PreviewAccess.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditChainCheckpoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditChainKeys",
                columns: table => new
                {
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ProtectedSecret = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditChainKeys", x => x.KeyId);
                });

            migrationBuilder.CreateTable(
                name: "AuditCheckpoints",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false),
                    HeadId = table.Column<long>(type: "INTEGER", nullable: false),
                    HeadHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Signature = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditCheckpoints", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditCheckpoints_Kind_Id",
                table: "AuditCheckpoints",
                columns: new[] { "Kind", "Id" });

            // Append-only, like the events they vouch for. A later migration that rebuilds either table re-creates these.
            foreach (var (table, name) in new[] { ("AuditCheckpoints", "audit_checkpoints"), ("AuditChainKeys", "audit_chain_keys") })
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER {name}_no_update BEFORE UPDATE ON "{table}"
                    BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: UPDATE is not allowed'); END;
                    """);
                migrationBuilder.Sql($"""
                    CREATE TRIGGER {name}_no_delete BEFORE DELETE ON "{table}"
                    BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: DELETE is not allowed'); END;
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditChainKeys");

            migrationBuilder.DropTable(
                name: "AuditCheckpoints");
        }
    }
}
