using Microsoft.AspNetCore.Identity;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Invitations;
using static PreviewAccess.Web.Tests.Partner.PartnerForms;

namespace PreviewAccess.Web.Tests.Partner;

/// <summary>The mailed link: opening it redeems nothing, the button does; every unusable link reads the same.</summary>
[Collection(PartnerCollectionDefinition.Name)]
public sealed class AcceptInvitationTests(SharedPortal portal) : PortalTest(portal)
{
    private const string NewPassword = "a long enough passphrase";

    [Fact]
    public async Task Opening_the_mailed_link_shows_the_invitation_and_redeems_nothing()
    {
        var invitation = await Data.InvitedAsync();
        using var client = App.NewClient();

        // A mail scanner follows the link, then the person does.
        var first = await client.GetPageAsync(Link(invitation.Token));
        var second = await client.GetPageAsync(Link(invitation.Token));

        Assert.Contains(invitation.Organization.Name, second.Words(), StringComparison.Ordinal);
        Assert.Contains(invitation.Organization.RepName, second.Words(), StringComparison.Ordinal);
        Assert.Equal(invitation.Organization.ContactEmail, second.QuerySelector("#invited-email")!.GetAttribute("value"));
        Assert.NotNull(first.QuerySelector("#accept-form button[type=submit]"));
        var organization = await Data.OrganizationAsync(invitation.Organization.Id);
        Assert.Equal(OrganizationStatus.Invited, organization.Status);
        Assert.Equal(InvitationStatus.Pending, organization.Invitations.Single().StoredStatus);
        Assert.False(await UserExistsAsync(invitation.Organization.ContactEmail));
    }

