using PreviewAccess.Domain.Audit;
using PreviewAccess.Web.Features.Audit;

namespace PreviewAccess.Web.Tests.Audit;

/// <summary>
/// Where the chain's key comes from: <c>Audit:ChainKey</c> when configured, else a key the portal keeps encrypted by the
/// data-protection system. Turning the setting on later (as production should) does not break the log written before.
/// </summary>
[Collection(RecordsAndSupportCollectionDefinition.Name)]
public sealed class AuditChainKeyTests(PostgresServer postgres)
{
    private const string ConfiguredKey = "a-configured-audit-chain-key-of-at-least-32-characters";

    [Fact]
    public async Task Configuring_a_chain_key_later_keeps_the_log_written_with_the_derived_key_verifiable()
    {
        var connectionString = await postgres.CreateDatabaseAsync("auditkeyswitch");
        await using (var derived = new PortalApp(connectionString))
        {
            await AppendAsync(derived, 3);
        }

        await using var configured = new PortalApp(connectionString, settings: new Dictionary<string, string?> { ["Audit:ChainKey"] = ConfiguredKey });
        await AppendAsync(configured, 2);

        await using var scope = configured.Scope();
        var verification = await scope.ServiceProvider.GetRequiredService<AuditLogQueries>().VerifyAsync(CancellationToken.None);
        Assert.True(verification.Valid, $"broken at {verification.FirstBrokenId}");
        Assert.Equal(5, verification.Checked);
    }

    [Fact]
    public async Task Another_portal_with_a_different_configured_key_finds_the_chain_broken()
    {
        var connectionString = await postgres.CreateDatabaseAsync("auditkeywrong");
        await using (var first = new PortalApp(connectionString, settings: new Dictionary<string, string?> { ["Audit:ChainKey"] = ConfiguredKey }))
        {
            await AppendAsync(first, 2);
        }

        // Someone who can start a portal on the database, but does not hold the key, cannot make the log verify.
        await using var other = new PortalApp(connectionString, settings: new Dictionary<string, string?> { ["Audit:ChainKey"] = "some-other-key-that-is-also-32-characters-long" });
        await using var scope = other.Scope();
        var verification = await scope.ServiceProvider.GetRequiredService<AuditLogQueries>().VerifyAsync(CancellationToken.None);
        Assert.False(verification.Valid);
    }

    private static async Task AppendAsync(PortalApp app, int count)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await scope.ServiceProvider.GetRequiredService<UnitOfWork>().RunAsync(_ =>
        {
            for (var i = 0; i < count; i++)
            {
                db.Append(new AuditEvent(DateTimeOffset.UnixEpoch.AddDays(20_000 + i), "tester@previewaccess.example", "test.appended", "Test", Guid.NewGuid().ToString(), null, "{}"));
            }

            return Task.CompletedTask;
        }, CancellationToken.None);
        Assert.True(await db.AuditEvents.AnyAsync());
    }
}
