using System.Diagnostics;
using Npgsql;
using PreviewAccess.Data.Access;
using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Access;
using PreviewAccess.Web.Features.Grants;

using static PreviewAccess.Web.Tests.Gateway.SnapshotProbe;

namespace PreviewAccess.Web.Tests.Gateway;

/// <summary>
/// On PostgreSQL an instance starts from the image of the snapshot another instance stored, and re-reads only what
/// changed after it: exactly as right as a load from the tables, and never from an image it cannot trust.
/// </summary>
[Collection(PortalProcessesCollectionDefinition.Name)]
public sealed class StoredAccessImageTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_second_instance_starts_from_the_image_and_answers_as_the_database_does_including_changes_made_after_it()
    {
        var connectionString = await NewDatabaseWithoutImageAsync("image");
        await using (var first = new PortalApp(connectionString, seedDemoData: true))
        {
            await first.WaitUntilReadyAsync();
            Assert.False(Refresher(first).StartedFromImage);
            await ImageStoredAsync(connectionString);

            // Committed after the image was taken, while no other instance listens: only the change log tells of it.
            var (grantId, request) = await AnEnabledGrantAsync(first);
            await using var scope = first.Scope();
            var suspended = await scope.ServiceProvider.GetRequiredService<GrantChanges>().SuspendAsync(new GrantReasonInput(grantId, "Unusual traffic."), CancellationToken.None);
            Assert.True(suspended.Succeeded, suspended.Message);

            await using var second = new PortalApp(connectionString);
            await second.WaitUntilReadyAsync();
            Assert.True(Refresher(second).StartedFromImage);
            Assert.Equal(AccessReason.Suspended, (await DecideWithAsync(second.Services.GetRequiredService<AccessSnapshot>(), request)).Reason);
            await AnswersAsTheDatabaseDoesAsync(second);
        }
    }

    [Fact]
    public async Task An_image_whose_bytes_were_tampered_with_is_passed_over_for_the_tables()
    {
        var connectionString = await DatabaseWithAStoredImageAsync("imagetampered");

        // One byte deep inside the grants changed, the row otherwise intact.
        await ExecuteAsync(connectionString, """UPDATE "AccessSnapshotImageChunks" SET "Data" = set_byte("Data", 200, (get_byte("Data", 200) + 1) % 256) WHERE "Chunk" = 0""");

        await using var second = await StartedFromTheTablesAsync(connectionString);
    }

    [Fact]
    public async Task An_image_of_another_format_is_not_read_and_the_next_full_load_replaces_it()
    {
        var connectionString = await DatabaseWithAStoredImageAsync("imageformat");

        await ExecuteAsync(connectionString, """UPDATE "AccessSnapshotImage" SET "Format" = -1""");

        await using var second = await StartedFromTheTablesAsync(connectionString);
        await ImageStoredAsync(connectionString);
    }

    /// <summary>
    /// A dump restored into a younger cluster brings an image whose transaction snapshot lies in that cluster's future:
    /// its new transactions would look as if the image held them. Such an image is not read, and is replaced.
    /// </summary>
    [Fact]
    public async Task An_image_from_another_clusters_future_is_not_read_and_the_next_full_load_replaces_it()
    {
        var connectionString = await DatabaseWithAStoredImageAsync("imagefuture");

        const string Future = "4000000000:4000000000:";
        await ExecuteAsync(connectionString, $"""UPDATE "AccessSnapshotImage" SET "Snapshot" = '{Future}'""");

        await using var second = await StartedFromTheTablesAsync(connectionString);
        var clock = Stopwatch.StartNew();
        while (await ScalarAsync<string>(connectionString, """SELECT "Snapshot" FROM "AccessSnapshotImage" """) == Future)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "The image from the future was never replaced.");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// An older image never replaces a newer one: the change log keeps only what the stored image lacks, and an older
    /// image would lack more than the log still holds.
    /// </summary>
    [Fact]
    public async Task An_image_older_than_the_stored_one_is_not_stored_and_the_log_keeps_what_the_stored_one_lacks()
    {
        var connectionString = await NewDatabaseWithoutImageAsync("imageolder");
        var older = await ScalarAsync<string>(connectionString, "SELECT pg_current_snapshot()::text");
        await using var app = new PortalApp(connectionString, seedDemoData: true);
        await app.WaitUntilReadyAsync();
        await ImageStoredAsync(connectionString);
        var stored = await ScalarAsync<string>(connectionString, """SELECT "Snapshot" FROM "AccessSnapshotImage" """);

        // A change after the image: logged until an image holds it.
        var (grantId, _) = await AnEnabledGrantAsync(app);
        await using (var scope = app.Scope())
        {
            var revoked = await scope.ServiceProvider.GetRequiredService<GrantChanges>().RevokeAsync(new GrantReasonInput(grantId, "Contract ended."), CancellationToken.None);
            Assert.True(revoked.Succeeded, revoked.Message);
        }

        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.False(await StoredAccessImage.WriteAsync(db, CompactFacts.ImageFormat, older, _ => throw new InvalidOperationException("An older image must not be written."), CancellationToken.None));
        }

        Assert.Equal(stored, await ScalarAsync<string>(connectionString, """SELECT "Snapshot" FROM "AccessSnapshotImage" """));
        var logged = await ScalarAsync<long>(connectionString, """
            SELECT count(*) FROM "AccessChangeLog" WHERE NOT pg_visible_in_snapshot("Transaction", (SELECT "Snapshot" FROM "AccessSnapshotImage")::pg_snapshot)
            """);
        Assert.True(logged > 0, "The revocation after the image is still in the change log.");
    }

    /// <summary>
    /// A copy of the demo database with no image: the template's own portal may have stored one (rightly: the copy holds
    /// the same rows), and each test here is about the image its own first instance stores.
    /// </summary>
    private async Task<string> NewDatabaseWithoutImageAsync(string prefix)
    {
        var connectionString = await postgres.CreateDemoDatabaseAsync(prefix);
        await ExecuteAsync(connectionString, """DELETE FROM "AccessSnapshotImage"; DELETE FROM "AccessSnapshotImageChunks";""");
        return connectionString;
    }

    /// <summary>A database without an image (<see cref="NewDatabaseWithoutImageAsync"/>) whose first instance stored one and stopped.</summary>
    private async Task<string> DatabaseWithAStoredImageAsync(string prefix)
    {
        var connectionString = await NewDatabaseWithoutImageAsync(prefix);
        await using var first = new PortalApp(connectionString, seedDemoData: true);
        await first.WaitUntilReadyAsync();
        await ImageStoredAsync(connectionString);
        return connectionString;
    }

    /// <summary>An instance that passed the image over: it loaded from the tables, and answers as the database does.</summary>
    private static async Task<PortalApp> StartedFromTheTablesAsync(string connectionString)
    {
        var app = new PortalApp(connectionString);
        try
        {
            await app.WaitUntilReadyAsync();
            Assert.False(Refresher(app).StartedFromImage);
            await AnswersAsTheDatabaseDoesAsync(app);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static async Task ImageStoredAsync(string connectionString)
    {
        // Stored in the background after the full load; 60 s only ends a test that would otherwise never end.
        var clock = Stopwatch.StartNew();
        while (await ScalarAsync<long>(connectionString, """SELECT count(*) FROM "AccessSnapshotImage" WHERE "Format" = @format""", CompactFacts.ImageFormat) == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "No image of the snapshot was stored.");
            await Task.Delay(50);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql, int? format = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (format is not null) command.Parameters.AddWithValue("format", format.Value);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
