using System.Data;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace PreviewAccess.Data.Access;

/// <summary>An image read back: what the reader made of its bytes, and the organizations changed after it ("*": the catalog or the countries).</summary>
public sealed record StoredAccessImageRead<T>(T Value, IReadOnlyCollection<string> ChangedSince, DateTimeOffset CreatedAt, long Bytes);

/// <summary>
/// On PostgreSQL, the access snapshot's image (migration StoredAccessSnapshotImage): stored by an instance after a full
/// load, so that the next instance to start reads tens of megabytes in order instead of a million grants, and re-reads
/// only the organizations changed since. Exact, not approximate: the image is consistent with one transaction snapshot
/// (its full load runs in one repeatable-read transaction), every access change is logged with the transaction that
/// made it, and an image is read together with the changes that snapshot cannot see, in one repeatable-read
/// transaction. The bytes are the caller's; stored in 64 KB chunks with a SHA-256, so that neither side holds them twice.
/// </summary>
public static class StoredAccessImage
{
    /// <summary>Under the large-object heap's threshold: any copy made of a chunk on its way is short-lived garbage.</summary>
    private const int ChunkBytes = 64 << 10;

    /// <summary>Serializes writers: two instances storing at once would otherwise interleave their chunks.</summary>
    private const long WriterLock = 0x5041_494D_4147_45; // "PAIMAGE"

