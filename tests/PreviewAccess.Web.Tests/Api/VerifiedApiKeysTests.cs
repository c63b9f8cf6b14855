using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Web.Features.ApiKeys;
using static PreviewAccess.Web.Tests.Hosting.TestData;

namespace PreviewAccess.Web.Tests.Api;

/// <summary>
/// The API key's verification is held for a second: a gateway's requests do not each read the key from the database.
/// (That a revoked key or a disabled owner is refused within that second is in <see cref="ApiAuthenticationTests"/>.)
/// </summary>
[Collection(UndisturbedCollectionDefinition.Name)]
public sealed class VerifiedApiKeysTests(PostgresServer postgres) : ApiTest(postgres)
{
    private readonly KeyLookups _lookups = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.ConfigureDbContext<PostgresPortalDbContext>(options => options.AddInterceptors(_lookups));

    [Fact]
    public async Task Many_requests_with_one_key_read_it_from_the_database_about_once_a_second()
    {
        using var client = ClientWith(await Data.KeyAsync(Admin.Id, ApiScopes.AccessCheck));
        var check = new Uri($"/api/v1/access/check?surface=Api&identifier={NewApiOrganizationId()}&email=a@b.example&model={Sol}", UriKind.Relative);
        var before = _lookups.Count;
        var started = System.Diagnostics.Stopwatch.StartNew();

        // 20 at once (they share the one lookup in flight), then 100 one after another.
        var burst = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetAsync(check)));
        foreach (var response in burst) using (response) await ExpectAsync(response, HttpStatusCode.OK);
        for (var i = 0; i < 100; i++)
        {
            using var response = await client.GetAsync(check);
            await ExpectAsync(response, HttpStatusCode.OK);
        }

        var lookups = _lookups.Count - before;
        var allowed = (int)Math.Ceiling(started.Elapsed / VerifiedApiKeys.Freshness) + 1;
        Assert.InRange(lookups, 1, allowed);
    }

    [Fact]
    public async Task Unknown_keys_are_read_every_time_and_never_held()
    {
        using var client = ClientWith("pa_" + new string('x', 40));
        var before = _lookups.Count;
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync(new Uri("/api/v1/models", UriKind.Relative));
            await ExpectProblemAsync(response, HttpStatusCode.Unauthorized);
        }

        Assert.Equal(5, _lookups.Count - before);
    }

    /// <summary>Counts the queries that look an API key up by its hash.</summary>
    private sealed class KeyLookups : DbCommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("\"KeyHash\" =", StringComparison.Ordinal)) Interlocked.Increment(ref _count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
