using System.Buffers.Binary;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Infrastructure;

namespace PreviewAccess.Web.Tests.Shell;

/// <summary>Signing in and out with the demo accounts, and the defences around it.</summary>
[Collection(SignInAndShellCollectionDefinition.Name)]
public sealed class SignInTests(PostgresServer postgres) : PortalTest(postgres)
{
    [Theory]
    [InlineData(DemoData.AdminEmail, "Admin", "/Admin", "Dashboard")]
    [InlineData(DemoData.RepEmail, "Account representative", "/Admin", "Dashboard")]
    [InlineData(DemoData.SupportEmail, "Support", "/Support", "Support desk")]
    [InlineData(DemoData.PartnerEmail, "Partner", "/Partner/Status", "Status")]
    public async Task Each_demo_role_signs_in_and_lands_on_its_home_marked_in_the_navigation(string email, string roleLabel, string expectedHome, string navigationLink)
    {
        using var client = NewClient();
        using var response = await SignInAsync(client, email, DemoData.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/home", response.Headers.Location!.OriginalString);
        using var landing = await client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, landing.StatusCode);
        Assert.Equal(expectedHome, landing.Headers.Location!.OriginalString);
        var home = await client.GetPageAsync(expectedHome);
        Assert.Contains(roleLabel, home.QuerySelector("nav")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(navigationLink, Assert.Single(home.QuerySelectorAll(".navbar a[aria-current='page']")).TextContent.Trim());
    }

    [Fact]
    public async Task A_sign_in_that_came_from_a_page_goes_back_to_it_and_never_off_the_site()
    {
        using var client = NewClient();
        using var back = await SignInAsync(client, DemoData.RepEmail, DemoData.Password, "/Admin/Waves");
        Assert.Equal("/Admin/Waves", back.Headers.Location!.OriginalString);

        using var other = NewClient();
        using var offSite = await SignInAsync(other, DemoData.RepEmail, DemoData.Password, "https://evil.example/");
        Assert.Equal("/home", offSite.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_partners_home_never_calls_enrollment_access()
    {
        using var client = NewClient();
        (await SignInAsync(client, DemoData.PartnerEmail, DemoData.Password)).Dispose();

        var section = (await client.GetPageAsync("/")).QuerySelector("#your-organization")!.ParentElement!.TextContent;
        Assert.Contains("Enrolled — under review", section, StringComparison.Ordinal);
        Assert.Contains("Completing enrollment does not make access active", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_one_message_that_names_nothing()
    {
        using var client = NewClient();
        using var wrongPassword = await SignInAsync(client, DemoData.RepEmail, "not-the-password");
        using var unknownUser = await SignInAsync(client, "nobody@previewaccess.example", "not-the-password");

        var first = await HtmlForms.ParseAsync(wrongPassword);
        var second = await HtmlForms.ParseAsync(unknownUser);
        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Contains("The email or password is not correct.", first.Text(), StringComparison.Ordinal);
        Assert.Contains("The email or password is not correct.", second.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_fields_get_an_error_on_each_field()
    {
        using var client = NewClient();
        var login = await client.GetPageAsync("/Account/Login");
        using var response = await client.SubmitAsync(login, "form", new Dictionary<string, string> { ["Input.Email"] = "", ["Input.Password"] = "" });

        var page = await HtmlForms.ParseAsync(response);
        Assert.Equal("Enter your email.", page.FieldError("Input.Email"));
        Assert.Equal("Enter your password.", page.FieldError("Input.Password"));
    }

    [Fact]
    public async Task By_default_ten_failures_from_one_address_throttle_it_and_never_lock_the_account()
    {
        using var client = NewClient();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var refused = await SignInAsync(client, DemoData.SupportEmail, "wrong-password-" + attempt);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        }

        using var throttled = await SignInAsync(client, DemoData.SupportEmail, DemoData.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.True(throttled.Headers.Contains("Retry-After"));

        await using var scope = App.Scope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoData.SupportEmail))!;
        Assert.Null(user.LockoutEnd);
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in_and_their_session_ends()
    {
        using var client = NewClient();
        (await SignInAsync(client, DemoData.SecondRepEmail, DemoData.Password)).Dispose();
        Assert.Contains("Ravi Rep", (await client.GetPageAsync("/")).Text(), StringComparison.Ordinal);

        await using (var scope = App.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(DemoData.SecondRepEmail))!;
            user.IsDisabled = true;
            await users.UpdateAsync(user);
            await users.UpdateSecurityStampAsync(user);
        }

        using var fresh = NewClient();
        using var refused = await SignInAsync(fresh, DemoData.SecondRepEmail, DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("The email or password is not correct.", (await HtmlForms.ParseAsync(refused)).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_without_the_antiforgery_token_is_rejected()
    {
        using var client = NewClient();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = DemoData.RepEmail, ["Input.Password"] = DemoData.Password });
        using var response = await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Sign_in_cookies_are_http_only_secure_and_same_site()
    {
        using var client = NewClient();
        using var response = await SignInAsync(client, DemoData.RepEmail, DemoData.Password);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("PreviewAccess.Auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Signing_out_is_a_post_that_ends_the_session()
    {
        using var client = NewClient();
        (await SignInAsync(client, DemoData.RepEmail, DemoData.Password)).Dispose();
        var home = await client.GetPageAsync("/");

        using var response = await client.SubmitAsync(home, "form[action='/Account/Logout']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.GetPageAsync("/");
        Assert.DoesNotContain("Program at a glance", after.Text(), StringComparison.Ordinal);
        Assert.NotNull(after.QuerySelector("a[href='/Account/Login']"));
    }

    [Fact]
    public async Task After_signing_out_the_old_cookie_replayed_gets_the_sign_in_page()
    {
        using var client = NewClient();
        using var signIn = await SignInAsync(client, DemoData.RepEmail, DemoData.Password);
        var authCookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("PreviewAccess.Auth=", StringComparison.Ordinal)).Split(';')[0];
        using var replayer = App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        using (var before = await GetWithCookieAsync(replayer, authCookie)) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        var home = await client.GetPageAsync("/");
        (await client.SubmitAsync(home, "form[action='/Account/Logout']", new Dictionary<string, string>())).Dispose();

        using var replayed = await GetWithCookieAsync(replayer, authCookie);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Equal("/Account/Login", replayed.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Passwords_are_stored_as_PBKDF2_with_at_least_210000_iterations()
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var hashes = await db.Users.Select(u => u.PasswordHash!).ToListAsync();

        Assert.NotEmpty(hashes);
        Assert.All(hashes, hash =>
        {
            var bytes = Convert.FromBase64String(hash);
            Assert.Equal(0x01, bytes[0]); // Identity v3 format: PBKDF2 with the parameters in the header.
            Assert.True(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4)) >= IdentitySetup.PasswordHashIterations);
        });
        Assert.True(IdentitySetup.PasswordHashIterations >= 210_000);
    }

    [Fact]
    public async Task A_second_instance_on_the_same_database_accepts_the_first_ones_sign_in()
    {
        using var client = NewClient();
        using var signIn = await SignInAsync(client, DemoData.RepEmail, DemoData.Password);
        var authCookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("PreviewAccess.Auth=", StringComparison.Ordinal)).Split(';')[0];

        await using var second = new PortalApp(App.ConnectionString);
        using var otherClient = second.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", authCookie);
        using var response = await otherClient.SendAsync(request);

        Assert.Contains("Rosa Rep", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(HttpClient client, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Admin");
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private HttpClient NewClient() => App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var login = await client.GetPageAsync(returnUrl is null ? "/Account/Login" : "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        return await client.SubmitAsync(login, "main form", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
    }
}
