using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace PreviewAccess.Bench;

/// <summary>
/// Signs a user (staff, or the bench's partner) in through the real login form (antiforgery token and all) and prints the Cookie header
/// that wrk then sends to the admin pages. Outside Development the portal's cookies and antiforgery demand https,
/// so the pages are reached over the instance's https endpoint, whose certificate the harness made: only that
/// certificate is trusted. Cookies are collected by hand to print them.
/// </summary>
internal static partial class StaffSignIn
{
    public static async Task<int> RunAsync(Options options, TextReader input)
    {
        var password = (await input.ReadLineAsync())?.Trim() ?? throw new BenchException("Give the password on stdin.");
        var expected = CertificateBytes(await File.ReadAllTextAsync(options.Required("certificate")));
        using var handler = new HttpClientHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.RawData.AsSpan().SequenceEqual(expected),
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(options.Required("url")) };
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);

        using var form = await http.GetAsync(new Uri("/Account/Login", UriKind.Relative));
        Remember(form, cookies);
        var token = TokenField().Match(await form.Content.ReadAsStringAsync());
        if (!token.Success) throw new BenchException("The login page carries no antiforgery token.");

        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri("/Account/Login", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = options.Required("email"),
                ["Input.Password"] = password,
                ["__RequestVerificationToken"] = token.Groups[1].Value,
            }),
        };
        post.Headers.Add("Cookie", Header(cookies));
        using var signedIn = await http.SendAsync(post);
        Remember(signedIn, cookies);
        if ((int)signedIn.StatusCode != 302) throw new BenchException($"Sign-in failed: HTTP {(int)signedIn.StatusCode}.");

        var landing = options.Optional("check") ?? "/Admin/Organizations";
        using var check = new HttpRequestMessage(HttpMethod.Get, new Uri(landing, UriKind.Relative));
        check.Headers.Add("Cookie", Header(cookies));
        using var page = await http.SendAsync(check);
        if ((int)page.StatusCode != 200) throw new BenchException($"The signed-in cookie does not open {landing}: HTTP {(int)page.StatusCode}.");
        Console.WriteLine(Header(cookies));
        return 0;
    }

    private static void Remember(HttpResponseMessage response, Dictionary<string, string> cookies)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values)) return;
        foreach (var pair in values.Select(v => v.Split(';')[0]))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at > 0) cookies[pair[..at]] = pair[(at + 1)..];
        }
    }

    /// <summary>The DER bytes of a PEM certificate file.</summary>
    private static byte[] CertificateBytes(string pem)
    {
        var fields = PemEncoding.Find(pem);
        if (!pem.AsSpan()[fields.Label].SequenceEqual("CERTIFICATE")) throw new BenchException("The certificate file holds no certificate.");
        return Convert.FromBase64String(pem[fields.Base64Data]);
    }

    private static string Header(Dictionary<string, string> cookies) => string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}"));

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
