using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PreviewAccess.Web.Tests.Admin;

namespace PreviewAccess.Web.Tests.Audit;

/// <summary>
/// The audit chain against someone who owns the database: the append-only triggers are switched off and rows deleted or
/// rewritten directly in SQL, as the tests here do. The chain is keyed and its head is sealed in signed checkpoints, so
/// removing the newest events and rewriting a row (re-hashing the rest with the published, unkeyed algorithm) are both
/// reported by <c>GET /api/v1/audit/verify</c>.
/// </summary>
[Collection(RecordsAndSupportCollectionDefinition.Name)]
public sealed class AuditChainIntegrityTests(PostgresServer postgres) : ApiTest(postgres)
{
    /// <summary>How often the portal seals the head on its own (the worker's interval).</summary>
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMinutes(10);

    // Whole milliseconds, as both databases keep them (see AuditChainRealClockTests).
    protected override FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    protected override IDictionary<string, string?> ApiSettings => new Dictionary<string, string?> { ["Webhooks:DispatcherEnabled"] = "false" };

    [Fact]
    public async Task Deleting_the_newest_events_after_a_checkpoint_is_reported_as_truncation()
    {
        for (var i = 0; i < 5; i++) await NominateAsync();
        await CheckpointFromTheAuditPageAsync();

        await TamperAsync(db => AuditTampering.DeleteNewestAsync(db, 2));

        var result = await VerifyAsync();
        Assert.False(result.GetProperty("valid").GetBoolean());
        Assert.True(result.GetProperty("truncated").GetBoolean());
        Assert.Equal(3, result.GetProperty("checked").GetInt32());
        Assert.Equal("4", result.GetProperty("firstBrokenId").GetString());
        Assert.Equal(5, result.GetProperty("lastCheckpoint").GetProperty("count").GetInt64());
        Assert.Equal("5", result.GetProperty("lastCheckpoint").GetProperty("headId").GetString());
    }

    [Fact]
    public async Task Rewriting_an_event_and_rehashing_the_rest_with_the_unkeyed_algorithm_breaks_the_chain_at_that_event()
    {
        for (var i = 0; i < 4; i++) await NominateAsync();

        await TamperAsync(db => AuditTampering.RewriteAndRehashAsync(db, 2, "someone-else@api.example"));

        var result = await VerifyAsync();
        Assert.False(result.GetProperty("valid").GetBoolean());
        Assert.False(result.GetProperty("truncated").GetBoolean());
        Assert.Equal("2", result.GetProperty("firstBrokenId").GetString());
        Assert.Equal(2, result.GetProperty("checked").GetInt32());
    }

    [Fact]
    public async Task Checked_counts_the_events_read_up_to_and_including_the_first_broken_one()
    {
        for (var i = 0; i < 5; i++) await NominateAsync();
        var intact = await VerifyAsync();
        Assert.True(intact.GetProperty("valid").GetBoolean());
        Assert.Equal(5, intact.GetProperty("checked").GetInt32());

        await TamperAsync(db => AuditTampering.DeleteAsync(db, 3));

        var result = await VerifyAsync();
        Assert.False(result.GetProperty("valid").GetBoolean());
        Assert.Equal("4", result.GetProperty("firstBrokenId").GetString());
        // Events 1 and 2 were checked and found sound; event 4 was read where 3 should have been.
        Assert.Equal(3, result.GetProperty("checked").GetInt32());
    }

    [Fact]
    public async Task The_head_is_sealed_on_a_schedule_as_the_log_grows()
    {
        for (var i = 0; i < 3; i++) await NominateAsync();
        Assert.Equal(JsonValueKind.Null, (await VerifyAsync()).GetProperty("lastCheckpoint").ValueKind);

        var first = await EventuallyAsync(r => r.GetProperty("lastCheckpoint") is { ValueKind: JsonValueKind.Object } c && c.GetProperty("count").GetInt64() == 3);
        Assert.True(first.GetProperty("valid").GetBoolean());

        await NominateAsync();
        await NominateAsync();
        await EventuallyAsync(r => r.GetProperty("lastCheckpoint").GetProperty("count").GetInt64() == 5);
    }

