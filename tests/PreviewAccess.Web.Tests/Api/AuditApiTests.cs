using Microsoft.Extensions.Time.Testing;

namespace PreviewAccess.Web.Tests.Api;

/// <summary>API.md, Audit: the log oldest first with a cursor, and the check of its hash chain.</summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class AuditApiTests(PostgresServer postgres) : ApiTest(postgres)
{
    // A clock in whole milliseconds: see Events_stamped_by_the_real_clock_verify_after_a_round_trip_through_PostgreSQL.
    protected override FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    [Fact]
    public async Task The_log_reads_oldest_first_page_by_page()
    {
        var organizationId = await NominateAsync();
        await InviteAsync(organizationId);
        await NominateAsync();

        var events = new List<System.Text.Json.JsonElement>();
        string? after = null;
        do
        {
            using var response = await Client.GetAsync(new Uri("/api/v1/audit?limit=1" + (after is null ? "" : "&after=" + after), UriKind.Relative));
            var page = await ExpectAsync(response, HttpStatusCode.OK);
            events.AddRange(page.GetProperty("items").EnumerateArray());
            after = page.GetProperty("next").GetString();
        }
        while (after is not null);

        Assert.Equal(["organization.nominated", "invitation.sent", "organization.nominated"], events.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(events.Select(e => long.Parse(e.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).Order(), events.Select(e => long.Parse(e.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        var first = events[0];
        Assert.Equal(Admin.Email, first.GetProperty("actor").GetString());
        Assert.Equal("Organization", first.GetProperty("subjectType").GetString());
        Assert.Equal(organizationId.ToString(), first.GetProperty("subjectId").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, first.GetProperty("before").ValueKind);
        Assert.Equal("Nominated", first.GetProperty("after").GetProperty("status").GetString());
        Assert.EndsWith("Z", first.GetProperty("at").GetString(), StringComparison.Ordinal);
        Assert.Equal("Nominated", events[1].GetProperty("before").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=500", "limit")]
    [InlineData("after=-1", "after")]
    [InlineData("after=abc", "after")]
    public async Task Malformed_paging_is_400(string query, string field)
    {
        using var response = await Client.GetAsync(new Uri("/api/v1/audit?" + query, UriKind.Relative));
        await ExpectInvalidAsync(response, field);
    }

    [Fact]
    public async Task The_chain_verifies_and_a_tampered_event_is_named()
    {
        await NominateAsync();
        await NominateAsync();
        await NominateAsync();

        using (var intact = await Client.GetAsync(new Uri("/api/v1/audit/verify", UriKind.Relative)))
        {
            var result = await ExpectAsync(intact, HttpStatusCode.OK);
            Assert.True(result.GetProperty("valid").GetBoolean());
            Assert.Equal(3, result.GetProperty("checked").GetInt32());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, result.GetProperty("firstBrokenId").ValueKind);
        }

        // Tampering takes a superuser switching the append-only trigger off: exactly what verification is for.
        await InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<PortalDbContext>();
            await db.Database.ExecuteSqlRawAsync("""
                ALTER TABLE "AuditEvents" DISABLE TRIGGER USER;
                UPDATE "AuditEvents" SET "Actor" = 'someone-else@api.example' WHERE "Id" = 2;
                ALTER TABLE "AuditEvents" ENABLE TRIGGER USER;
                """);
            return 0;
        });

        using var tampered = await Client.GetAsync(new Uri("/api/v1/audit/verify", UriKind.Relative));
        var broken = await ExpectAsync(tampered, HttpStatusCode.OK);
        Assert.False(broken.GetProperty("valid").GetBoolean());
        Assert.Equal(2, broken.GetProperty("checked").GetInt32());
        Assert.Equal("2", broken.GetProperty("firstBrokenId").GetString());
    }
}

/// <summary>The audit chain with the real clock, whose timestamps are finer than PostgreSQL keeps.</summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class AuditChainRealClockTests(PostgresServer postgres) : ApiTest(postgres)
{
    [Fact]
    public async Task Events_stamped_by_the_real_clock_verify_after_a_round_trip_through_PostgreSQL()
    {
        await NominateAsync();
        using var response = await Client.GetAsync(new Uri("/api/v1/audit/verify", UriKind.Relative));
        Assert.True((await ExpectAsync(response, HttpStatusCode.OK)).GetProperty("valid").GetBoolean());
    }
}
