using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.TestHost;
using MimeKit;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Admin;

namespace PreviewAccess.Web.Tests.Shell;

/// <summary>
/// A forgotten password by mail (one answer for every email, a link that works once and not for long), changing one's
/// password, one's own sessions and keys, and staff who choose their first password from a mailed link.
/// </summary>
[Collection(SignInAndShellCollectionDefinition.Name)]
public sealed partial class PasswordSelfServiceTests(PostgresServer postgres) : PortalTest(postgres)
{
    private const string NewPassword = "a-brand-new-passphrase";

    protected override bool MailsOverSmtp => true;

    protected override void ConfigureServices(IServiceCollection services) => services.AddClientAddressFromTestHeader();

    [Fact]
    public async Task A_forgotten_password_is_replaced_from_a_mailed_link_that_works_once_and_ends_every_session()
    {
        using var earlierSession = await App.SignedInAsync(DemoData.RepEmail);

        var sent = await RequestResetAsync(DemoData.RepEmail);
        Assert.Contains("If an account uses rep@previewaccess.example", sent.Text(), StringComparison.Ordinal);
        var mail = await Smtp.WaitForAsync(DemoData.RepEmail, m => m.Subject != null && m.Subject.Contains("password", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("30 minutes", mail.TextBody ?? string.Empty, StringComparison.Ordinal);
        var link = ResetLink(mail);

        using var browser = App.NewClient();
        var form = await browser.GetPageAsync(link);
        var mismatch = await browser.SubmitInvalidAsync(form, "#reset-form", new Dictionary<string, string> { ["Input.Password"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword + "x" });
        Assert.Equal("The two passwords are not the same.", mismatch.FieldError("Input.ConfirmPassword"));
        var tooShort = await browser.SubmitInvalidAsync(form, "#reset-form", new Dictionary<string, string> { ["Input.Password"] = "short", ["Input.ConfirmPassword"] = "short" });
        Assert.Contains("at least 12 characters", tooShort.FieldError("Input.Password"), StringComparison.Ordinal);

        var signInPage = await browser.SubmitAndFollowAsync(form, "#reset-form", new Dictionary<string, string> { ["Input.Password"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword });
        Assert.Contains("Your password was changed", signInPage.Flash(), StringComparison.Ordinal);

        using (var ended = await earlierSession.GetAsync(new Uri("/Admin", UriKind.Relative)))
        {
            Assert.Equal("/Account/Login", ended.Headers.Location?.AbsolutePath);
        }

        using var withNew = await App.SignedInAsync(DemoData.RepEmail, NewPassword);
        using var oldRefused = await SignInAsync(DemoData.RepEmail, DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, oldRefused.StatusCode);

        // The same link a second time: spent, whether opened again or sent from the page opened before.
        using var again = App.NewClient();
        var reused = await again.GetPageAsync(link);
        Assert.Contains("This link has expired or was already used", reused.Text(), StringComparison.Ordinal);
        Assert.Null(reused.QuerySelector("#reset-form"));
        var replayed = await browser.SubmitInvalidAsync(form, "#reset-form", new Dictionary<string, string> { ["Input.Password"] = "yet-another-passphrase", ["Input.ConfirmPassword"] = "yet-another-passphrase" });
        Assert.Contains("This link has expired or was already used", replayed.Text(), StringComparison.Ordinal);
        using var stillNew = await App.SignedInAsync(DemoData.RepEmail, NewPassword);
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_and_no_mail()
    {
        const string nobody = "nobody@previewaccess.example";
        var unknown = await RequestResetAsync(nobody);
        var known = await RequestResetAsync(DemoData.SupportEmail);

        Assert.Equal(Normalize(known.QuerySelector("main")!.TextContent).Replace(DemoData.SupportEmail, "EMAIL", StringComparison.Ordinal),
            Normalize(unknown.QuerySelector("main")!.TextContent).Replace(nobody, "EMAIL", StringComparison.Ordinal));
        // Requests are handled in order: once the second one's mail is here, the first one was handled too.
        await Smtp.WaitForAsync(DemoData.SupportEmail);
        Assert.DoesNotContain(Smtp.Received, m => m.To.Mailboxes.Any(a => a.Address == nobody));
    }

    [Fact]
    public async Task An_expired_link_is_refused_and_the_password_stays()
    {
        // A portal derived from App keeps its services (the client address from the test header).
        await using var shortLived = App.WithWebHostBuilder(builder => builder.UseSetting("SignIn:PasswordResetLinkLifetime", "00:00:02"));
        using var client = shortLived.NewClient();
        var form = await client.GetPageAsync("/Account/ForgotPassword");
        await client.SubmitAndFollowAsync(form, "main form", new Dictionary<string, string> { ["Input.Email"] = DemoData.SupportEmail });
        var link = ResetLink(await Smtp.WaitForAsync(DemoData.SupportEmail));
        var resetForm = await client.GetPageAsync(link);

        await Task.Delay(TimeSpan.FromSeconds(3));
        var refused = await client.SubmitInvalidAsync(resetForm, "#reset-form", new Dictionary<string, string> { ["Input.Password"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword });
        Assert.Contains("This link has expired or was already used", refused.Text(), StringComparison.Ordinal);
        using var unchanged = await shortLived.SignedInAsync(DemoData.SupportEmail, DemoData.Password);
    }

    [Fact]
    public async Task A_signed_in_person_changes_their_password_and_their_other_sessions_end()
    {
        using var laptop = await App.SignedInAsync(DemoData.PartnerEmail);
        using var phone = await App.SignedInAsync(DemoData.PartnerEmail);

        var form = await laptop.GetPageAsync("/Account/ChangePassword");
        var wrongCurrent = await laptop.SubmitInvalidAsync(form, "#change-password-form", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = "not-my-password", ["Input.NewPassword"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword,
        });
        Assert.Equal("This is not your current password.", wrongCurrent.FieldError("Input.CurrentPassword"));
        var changed = await laptop.SubmitAndFollowAsync(form, "#change-password-form", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = DemoData.Password, ["Input.NewPassword"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword,
        });
        Assert.Contains("Your password was changed", changed.Flash(), StringComparison.Ordinal);

        Assert.Contains("Litware Systems", (await laptop.GetPageAsync("/")).Text(), StringComparison.Ordinal);
        using (var ended = await phone.GetAsync(new Uri("/Partner/Status", UriKind.Relative)))
        {
            Assert.Equal("/Account/Login", ended.Headers.Location?.AbsolutePath);
        }

        using var withNew = await App.SignedInAsync(DemoData.PartnerEmail, NewPassword);
    }

    [Fact]
    public async Task Your_account_lists_your_sessions_and_keys_and_signs_the_other_sessions_out()
    {
        var repId = await App.UserIdAsync(DemoData.RepEmail);
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            db.ApiKeys.Add(ApiKey.Create(repId, "Rosa's gateway", [ApiScopes.OrgRead], DateTimeOffset.UtcNow).Key);
            db.ApiKeys.Add(ApiKey.Create(await App.UserIdAsync(DemoData.AdminEmail), "Someone else's key", [ApiScopes.OrgRead], DateTimeOffset.UtcNow).Key);
            await db.SaveChangesAsync();
        }

        using var office = (await App.SignedInAsync(DemoData.RepEmail)).From("203.0.113.10");
        using var home = (await App.SignedInAsync(DemoData.RepEmail)).From("203.0.113.20");

        var account = await office.GetPageAsync("/Account");
        var sessions = account.QuerySelectorAll("#sessions tbody tr");
        Assert.Equal(2, sessions.Length);
        Assert.Single(sessions, row => row.TextContent.Contains("This browser", StringComparison.Ordinal));
        var keys = account.QuerySelector("#api-keys")!.TextContent;
        Assert.Contains("Rosa's gateway", keys, StringComparison.Ordinal);
        Assert.DoesNotContain("Someone else's key", keys, StringComparison.Ordinal);

        var after = await office.SubmitAndFollowAsync(account, "#sign-out-others-form", new Dictionary<string, string>());
        Assert.Contains("signed out everywhere else", after.Flash(), StringComparison.Ordinal);
        Assert.Single(after.QuerySelectorAll("#sessions tbody tr"));
        using (var ended = await home.GetAsync(new Uri("/Admin", UriKind.Relative)))
        {
            Assert.Equal("/Account/Login", ended.Headers.Location?.AbsolutePath);
        }

        using var partner = await App.SignedInAsync(DemoData.PartnerEmail);
        var partnerAccount = await partner.GetPageAsync("/Account");
        Assert.Single(partnerAccount.QuerySelectorAll("#sessions tbody tr"));
        Assert.Null(partnerAccount.QuerySelector("#api-keys"));
    }

    [Fact]
    public async Task Signing_out_everywhere_else_keeps_this_session_when_the_security_stamp_is_checked_on_the_same_request()
    {
        // Every request checks the stamp and so carries a freshly made principal: the session must stay known.
        await using var strict = App.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.CheckSecurityStampOnEveryRequest()));
        using var office = await strict.SignedInAsync(DemoData.SecondRepEmail);
        using var home = await strict.SignedInAsync(DemoData.SecondRepEmail);

        var account = await office.GetPageAsync("/Account");
        Assert.Single(account.QuerySelectorAll("#sessions tbody tr"), row => row.TextContent.Contains("This browser", StringComparison.Ordinal));
        var after = await office.SubmitAndFollowAsync(account, "#sign-out-others-form", new Dictionary<string, string>());

        Assert.Contains("signed out everywhere else (1 session(s) ended)", after.Flash(), StringComparison.Ordinal);
        using (var ended = await home.GetAsync(new Uri("/Admin", UriKind.Relative)))
        {
            Assert.Equal("/Account/Login", ended.Headers.Location?.AbsolutePath);
        }
    }

    [Fact]
    public async Task A_staff_user_added_with_a_mailed_link_chooses_their_password_and_signs_in()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var form = await admin.GetPageAsync("/Admin/Staff/Create");
        var email = $"new-support-{Guid.NewGuid():N}@previewaccess.example";
        var both = await admin.SubmitInvalidAsync(form, "#staff-form", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.DisplayName"] = "Lee Link", ["Input.Role"] = "Support", ["Input.Password"] = "a-first-password-123", ["Input.SendPasswordLink"] = "true",
        });
        Assert.Equal("Leave the first password empty: they choose it from the mail.", both.FieldError("Input.Password"));

        var list = await admin.SubmitAndFollowAsync(form, "#staff-form", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.DisplayName"] = "Lee Link", ["Input.Role"] = "Support", ["Input.Password"] = "", ["Input.SendPasswordLink"] = "true",
        });
        Assert.Contains($"A link to choose a password is on its way to {email}", list.Flash(), StringComparison.Ordinal);

        var mail = await Smtp.WaitForAsync(email);
        Assert.Contains("Lee Link", mail.TextBody, StringComparison.Ordinal);
        var link = ResetLink(mail);
        using var lee = App.NewClient();
        var choose = await lee.GetPageAsync(link);
        await lee.SubmitAndFollowAsync(choose, "#reset-form", new Dictionary<string, string> { ["Input.Password"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword });

        using var signedIn = await App.SignedInAsync(email, NewPassword);
        Assert.Contains("Support", (await signedIn.GetPageAsync("/")).QuerySelector("nav")!.TextContent, StringComparison.Ordinal);
    }

    private async Task<IHtmlDocument> RequestResetAsync(string email)
    {
        using var client = App.NewClient();
        var form = await client.GetPageAsync("/Account/ForgotPassword");
        return await client.SubmitAndFollowAsync(form, "main form", new Dictionary<string, string> { ["Input.Email"] = email });
    }

    private async Task<HttpResponseMessage> SignInAsync(string email, string password)
    {
        using var client = App.NewClient();
        var login = await client.GetPageAsync("/Account/Login");
        return await client.SubmitAsync(login, "main form", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
    }

    /// <summary>The link in the mail, as a path on the portal (the mail carries the public address).</summary>
    private static string ResetLink(MimeMessage mail)
    {
        var match = LinkPattern().Match(mail.TextBody ?? string.Empty);
        Assert.True(match.Success, mail.TextBody);
        return new Uri(match.Value).PathAndQuery;
    }

    private static string Normalize(string text) => WhitespacePattern().Replace(text, " ").Trim();

    [GeneratedRegex(@"https://preview\.example/Account/ResetPassword\?\S+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