    [Fact]
    public async Task An_admin_seals_the_head_on_demand_and_a_representative_cannot()
    {
        for (var i = 0; i < 2; i++) await NominateAsync();

        using var rep = ClientWith(null);
        await SignInAsync(rep, Rep);
        var repPage = await rep.GetPageAsync("/Admin/Audit");
        Assert.Null(repPage.QuerySelector("#checkpoint-form"));
        // A valid antiforgery token from another of the representative's forms: the refusal is the role's, not the token's.
        var token = (await rep.GetPageAsync("/Admin/Waves/Create")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using (var content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]))
        using (var refused = await rep.PostAsync(new Uri("/Admin/Audit?handler=Checkpoint", UriKind.Relative), content))
        {
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", refused.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }

        Assert.Equal(JsonValueKind.Null, (await VerifyAsync()).GetProperty("lastCheckpoint").ValueKind);

        var page = await CheckpointFromTheAuditPageAsync();
        Assert.Contains("2 events", page.QuerySelector("#last-checkpoint")!.TextContent, StringComparison.Ordinal);
        var result = await VerifyAsync();
        Assert.Equal(2, result.GetProperty("lastCheckpoint").GetProperty("count").GetInt64());
        Assert.True(result.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task A_broken_chain_is_not_sealed_on_demand_or_on_schedule()
    {
        for (var i = 0; i < 3; i++) await NominateAsync();
        await TamperAsync(db => AuditTampering.RewriteAndRehashAsync(db, 2, "someone-else@api.example"));

        using var admin = ClientWith(null);
        await SignInAsync(admin, Admin);
        var page = await admin.SubmitAndFollowAsync(await admin.GetPageAsync("/Admin/Audit"), "#checkpoint-form", new Dictionary<string, string>());
        Assert.Contains("No checkpoint written", page.QuerySelector(".admin-problem")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Chain broken at event #2", page.QuerySelector("#chain-status")!.TextContent, StringComparison.Ordinal);

        Clock.Advance(CheckpointInterval);
        await Task.Delay(1000);
        Assert.Equal(JsonValueKind.Null, (await VerifyAsync()).GetProperty("lastCheckpoint").ValueKind);
    }

    [Fact]
    public async Task A_checkpoint_forged_without_the_key_to_cover_a_truncation_is_reported()
    {
        for (var i = 0; i < 5; i++) await NominateAsync();
        await CheckpointFromTheAuditPageAsync();

        // The attacker removes the two newest events, then replaces the real checkpoint with one that matches what is left.
        await TamperAsync(async db =>
        {
            await AuditTampering.DeleteNewestAsync(db, 2);
            var head = await db.AuditEvents.AsNoTracking().OrderByDescending(e => e.Id).Select(e => e.Hash).FirstAsync();
            await db.Database.ExecuteSqlRawAsync("""
                ALTER TABLE "AuditCheckpoints" DISABLE TRIGGER USER;
                DELETE FROM "AuditCheckpoints" WHERE "Kind" <> 'Anchor';
                ALTER TABLE "AuditCheckpoints" ENABLE TRIGGER USER;
                """);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "AuditCheckpoints" ("Kind", "Count", "HeadId", "HeadHash", "At", "Actor", "KeyId", "Signature")
                VALUES ('Requested', 3, 3, {head}, {DateTimeOffset.UtcNow}, 'admin@api.example', (SELECT "KeyId" FROM "AuditCheckpoints" LIMIT 1), {new string('0', 64)})
                """);
        });

        var result = await VerifyAsync();
        Assert.False(result.GetProperty("valid").GetBoolean());
        Assert.Contains("not signed", result.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_chained_before_the_key_still_verify_and_rewriting_them_is_caught_at_the_seal()
    {
        // A log written by the earlier portal: unkeyed hashes, no checkpoint yet.
        await TamperAsync(async db =>
        {
            var at = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
            var hash = string.Empty;
            for (var id = 1; id <= 3; id++) hash = await AuditTampering.InsertUnkeyedEventAsync(db, id, at.AddMinutes(id), "rep@api.example", "organization.nominated", hash);
        });

        // The upgraded portal's first change seals them and carries the chain on with its key.
        await NominateAsync();
        await NominateAsync();
        var upgraded = await VerifyAsync();
        Assert.True(upgraded.GetProperty("valid").GetBoolean());
        Assert.Equal(5, upgraded.GetProperty("checked").GetInt32());

        await TamperAsync(db => AuditTampering.RewriteAndRehashAsync(db, 2, "someone-else@api.example"));

        var result = await VerifyAsync();
        Assert.False(result.GetProperty("valid").GetBoolean());
        Assert.Equal("3", result.GetProperty("firstBrokenId").GetString());
    }

    private async Task<JsonElement> VerifyAsync()
    {
        using var response = await Client.GetAsync(new Uri("/api/v1/audit/verify", UriKind.Relative));
        return await ExpectAsync(response, HttpStatusCode.OK);
    }

    /// <summary>
    /// Moves the clock on by the worker's interval until the scheduled pass has done what is expected (it runs in the
    /// background once the clock reaches it, and sets its next timer only after a pass).
    /// </summary>
    private async Task<JsonElement> EventuallyAsync(Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            Clock.Advance(CheckpointInterval);
            await Task.Delay(100);
            var result = await VerifyAsync();
            if (condition(result)) return result;
            Assert.True(DateTime.UtcNow < deadline, $"Not reached in time: {result}");
        }
    }

    private async Task<AngleSharp.Html.Dom.IHtmlDocument> CheckpointFromTheAuditPageAsync()
    {
        using var admin = ClientWith(null);
        await SignInAsync(admin, Admin);
        var page = await admin.GetPageAsync("/Admin/Audit");
        var after = await admin.SubmitAndFollowAsync(page, "#checkpoint-form", new Dictionary<string, string>());
        Assert.Contains("Checkpoint written", after.Flash(), StringComparison.Ordinal);
        return after;
    }

    private async Task TamperAsync(Func<PortalDbContext, Task> tamper) =>
        await InScopeAsync(async services =>
        {
            await tamper(services.GetRequiredService<PortalDbContext>());
            return 0;
        });
}
