using System.Net.Http.Json;
using PreviewAccess.Domain.ApiKeys;

namespace PreviewAccess.Web.Tests.Api;

/// <summary>Per-key limits (one for the access check, one for the rest) and the per-address limit of accepting an invitation.</summary>
[Collection(UndisturbedCollectionDefinition.Name)]
public sealed class RateLimitTests(PostgresServer postgres) : ApiTest(postgres)
{
    private const string Check = "/api/v1/access/check?surface=Api&identifier=org-abcdefghijklmnopqrstuvwx&email=a@b.example&model=gpt-5.6-sol";

    protected override IDictionary<string, string?> ApiSettings => new Dictionary<string, string?>
    {
        ["Api:RateLimits:AccessCheckPerMinute"] = "5",
        ["Api:RateLimits:PerKeyPerMinute"] = "3",
        ["Api:RateLimits:AcceptInvitationPerMinute"] = "2",
    };

    [Fact]
    public async Task A_key_past_its_limit_gets_429_problem_details_and_other_keys_do_not()
    {
        using var busy = ClientWith(await Data.KeyAsync(Admin.Id, ApiScopes.All.ToArray()));
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await busy.GetAsync(new Uri("/api/v1/models", UriKind.Relative));
            await ExpectAsync(allowed, HttpStatusCode.OK);
        }

        using var limited = await busy.GetAsync(new Uri("/api/v1/models", UriKind.Relative));
        await ExpectProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);

        // The access check counts on its own, larger allowance.
        for (var i = 0; i < 5; i++)
        {
            using var check = await busy.GetAsync(new Uri(Check, UriKind.Relative));
            await ExpectAsync(check, HttpStatusCode.OK);
        }

        using var checkLimited = await busy.GetAsync(new Uri(Check, UriKind.Relative));
        await ExpectProblemAsync(checkLimited, HttpStatusCode.TooManyRequests);

        using var calm = ClientWith(await Data.KeyAsync(Admin.Id, ApiScopes.All.ToArray()));
        using var other = await calm.GetAsync(new Uri("/api/v1/models", UriKind.Relative));
        await ExpectAsync(other, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Accepting_invitations_is_limited_per_client_address()
    {
        using var anonymous = ClientWith(null);
        for (var i = 0; i < 2; i++)
        {
            using var gone = await anonymous.PostAsJsonAsync("/api/v1/invitations/accept", new { token = "guess-" + i, displayName = "X", password = "long-enough-password" });
            await ExpectProblemAsync(gone, HttpStatusCode.Gone);
        }

        using var limited = await anonymous.PostAsJsonAsync("/api/v1/invitations/accept", new { token = "guess-3", displayName = "X", password = "long-enough-password" });
        await ExpectProblemAsync(limited, HttpStatusCode.TooManyRequests);
    }
}
