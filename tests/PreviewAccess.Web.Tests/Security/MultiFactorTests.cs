using Microsoft.AspNetCore.Identity;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Admin;

namespace PreviewAccess.Web.Tests.Security;

/// <summary>
/// The second factor: staff enrol an authenticator app before they reach their areas, sign in with its codes (or a
/// recovery code, once), and an admin can reset a colleague's second factor. Here the requirement is on, as it is by default.
/// </summary>
[Collection(SignInAndShellCollectionDefinition.Name)]
public sealed class MultiFactorTests(PostgresServer postgres) : PortalTest(postgres)
{
    public static readonly Dictionary<string, string?> Required = new() { ["Security:RequireStaffMultiFactor"] = "true" };

    protected override IDictionary<string, string?> Settings => Required;

    // Every request checks the security stamp: a reset ends sessions at once, and the sign-in's second factor must survive the re-check.
    protected override void ConfigureServices(IServiceCollection services) => services.CheckSecurityStampOnEveryRequest();

    [Theory]
    [InlineData(DemoData.AdminEmail, "/Admin")]
    [InlineData(DemoData.RepEmail, "/Admin/Organizations")]
    [InlineData(DemoData.SupportEmail, "/Support")]
    public async Task Staff_without_a_second_factor_are_sent_to_enrol_before_their_area(string email, string area)
    {
        using var client = await App.SignedInAsync(email);

        using var response = await client.GetAsync(new Uri(area, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"{MultiFactorClients.TwoFactorPage}?ReturnUrl={Uri.EscapeDataString(area)}", response.Headers.Location!.OriginalString);
        var enrol = await client.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Set up two-factor authentication", enrol.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(enrol.QuerySelector("img#qr-code[src^='data:image/png;base64,']"));
        Assert.Matches("^[a-z2-7 ]{20,}$", MultiFactorClients.SharedKey(enrol));
    }

    [Fact]
    public async Task A_partner_without_a_second_factor_reaches_their_pages()
    {
        using var client = await App.SignedInAsync(DemoData.PartnerEmail);

        using var response = await client.GetAsync(new Uri("/Partner/Status", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Enrolling_with_a_code_from_the_shared_key_opens_the_area_and_shows_the_recovery_codes_once()
    {
        var rep = await NewUserAsync(Roles.AccountRep);
        var enrolled = await App.EnrolledAsync(rep);
        using var client = enrolled.Client;

        Assert.Equal(10, enrolled.RecoveryCodes.Count);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/Admin/Organizations", UriKind.Relative))).StatusCode);
        var again = await client.GetPageAsync("/Account/Manage/RecoveryCodes");
        Assert.Empty(MultiFactorClients.RecoveryCodes(again));
        var status = await client.GetPageAsync(MultiFactorClients.TwoFactorPage);
        Assert.Contains("10 recovery codes left", status.Text(), StringComparison.Ordinal);
        await using var scope = App.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        Assert.True(await users.GetTwoFactorEnabledAsync((await users.FindByEmailAsync(rep))!));
    }

    [Fact]
    public async Task A_wrong_code_while_enrolling_is_refused_on_its_field()
    {
        using var client = await App.SignedInAsync(await NewUserAsync(Roles.Support));
        var setup = await client.GetPageAsync(MultiFactorClients.TwoFactorPage);
        var key = MultiFactorClients.SharedKey(setup);

        var wrong = await client.SubmitInvalidAsync(setup, "#enable-form", new Dictionary<string, string> { ["Input.Code"] = Totp.WrongCode(key) });
        var empty = await client.SubmitInvalidAsync(setup, "#enable-form", new Dictionary<string, string> { ["Input.Code"] = "" });
        var letters = await client.SubmitInvalidAsync(setup, "#enable-form", new Dictionary<string, string> { ["Input.Code"] = "abc<script>" });

        Assert.Equal("That code is not right. Enter the six digits your app shows now.", wrong.FieldError("Input.Code"));
        Assert.Equal("Enter the six-digit code from your app.", empty.FieldError("Input.Code"));
        Assert.Equal("Enter the six-digit code from your app.", letters.FieldError("Input.Code"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/Support", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Once_enrolled_signing_in_asks_for_the_code_and_refuses_a_wrong_one_on_its_field()
    {
        var admin = await NewUserAsync(Roles.Admin);
        var enrolled = await App.EnrolledAsync(admin);
        enrolled.Client.Dispose();

        using var client = App.NewClient();
        using var password = await client.PasswordStepAsync(admin, "/Admin/Staff");
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.Equal("/Account/LoginWith2fa?ReturnUrl=%2FAdmin%2FStaff", password.Headers.Location!.OriginalString);
        // The password alone opens nothing.
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/Admin/Staff", UriKind.Relative))).StatusCode);

        var second = await client.GetPageAsync(password.Headers.Location.OriginalString);
        var refused = await client.SubmitInvalidAsync(second, "main form", new Dictionary<string, string> { ["Input.TwoFactorCode"] = Totp.WrongCode(enrolled.SharedKey) });
        Assert.Equal("That code is not right. Enter the six digits your app shows now.", refused.FieldError("Input.TwoFactorCode"));

        using var accepted = await client.SubmitAsync(refused, "main form", new Dictionary<string, string> { ["Input.TwoFactorCode"] = Totp.Code(enrolled.SharedKey) });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/Admin/Staff", accepted.Headers.Location!.OriginalString);
        // Several requests: the security stamp is re-checked on each, and the second factor stays on the session.
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/Admin/Staff", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task An_authenticator_code_signs_in_once_and_never_again_and_the_next_steps_code_works()
    {
        var admin = await NewUserAsync(Roles.Admin);
        var enrolled = await App.EnrolledAsync(admin);
        enrolled.Client.Dispose();
        var now = DateTimeOffset.UtcNow;
        var code = Totp.Code(enrolled.SharedKey, now);

        using (var first = await App.SecondStepAsync(admin, code))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        // Signed out (another browser), the same code, still inside its window, is refused as a wrong one.
        using var replayed = await App.SecondStepAsync(admin, code);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(OwnSecondFactorWrongCode, (await HtmlForms.ParseAsync(replayed)).FieldError("Input.TwoFactorCode"));
        // So is the code that turned the app on: it was used once already, and comes from an earlier step.
        using var enrolment = await App.SecondStepAsync(admin, enrolled.EnrolmentCode);
        Assert.Equal(OwnSecondFactorWrongCode, (await HtmlForms.ParseAsync(enrolment)).FieldError("Input.TwoFactorCode"));

        using var next = await App.SecondStepAsync(admin, Totp.Code(enrolled.SharedKey, now.AddSeconds(30)));
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Equal("/home", next.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_last_accepted_step_is_kept_in_the_database_so_every_instance_refuses_a_replay()
    {
        var admin = await NewUserAsync(Roles.Admin);
        var enrolled = await App.EnrolledAsync(admin);
        enrolled.Client.Dispose();
        var code = Totp.Code(enrolled.SharedKey);
        using (var first = await App.SecondStepAsync(admin, code)) Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        // A second instance of the portal on the same database.
        await using var other = new PortalApp(App.ConnectionString, seedDemoData: false, settings: Required);
        using var replayed = await other.SecondStepAsync(admin, code);

        Assert.Equal(OwnSecondFactorWrongCode, (await HtmlForms.ParseAsync(replayed)).FieldError("Input.TwoFactorCode"));
    }

    private const string OwnSecondFactorWrongCode = "That code is not right. Enter the six digits your app shows now.";

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_never_again()
    {
        var support = await NewUserAsync(Roles.Support);
        var enrolled = await App.EnrolledAsync(support);
        enrolled.Client.Dispose();
        var code = enrolled.RecoveryCodes[3];

        using (var first = App.NewClient())
        {
            using var password = await first.PasswordStepAsync(support, "/Support");
            var second = await first.GetPageAsync(password.Headers.Location!.OriginalString);
            var recovery = await first.GetPageAsync(second.QuerySelector("a#use-recovery-code")!.GetAttribute("href")!);
            using var accepted = await first.SubmitAsync(recovery, "main form", new Dictionary<string, string> { ["Input.RecoveryCode"] = code });
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
            Assert.Equal("/Support", accepted.Headers.Location!.OriginalString);
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync(new Uri("/Support", UriKind.Relative))).StatusCode);
            Assert.Contains("9 recovery codes left", (await first.GetPageAsync(MultiFactorClients.TwoFactorPage)).Text(), StringComparison.Ordinal);
        }

        using var again = App.NewClient();
        using var passwordAgain = await again.PasswordStepAsync(support, "/Support");
        var recoveryAgain = await again.GetPageAsync("/Account/LoginWithRecoveryCode?ReturnUrl=%2FSupport");
        var refused = await again.SubmitInvalidAsync(recoveryAgain, "main form", new Dictionary<string, string> { ["Input.RecoveryCode"] = code });
        Assert.Equal("That recovery code is not right, or it has been used.", refused.FieldError("Input.RecoveryCode"));
        Assert.Equal(HttpStatusCode.Redirect, (await again.GetAsync(new Uri("/Support", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Staff_cannot_turn_the_second_factor_off_while_it_is_required()
    {
        var rep = await NewUserAsync(Roles.AccountRep);
        var enrolled = await App.EnrolledAsync(rep);
        using var client = enrolled.Client;
        var status = await client.GetPageAsync(MultiFactorClients.TwoFactorPage);
        Assert.Null(status.QuerySelector("#disable-form"));

        var token = status.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var forced = await client.PostAsync(new Uri(MultiFactorClients.TwoFactorPage + "?handler=Disable", UriKind.Relative), content);

        Assert.Contains("Your role needs two-factor authentication", (await HtmlForms.ParseAsync(forced)).Text(), StringComparison.Ordinal);
        await using var scope = App.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        Assert.True(await users.GetTwoFactorEnabledAsync((await users.FindByEmailAsync(rep))!));
    }

    [Fact]
    public async Task A_partner_may_turn_the_second_factor_on_and_off()
    {
        var partner = await NewUserAsync(Roles.Partner);
        var enrolled = await App.EnrolledAsync(partner);
        using var client = enrolled.Client;
        var status = await client.GetPageAsync(MultiFactorClients.TwoFactorPage);

        var off = await client.SubmitAndFollowAsync(status, "#disable-form", new Dictionary<string, string>());

        Assert.Contains("Two-factor authentication is off", off.Flash(), StringComparison.Ordinal);
        using var fresh = App.NewClient();
        using var password = await fresh.PasswordStepAsync(partner, "/Partner/Status");
        Assert.Equal("/Partner/Status", password.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_admin_resets_a_colleagues_second_factor_which_is_audited_and_ends_their_sessions()
    {
        var rep = await NewUserAsync(Roles.AccountRep);
        var colleague = await App.EnrolledAsync(rep);
        using var colleagueClient = colleague.Client;
        var adminEmail = await NewUserAsync(Roles.Admin);
        var admin = await App.EnrolledAsync(adminEmail);
        using var adminClient = admin.Client;
        var repId = await App.ReadAsync(db => db.Users.Where(u => u.Email == rep).Select(u => u.Id).SingleAsync());
        var edit = await adminClient.GetPageAsync($"/Admin/Staff/Edit/{repId}");
        Assert.Contains("Two-factor authentication is on", edit.QuerySelector("#second-factor-heading")!.ParentElement!.TextContent, StringComparison.Ordinal);

        var after = await adminClient.SubmitAndFollowAsync(edit, "#reset-second-factor-form", new Dictionary<string, string>());

        Assert.Contains("second factor was reset", after.Flash(), StringComparison.Ordinal);
        var audit = await App.ReadAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.Action == "staff.second-factor-reset").ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal(repId.ToString(), entry.SubjectId);
        Assert.Equal(adminEmail, entry.Actor);
        // Their session ended, and the old authenticator no longer signs them in: they enrol again.
        Assert.Equal(HttpStatusCode.Redirect, (await colleagueClient.GetAsync(new Uri("/Admin/Organizations", UriKind.Relative))).StatusCode);
        using var fresh = await App.SignedInAsync(rep);
        using var area = await fresh.GetAsync(new Uri("/Admin/Organizations", UriKind.Relative));
        Assert.StartsWith(MultiFactorClients.TwoFactorPage, area.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.AccountRep)]
    [InlineData(Roles.Support)]
    public async Task Only_admins_may_reset_a_second_factor(string role)
    {
        var enrolled = await App.EnrolledAsync(await NewUserAsync(role));
        using var client = enrolled.Client;
        var adminId = await App.ReadAsync(db => db.Users.Where(u => u.Email == DemoData.AdminEmail).Select(u => u.Id).SingleAsync());
        var token = (await client.GetPageAsync("/")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var response = await client.PostAsync(new Uri($"/Admin/Staff/Edit/{adminId}?handler=ResetSecondFactor", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(0, await App.ReadAsync(db => db.AuditEvents.CountAsync(e => e.Action == "staff.second-factor-reset")));
    }

    [Fact]
    public async Task A_password_alone_cannot_add_a_passkey_for_staff_but_an_enrolled_session_gets_the_options()
    {
        using var passwordOnly = await App.SignedInAsync(await NewUserAsync(Roles.AccountRep));
        var page = await passwordOnly.GetPageAsync("/Account/Manage/Passkeys");
        Assert.NotNull(page.QuerySelector("#cannot-add"));
        using var refused = await PostWithTokenAsync(passwordOnly, page, "/Account/Manage/Passkeys?handler=CreationOptions");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        var email = await NewUserAsync(Roles.AccountRep);
        var enrolled = await App.EnrolledAsync(email);
        using var client = enrolled.Client;
        var passkeys = await client.GetPageAsync("/Account/Manage/Passkeys");
        using var options = await PostWithTokenAsync(client, passkeys, "/Account/Manage/Passkeys?handler=CreationOptions");
        Assert.Equal(HttpStatusCode.OK, options.StatusCode);
        var json = System.Text.Json.JsonDocument.Parse(await options.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(email, json.GetProperty("user").GetProperty("name").GetString());
        Assert.Equal("required", json.GetProperty("authenticatorSelection").GetProperty("userVerification").GetString());

        using var anonymous = App.NewClient();
        var signIn = await anonymous.GetPageAsync("/Account/LoginWithPasskey");
        using var request = await PostWithTokenAsync(anonymous, signIn, "/Account/LoginWithPasskey?handler=RequestOptions");
        Assert.Equal(HttpStatusCode.OK, request.StatusCode);
        Assert.False(string.IsNullOrEmpty(System.Text.Json.JsonDocument.Parse(await request.Content.ReadAsStringAsync()).RootElement.GetProperty("challenge").GetString()));
        // A forged credential is refused on the page, never a 500.
        var forged = await anonymous.SubmitInvalidAsync(signIn, "#passkey-sign-in-form", new Dictionary<string, string> { ["CredentialJson"] = "{\"id\":\"AAAA\",\"type\":\"public-key\"}" });
        Assert.Contains("That passkey did not sign you in.", forged.Text(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostWithTokenAsync(HttpClient client, AngleSharp.Html.Dom.IHtmlDocument page, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative));
        request.Headers.Add("RequestVerificationToken", page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value"));
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_second_factor_step_cannot_be_skipped_by_going_to_the_code_page_directly()
    {
        using var client = App.NewClient();

        using var response = await client.GetAsync(new Uri("/Account/LoginWith2fa", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>A new person of <paramref name="role"/> (a partner of the demo partner's organization): each test enrols its own.</summary>
    private async Task<string> NewUserAsync(string role)
    {
        await using var scope = App.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@previewaccess.example";
        var organizationId = role == Roles.Partner ? (await users.FindByEmailAsync(DemoData.PartnerEmail))!.OrganizationId : null;
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = role + " " + email[..8], OrganizationId = organizationId, CreatedAt = DateTimeOffset.UtcNow };
        Assert.True((await users.CreateAsync(user, DemoData.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return email;
    }
}