    [Fact]
    public async Task The_form_posts_the_token_in_its_body_not_in_its_address()
    {
        var invitation = await Data.InvitedAsync();
        using var client = App.NewClient();

        var page = await client.GetPageAsync(Link(invitation.Token));

        var form = page.QuerySelector("#accept-form")!;
        Assert.Equal("/Invitations/Accept", form.GetAttribute("action"));
        Assert.Equal(invitation.Token, page.QuerySelector("#accept-form input[name='Token']")!.GetAttribute("value"));
        using var response = await client.GetAsync(new Uri(Link(invitation.Token), UriKind.Relative));
        Assert.True(response.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task Pressing_the_button_creates_the_partner_account_bound_to_the_invited_email_and_signs_them_in()
    {
        var invitation = await Data.InvitedAsync();
        using var client = App.NewClient();
        var page = await client.GetPageAsync(Link(invitation.Token));

        // A hand-made field for another email changes nothing: the account is the invited email's.
        using var response = await client.PostAsync(page, "#accept-form",
            [F("Input.DisplayName", "  Dana Partner  "), F("Input.Password", NewPassword), F("Input.ConfirmPassword", NewPassword), F("Input.Email", "someone-else@evil.example"), F("Email", "someone-else@evil.example")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Partner/Enrollment", response.Headers.Location!.OriginalString);
        await using (var scope = App.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByEmailAsync(invitation.Organization.ContactEmail);
            Assert.NotNull(user);
            Assert.Equal(invitation.Organization.Id, user.OrganizationId);
            Assert.Equal("Dana Partner", user.DisplayName);
            Assert.True(await users.IsInRoleAsync(user, Roles.Partner));
            Assert.True(await users.CheckPasswordAsync(user, NewPassword));
            Assert.Null(await users.FindByEmailAsync("someone-else@evil.example"));
        }

        var organization = await Data.OrganizationAsync(invitation.Organization.Id);
        Assert.Equal(OrganizationStatus.Enrolling, organization.Status);
        Assert.Equal(InvitationStatus.Accepted, organization.Invitations.Single().StoredStatus);
        var enrollment = await client.GetPageAsync("/Partner/Enrollment");
        Assert.Contains(invitation.Organization.Name, enrollment.Words(), StringComparison.Ordinal);
        Assert.Equal(invitation.Organization.ContactEmail, enrollment.FieldValue("Input.AccountEmails[0]"));
    }

    public static TheoryData<string> UnusableTokens => ["unknown", "used", "expired", "revoked", "replaced", "empty", "absent", "overlong"];

    [Theory]
    [MemberData(nameof(UnusableTokens))]
    public async Task Every_unusable_link_gets_one_generic_message_and_a_way_to_reach_the_representative(string kind)
    {
        var link = await UnusableLinkAsync(kind);
        using var client = App.NewClient();

        var page = await client.GetPageAsync(link);

        Assert.Equal(InvitationAcceptance.GenericFailure, page.QuerySelector("#invitation-unusable")!.TextContent.Trim());
        Assert.Contains("account representative", page.QuerySelector("#rep-contact")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#rep-contact a[href^='mailto:']"));
        Assert.Null(page.QuerySelector("#accept-form"));
    }

    [Fact]
    public async Task The_unusable_pages_are_identical_whatever_the_reason()
    {
        using var client = App.NewClient();
        var bodies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kind in new[] { "unknown", "used", "expired", "revoked", "replaced" })
        {
            var page = await client.GetPageAsync(await UnusableLinkAsync(kind));
            bodies.Add(page.QuerySelector("main")!.InnerHtml);
        }

        Assert.Single(bodies);
    }

    [Fact]
    public async Task A_link_that_dies_between_opening_and_pressing_the_button_gets_the_generic_message()
    {
        var invitation = await Data.InvitedAsync();
        using var client = App.NewClient();
        var page = await client.GetPageAsync(Link(invitation.Token));
        await Data.ChangeAsync(invitation.Organization, (o, now) => o.RevokeInvitation(invitation.InvitationId, now));

        using var response = await client.PostAsync(page, "#accept-form", [F("Input.DisplayName", "Dana"), F("Input.Password", NewPassword), F("Input.ConfirmPassword", NewPassword)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await HtmlForms.ParseAsync(response);
        Assert.Equal(InvitationAcceptance.GenericFailure, after.QuerySelector("#invitation-unusable")!.TextContent.Trim());
        Assert.False(await UserExistsAsync(invitation.Organization.ContactEmail));
    }

    [Fact]
    public async Task Two_people_with_the_same_link_get_one_account_between_them()
    {
        var invitation = await Data.InvitedAsync();
        using var first = App.NewClient();
        using var second = App.NewClient();
        var firstPage = await first.GetPageAsync(Link(invitation.Token));
        var secondPage = await second.GetPageAsync(Link(invitation.Token));

        using var accepted = await first.PostAsync(firstPage, "#accept-form", [F("Input.DisplayName", "Dana"), F("Input.Password", NewPassword), F("Input.ConfirmPassword", NewPassword)]);
        using var refused = await second.PostAsync(secondPage, "#accept-form", [F("Input.DisplayName", "Mallory"), F("Input.Password", NewPassword), F("Input.ConfirmPassword", NewPassword)]);

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(InvitationAcceptance.GenericFailure, (await HtmlForms.ParseAsync(refused)).QuerySelector("#invitation-unusable")!.TextContent.Trim());
        var names = await Data.ReadAsync(db => db.Users.Where(u => u.OrganizationId == invitation.Organization.Id).Select(u => u.DisplayName).ToListAsync());
        Assert.Equal("Dana", Assert.Single(names));
    }

    [Fact]
    public async Task Every_rule_the_new_account_breaks_is_reported_in_one_answer_and_nothing_is_created()
    {
        var invitation = await Data.InvitedAsync();
        using var client = App.NewClient();
        var page = await client.GetPageAsync(Link(invitation.Token));

        // Long enough, but one character repeated: a rule Identity checks only when the account is created.
        const string samey = "aaaaaaaaaaaaaaaa";
        using var response = await client.PostAsync(page, "#accept-form", [F("Input.DisplayName", " "), F("Input.Password", samey), F("Input.ConfirmPassword", samey + "a")]);
        var answer = await HtmlForms.ParseAsync(response);

        Assert.Equal("Enter your name.", answer.FieldError("Input.DisplayName"));
        Assert.Equal("Use at least 4 different characters in the password.", answer.FieldError("Input.Password"));
        Assert.Equal("The two passwords are not the same.", answer.FieldError("Input.ConfirmPassword"));
        Assert.Equal(0, await Data.ReadAsync(db => db.Users.CountAsync(u => u.OrganizationId == invitation.Organization.Id)));
    }

    [Fact]
    public async Task Name_and_password_errors_sit_on_their_fields_and_the_name_typed_stays()
    {
        var invitation = await Data.InvitedAsync();
        using var client = App.NewClient();
        var page = await client.GetPageAsync(Link(invitation.Token));

        using var tooShort = await client.PostAsync(page, "#accept-form", [F("Input.DisplayName", "Dana Żółć"), F("Input.Password", "short"), F("Input.ConfirmPassword", "short")]);
        var shortPage = await HtmlForms.ParseAsync(tooShort);
        Assert.Equal("Choose a password of at least 12 characters.", shortPage.FieldError("Input.Password"));
        Assert.Equal("Dana Żółć", shortPage.FieldValue("Input.DisplayName"));

        using var noName = await client.PostAsync(page, "#accept-form", [F("Input.DisplayName", "   "), F("Input.Password", NewPassword), F("Input.ConfirmPassword", NewPassword)]);
        Assert.Equal("Enter your name.", (await HtmlForms.ParseAsync(noName)).FieldError("Input.DisplayName"));

        using var mismatch = await client.PostAsync(page, "#accept-form", [F("Input.DisplayName", "Dana"), F("Input.Password", NewPassword), F("Input.ConfirmPassword", NewPassword + "!")]);
        Assert.Equal("The two passwords are not the same.", (await HtmlForms.ParseAsync(mismatch)).FieldError("Input.ConfirmPassword"));

        using var longName = await client.PostAsync(page, "#accept-form", [F("Input.DisplayName", new string('x', 101)), F("Input.Password", NewPassword), F("Input.ConfirmPassword", NewPassword)]);
        Assert.Equal("Your name can be at most 100 characters.", (await HtmlForms.ParseAsync(longName)).FieldError("Input.DisplayName"));

        Assert.False(await UserExistsAsync(invitation.Organization.ContactEmail));
        Assert.Equal(OrganizationStatus.Invited, (await Data.OrganizationAsync(invitation.Organization.Id)).Status);
    }

    [Fact]
    public async Task The_page_is_rate_limited_per_client_with_a_friendly_429_on_the_link_and_the_button()
    {
        await using var limited = new PortalApp(App.ConnectionString, settings: SharedPortal.Settings(acceptPermitsPerMinute: 3));
        var invitation = await Data.InvitedAsync();
        using var client = limited.NewClient();

        var form = await client.GetPageAsync(Link(invitation.Token));
        for (var i = 0; i < 2; i++)
        {
            using var guess = await client.GetAsync(new Uri(Link("guess-" + i), UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, guess.StatusCode);
        }

        using var refusedLink = await client.GetAsync(new Uri(Link(invitation.Token), UriKind.Relative));
        using var refusedButton = await client.PostAsync(form, "#accept-form", [F("Input.DisplayName", "Dana"), F("Input.Password", NewPassword), F("Input.ConfirmPassword", NewPassword)]);

        Assert.Equal(HttpStatusCode.TooManyRequests, refusedLink.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedButton.StatusCode);
        Assert.NotNull(refusedLink.Headers.RetryAfter);
        var page = await HtmlForms.ParseAsync(refusedLink);
        Assert.Contains("Too many attempts", page.QuerySelector("#too-many")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#accept-form"));
        Assert.Equal(OrganizationStatus.Invited, (await Data.OrganizationAsync(invitation.Organization.Id)).Status);
        Assert.False(await UserExistsAsync(invitation.Organization.ContactEmail));
    }

    private static string Link(string token) => "/invitations/accept?token=" + Uri.EscapeDataString(token);

    private async Task<string> UnusableLinkAsync(string kind)
    {
        switch (kind)
        {
            case "unknown":
                return Link(SecretToken.Issue().Secret);
            case "empty":
                return Link(string.Empty);
            case "absent":
                return "/invitations/accept";
            case "overlong":
                return Link(new string('a', 5000));
            case "expired":
                return Link((await Data.InvitedAsync(sentAt: TestData.Now.AddDays(-15))).Token);
            case "revoked":
            {
                var invitation = await Data.InvitedAsync();
                await Data.ChangeAsync(invitation.Organization, (o, now) => o.RevokeInvitation(invitation.InvitationId, now));
                return Link(invitation.Token);
            }

            case "replaced":
            {
                var invitation = await Data.InvitedAsync();
                await Data.ChangeAsync(invitation.Organization, (o, now) => o.Resend(invitation.InvitationId, SecretToken.Issue().Hash, now));
                return Link(invitation.Token);
            }

            case "used":
            {
                var invitation = await Data.InvitedAsync();
                using var client = App.NewClient();
                var page = await client.GetPageAsync(Link(invitation.Token));
                using var accepted = await client.PostAsync(page, "#accept-form", [F("Input.DisplayName", "Dana"), F("Input.Password", NewPassword), F("Input.ConfirmPassword", NewPassword)]);
                Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
                return Link(invitation.Token);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private async Task<bool> UserExistsAsync(string email) =>
        await Data.ReadAsync(db => db.Users.AnyAsync(u => u.Email == email));
}
