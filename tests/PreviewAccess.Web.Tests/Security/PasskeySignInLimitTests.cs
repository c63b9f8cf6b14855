using PreviewAccess.Web.Tests.Admin;

namespace PreviewAccess.Web.Tests.Security;

/// <summary>
/// The passkey sign-in is anonymous: its options (a fresh challenge each time) and its POST (a signature check and a
/// database look-up) are limited per client address, so that nobody hammers them; another address is not affected.
/// </summary>
[Collection(SignInAndShellCollectionDefinition.Name)]
public sealed class PasskeySignInLimitTests(PostgresServer postgres) : PortalTest(postgres)
{
    private const string Stranger = "203.0.113.7";
    private const string Neighbour = "198.51.100.9";
    private const string ForgedCredential = "{\"id\":\"AAAA\",\"type\":\"public-key\"}";

    private static readonly Dictionary<string, string?> Limits = new()
    {
        ["Security:PasskeyRequestsPerAddressPerMinute"] = "3",
        ["Security:PasskeyFailuresPerAddressPerMinute"] = "2",
    };

    protected override bool SeedDemoData => false;

    protected override IDictionary<string, string?> Settings => Limits;

    protected override void ConfigureServices(IServiceCollection services) => services.AddClientAddressFromTestHeader();

    [Fact]
    public async Task Asking_for_passkey_options_too_often_from_one_address_gets_429_with_Retry_After_and_another_address_does_not()
    {
        using var stranger = App.NewClient().From(Stranger);
        var page = await stranger.GetPageAsync("/Account/LoginWithPasskey");

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await RequestOptionsAsync(stranger, page);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await RequestOptionsAsync(stranger, page);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Contains("Too many", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var neighbour = App.NewClient().From(Neighbour);
        using var other = await RequestOptionsAsync(neighbour, await neighbour.GetPageAsync("/Account/LoginWithPasskey"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Failed_passkey_sign_ins_from_one_address_are_refused_with_429_and_Retry_After_before_the_credential_is_looked_at()
    {
        using var stranger = App.NewClient().From("203.0.113.8");
        var page = await stranger.GetPageAsync("/Account/LoginWithPasskey");
        for (var i = 0; i < 2; i++)
        {
            var failed = await stranger.SubmitInvalidAsync(page, "#passkey-sign-in-form", new Dictionary<string, string> { ["CredentialJson"] = ForgedCredential });
            Assert.Contains("That passkey did not sign you in.", failed.Text(), StringComparison.Ordinal);
        }

        using var refused = await stranger.SubmitAsync(page, "#passkey-sign-in-form", new Dictionary<string, string> { ["CredentialJson"] = ForgedCredential });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Contains("Too many failed passkey sign-ins from your network.", (await HtmlForms.ParseAsync(refused)).Text(), StringComparison.Ordinal);

        using var neighbour = App.NewClient().From("198.51.100.10");
        var neighbourPage = await neighbour.GetPageAsync("/Account/LoginWithPasskey");
        var theirs = await neighbour.SubmitInvalidAsync(neighbourPage, "#passkey-sign-in-form", new Dictionary<string, string> { ["CredentialJson"] = ForgedCredential });
        Assert.Contains("That passkey did not sign you in.", theirs.Text(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> RequestOptionsAsync(HttpClient client, AngleSharp.Html.Dom.IHtmlDocument page)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/Account/LoginWithPasskey?handler=RequestOptions", UriKind.Relative));
        request.Headers.Add("RequestVerificationToken", page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value"));
        return await client.SendAsync(request);
    }
}
