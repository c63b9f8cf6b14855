namespace PreviewAccess.Web.Tests.Shell;

/// <summary>
/// SQLite serves one portal instance: a second one on the same file would miss the changes the first reads and forgets
/// from the access-change log, and answer from a stale snapshot. It refuses to start instead, and says why.
/// </summary>
public sealed class SqliteOneInstanceTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"oneinstance-{Guid.NewGuid():N}.db");

    private string ConnectionString => $"Data Source={_file}";

    [Fact]
    public async Task A_second_instance_on_the_same_SQLite_database_refuses_to_start_and_one_may_start_once_the_first_has_stopped()
    {
        await using (var first = new PortalApp(ConnectionString, DatabaseProvider.Sqlite))
        {
            await first.WaitUntilReadyAsync();

            // Asked to seed the demo: refused before it touches the database, it writes nothing into the first one's.
            var second = new PortalApp(ConnectionString, DatabaseProvider.Sqlite, seedDemoData: true);
            var refused = Record.Exception(() => second.CreateClient());
            Assert.NotNull(refused);
            Assert.Contains("Another portal instance is running on the SQLite database", refused.ToString(), StringComparison.Ordinal);
            Assert.Contains("run several on PostgreSQL", refused.ToString(), StringComparison.Ordinal);
            // The refused one never served; what it leaves behind is disposed without touching the first.
            await Record.ExceptionAsync(() => second.DisposeAsync().AsTask());

            using var client = first.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
            Assert.Equal(0, await first.ReadAsync(db => db.Organizations.CountAsync()));
        }

        await using var next = new PortalApp(ConnectionString, DatabaseProvider.Sqlite);
        await next.WaitUntilReadyAsync();
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=shared;Mode=Memory;Cache=Shared")]
    [InlineData("Data Source=file:shared?mode=memory&cache=shared")]
    public void An_in_memory_database_which_no_other_process_can_open_takes_no_lock(string connectionString) =>
        Assert.Null(SqliteInstanceLock.LockFileFor(connectionString));

    [Theory]
    [InlineData("Data Source=/data/portal.db")]
    [InlineData("Data Source=file:/data/portal.db")]
    [InlineData("Data Source=file:///data/portal.db?mode=rwc")]
    public void A_file_named_by_path_or_by_URI_is_locked_beside_itself(string connectionString) =>
        Assert.Equal(Path.GetFullPath("/data/portal.db") + "-instance.lock", SqliteInstanceLock.LockFileFor(connectionString));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var path in new[] { _file, _file + "-instance.lock" }) File.Delete(path);
    }
}
