using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PreviewAccess.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StoredAccessSnapshotImage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A starting instance restores its access snapshot from an image another instance stored after a full load
            // (StoredAccessImage), instead of reading every grant again: the image, the transaction snapshot it is
            // consistent with, and a log of the access changes with the transaction that made each, so that the
            // organizations changed after the image can be re-read. Not part of the EF model: read and written with SQL.
            migrationBuilder.Sql("""
                CREATE TABLE "AccessChangeLog" (
                    "Version" bigint PRIMARY KEY,
                    "Organization" text NOT NULL,
                    "Transaction" xid8 NOT NULL DEFAULT pg_current_xact_id()
                );
                CREATE TABLE "AccessSnapshotImage" (
                    "Id" integer PRIMARY KEY CHECK ("Id" = 1),
                    "Format" integer NOT NULL,
                    "Snapshot" text NOT NULL,
                    "Bytes" bigint NOT NULL,
                    "Checksum" bytea NOT NULL,
                    "CreatedAt" timestamp with time zone NOT NULL
                );
                CREATE TABLE "AccessSnapshotImageChunks" (
                    "Chunk" integer PRIMARY KEY,
                    "Data" bytea NOT NULL
                );
                ALTER TABLE "AccessSnapshotImageChunks" ALTER COLUMN "Data" SET STORAGE EXTERNAL;
                CREATE OR REPLACE FUNCTION access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    organization text;
                    version bigint;
                BEGIN
                    version := nextval('access_change_seq');
                    IF TG_ARGV[0] = '*' THEN
                        organization := '*';
                    ELSIF TG_OP = 'DELETE' THEN
                        organization := to_jsonb(OLD) ->> TG_ARGV[0];
                    ELSE
                        organization := to_jsonb(NEW) ->> TG_ARGV[0];
                    END IF;
                    INSERT INTO "AccessChangeLog" ("Version", "Organization") VALUES (version, coalesce(organization, '*'));
                    PERFORM pg_notify('access_changes', coalesce(organization, '*') || '|' || version);
                    RETURN NULL;
                END;
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    organization text;
                    version bigint;
                BEGIN
                    version := nextval('access_change_seq');
                    IF TG_ARGV[0] = '*' THEN
                        organization := '*';
                    ELSIF TG_OP = 'DELETE' THEN
                        organization := to_jsonb(OLD) ->> TG_ARGV[0];
                    ELSE
                        organization := to_jsonb(NEW) ->> TG_ARGV[0];
                    END IF;
                    PERFORM pg_notify('access_changes', coalesce(organization, '*') || '|' || version);
                    RETURN NULL;
                END;
                $$;
                DROP TABLE "AccessSnapshotImageChunks";
                DROP TABLE "AccessSnapshotImage";
                DROP TABLE "AccessChangeLog";
                """);
        }
    }
}