    /// <summary>
    /// The stored image, if there is one of <paramref name="format"/> and no more than <paramref name="changeLimit"/>
    /// organizations changed after it; otherwise null (the caller loads everything). Throws
    /// <see cref="InvalidDataException"/> when the bytes do not match their checksum.
    /// </summary>
    public static async Task<StoredAccessImageRead<T>?> ReadAsync<T>(PortalDbContext db, int format, int changeLimit, Func<Stream, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(read);
        if (db.Provider != DatabaseProvider.Postgres) return null;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            string snapshot;
            byte[] checksum;
            long bytes;
            DateTimeOffset createdAt;
            // An image from the future is another cluster's (a dump restored into a younger one): its snapshot would
            // take this cluster's new transactions for ones it holds. Same cluster, a copy or a failover: xids only grow.
            await using (var header = new NpgsqlCommand("""
                SELECT "Format", "Snapshot", "Checksum", "Bytes", "CreatedAt",
                       pg_snapshot_xmax("Snapshot"::pg_snapshot) <= pg_snapshot_xmax(pg_current_snapshot())
                FROM "AccessSnapshotImage" WHERE "Id" = 1
                """, connection, transaction))
            await using (var reader = await header.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken) || reader.GetInt32(0) != format || !reader.GetBoolean(5)) return null;
                (snapshot, checksum, bytes, createdAt) = (reader.GetString(1), reader.GetFieldValue<byte[]>(2), reader.GetInt64(3), reader.GetFieldValue<DateTimeOffset>(4));
            }

            var changed = new List<string>();
            await using (var log = new NpgsqlCommand("""
                SELECT DISTINCT "Organization" FROM "AccessChangeLog"
                WHERE NOT pg_visible_in_snapshot("Transaction", @snapshot::pg_snapshot) LIMIT @limit
                """, connection, transaction))
            {
                log.Parameters.AddWithValue("snapshot", snapshot);
                log.Parameters.AddWithValue("limit", changeLimit + 1);
                await using var reader = await log.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) changed.Add(reader.GetString(0));
            }

            if (changed.Count > changeLimit) return null;

            T value;
            await using (var chunks = new NpgsqlCommand("""SELECT "Data" FROM "AccessSnapshotImageChunks" ORDER BY "Chunk" """, connection, transaction))
            await using (var reader = await chunks.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken))
            using (var stream = new ChunkReader(reader))
            {
                value = read(stream);
                if (stream.ReadByte() >= 0 || stream.Position != bytes || !CryptographicOperations.FixedTimeEquals(stream.Checksum(), checksum))
                {
                    throw new InvalidDataException("The stored access snapshot image does not match its checksum.");
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return new StoredAccessImageRead<T>(value, changed, createdAt, bytes);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Stores an image consistent with <paramref name="snapshot"/> (a <c>pg_current_snapshot()</c> of the full load it
    /// was made from), unless the stored one is as new or newer; forgets the logged changes the new image holds.
    /// </summary>
    /// <returns>Whether the image was stored.</returns>
    public static async Task<bool> WriteAsync(PortalDbContext db, int format, string snapshot, Action<Stream> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(write);
        if (db.Provider != DatabaseProvider.Postgres) return false;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            await using (var command = new NpgsqlCommand("""
                SELECT pg_advisory_xact_lock(@lock);
                """, connection, transaction))
            {
                command.Parameters.AddWithValue("lock", WriterLock);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            // Newer means: every transaction the stored image could see had finished when this one's snapshot was
            // taken. Otherwise the log rows that only the stored image holds would be forgotten. An image from the
            // future (another cluster's, see ReadAsync) is never read, and is replaced.
            await using (var newer = new NpgsqlCommand("""
                SELECT NOT EXISTS (SELECT 1 FROM "AccessSnapshotImage"
                                   WHERE pg_snapshot_xmax("Snapshot"::pg_snapshot) > pg_snapshot_xmin(@snapshot::pg_snapshot)
                                     AND pg_snapshot_xmax("Snapshot"::pg_snapshot) <= pg_snapshot_xmax(pg_current_snapshot()))
                """, connection, transaction))
            {
                newer.Parameters.AddWithValue("snapshot", snapshot);
                if (await newer.ExecuteScalarAsync(cancellationToken) is not true) return false;
            }

            await using (var clear = new NpgsqlCommand("""DELETE FROM "AccessSnapshotImageChunks" """, connection, transaction)) await clear.ExecuteNonQueryAsync(cancellationToken);

            byte[] checksum;
            long bytes;
            await using (var importer = await connection.BeginBinaryImportAsync("""COPY "AccessSnapshotImageChunks" ("Chunk", "Data") FROM STDIN (FORMAT BINARY)""", cancellationToken))
            {
                using (var stream = new ChunkWriter(importer))
                {
                    write(stream);
                    stream.Flush();
                    (checksum, bytes) = (stream.Checksum(), stream.Position);
                }

                await importer.CompleteAsync(cancellationToken);
            }

            await using (var store = new NpgsqlCommand("""
                INSERT INTO "AccessSnapshotImage" ("Id", "Format", "Snapshot", "Bytes", "Checksum", "CreatedAt")
                VALUES (1, @format, @snapshot, @bytes, @checksum, now())
                ON CONFLICT ("Id") DO UPDATE SET "Format" = excluded."Format", "Snapshot" = excluded."Snapshot",
                    "Bytes" = excluded."Bytes", "Checksum" = excluded."Checksum", "CreatedAt" = excluded."CreatedAt";
                DELETE FROM "AccessChangeLog" WHERE pg_visible_in_snapshot("Transaction", @snapshot::pg_snapshot);
                """, connection, transaction))
            {
                store.Parameters.AddWithValue("format", format);
                store.Parameters.AddWithValue("snapshot", snapshot);
                store.Parameters.AddWithValue("bytes", bytes);
                store.Parameters.AddWithValue("checksum", checksum);
                await store.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The bytes of the chunk rows, in order, hashed as they are read.</summary>
    private sealed class ChunkReader(NpgsqlDataReader reader) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private Stream? _chunk;
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public byte[] Checksum() => _hash.GetHashAndReset();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty) return 0;
            while (true)
            {
                if (_chunk is null)
                {
                    if (!reader.Read()) return 0;
                    _chunk = reader.GetStream(0);
                }

                var read = _chunk.Read(buffer);
                if (read > 0)
                {
                    _hash.AppendData(buffer[..read]);
                    _position += read;
                    return read;
                }

                _chunk.Dispose();
                _chunk = null;
            }
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _chunk?.Dispose();
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>Cuts what is written into chunk rows of the COPY, hashing it on the way.</summary>
    private sealed class ChunkWriter(NpgsqlBinaryImporter importer) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly byte[] _buffer = new byte[ChunkBytes];
        private int _filled;
        private int _chunks;
        private long _position;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _position;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public byte[] Checksum() => _hash.GetHashAndReset();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            _position += buffer.Length;
            while (!buffer.IsEmpty)
            {
                var taken = Math.Min(buffer.Length, _buffer.Length - _filled);
                buffer[..taken].CopyTo(_buffer.AsSpan(_filled));
                _filled += taken;
                buffer = buffer[taken..];
                if (_filled == _buffer.Length) Flush();
            }
        }

        /// <summary>Writes what is buffered as one chunk row.</summary>
        public override void Flush()
        {
            if (_filled == 0) return;
            importer.StartRow();
            importer.Write(_chunks++, NpgsqlDbType.Integer);
            importer.Write(new ArraySegment<byte>(_buffer, 0, _filled), NpgsqlDbType.Bytea);
            _filled = 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
