using System.Net.Http.Headers;
using System.Text.Json;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Web.Features.Access;
using PreviewAccess.Web.Features.Members;
using PreviewAccess.Web.Tests.Partner;
using static PreviewAccess.Web.Tests.Partner.PartnerForms;

namespace PreviewAccess.Web.Tests.Members;

/// <summary>
/// Partner teams (issue 16, item 4): the partner who accepted the organization's invitation owns its team, invites
/// colleagues by mail, and removes them; each member signs in on their own; a member's email is not thereby approved.
/// </summary>
[Collection(PartnerCollectionDefinition.Name)]
public sealed class TeamTests(SharedPortal portal) : PortalTest(portal)
{
    private const string ColleaguePassword = "a colleague's own passphrase";

    [Fact]
    public async Task A_colleague_invited_by_the_owner_joins_signs_in_on_their_own_and_is_signed_out_the_moment_they_are_removed()
    {
        // The partner who accepts the organization's invitation becomes its owner.
        var invited = await Data.InvitedAsync();
        var organization = invited.Organization;
        using var owner = App.NewClient();
        var accept = await owner.GetPageAsync("/invitations/accept?token=" + Uri.EscapeDataString(invited.Token));
        using (var accepted = await owner.PostAsync(accept, "#accept-form", [F("Input.DisplayName", "Olive Owner"), F("Input.Password", ColleaguePassword), F("Input.ConfirmPassword", ColleaguePassword)]))
        {
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        }

        var team = await owner.GetPageAsync("/Partner/Members");
        Assert.Equal("Owner", team.QuerySelector($"#members tr[data-member='{organization.ContactEmail}'] td:nth-child(3)")!.TextContent.Trim());

        // The owner invites a colleague; the link goes by mail.
        var colleagueEmail = $"colleague-{TestData.Unique()}@{organization.Domain}";
        using (var sent = await owner.PostAsync(team, "#invite-form", [F("Input.Email", colleagueEmail)], "/Partner/Members?handler=Invite"))
        {
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        }

        var afterInvite = await owner.GetPageAsync("/Partner/Members");
        Assert.Contains($"Invitation sent to {colleagueEmail}", afterInvite.Words(), StringComparison.Ordinal);
        Assert.NotNull(afterInvite.QuerySelector($"#pending tr[data-invitation='{colleagueEmail}']"));
        var mail = Assert.Single(await Data.MailTo(colleagueEmail));
        Assert.Contains(organization.Name, mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Olive Owner", mail.Body, StringComparison.Ordinal);
        var link = await Data.JoinLinkMailedToAsync(colleagueEmail);

        // The colleague opens the link in their own browser and chooses a name and password.
        using var colleague = App.NewClient();
        var join = await colleague.GetPageAsync(link);
        Assert.Equal(colleagueEmail, join.QuerySelector("#invited-email")!.GetAttribute("value"));
        Assert.Contains("Olive Owner", join.Words(), StringComparison.Ordinal);
        using (var joined = await colleague.PostAsync(join, "#join-form", [F("Input.DisplayName", "Cole League"), F("Input.Password", ColleaguePassword), F("Input.ConfirmPassword", ColleaguePassword)]))
        {
            Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
            Assert.Equal("/Partner/Status", joined.Headers.Location!.OriginalString);
        }

        var colleagueId = await Data.ReadAsync(db => db.Users.Where(u => u.Email == colleagueEmail).Select(u => u.Id).SingleAsync());
        var member = new TestUser(colleagueId, colleagueEmail, colleagueEmail, ColleaguePassword, organization.Id);

        // Signing in on their own, from another browser, they see the organization's status.
        using var signedIn = await Data.SignedInAsync(member);
        var status = await signedIn.GetPageAsync("/Partner/Status");
        Assert.Contains(organization.Name, status.Words(), StringComparison.Ordinal);
        var seenByMember = await signedIn.GetPageAsync("/Partner/Members");
        Assert.Equal("Member", seenByMember.QuerySelector($"#members tr[data-member='{colleagueEmail}'] td:nth-child(3)")!.TextContent.Trim());
        Assert.Null(seenByMember.QuerySelector("#invite-form"));
        Assert.Null(seenByMember.QuerySelector("#members a[href*='remove=']"));
        Assert.Contains("Olive Owner", seenByMember.QuerySelector("#owner-manages")!.TextContent, StringComparison.Ordinal);

        // The owner removes them, after confirming.
        var team2 = await owner.GetPageAsync("/Partner/Members");
        var removeLink = team2.QuerySelector($"#members tr[data-member='{colleagueEmail}'] a[href*='remove=']")!.GetAttribute("href")!;
        var confirm = await owner.GetPageAsync(removeLink);
        Assert.Contains("Remove Cole League?", confirm.QuerySelector("#confirm-removal")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(colleagueId, await Data.ReadAsync(db => db.Users.Where(u => u.Id == colleagueId && !u.IsDisabled).Select(u => u.Id).SingleAsync()));
        using (var removed = await owner.PostAsync(confirm, "#remove-form", []))
        {
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        }

        var afterRemoval = await owner.GetPageAsync("/Partner/Members");
        Assert.Null(afterRemoval.QuerySelector($"#members tr[data-member='{colleagueEmail}']"));
        Assert.Contains("Cole League was removed", afterRemoval.Words(), StringComparison.Ordinal);

        // Both of their sessions end at once: the next request is a signed-out one.
        foreach (var browser in new[] { colleague, signedIn })
        {
            using var next = await browser.GetAsync(new Uri("/Partner/Status", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
            Assert.StartsWith("https://localhost/Account/Login", next.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await Data.ReadAsync(db => db.UserSessions.CountAsync(s => s.UserId == colleagueId)));
        Assert.False(await SignInSucceedsAsync(member));

        var audit = await Data.ReadAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.OrganizationId == organization.Id).Select(e => e.Action).ToListAsync());
        Assert.Contains("member.invited", audit);
        Assert.Contains("member.joined", audit);
        Assert.Contains("member.removed", audit);
    }

    [Fact]
    public async Task A_member_who_is_not_the_owner_can_neither_invite_nor_withdraw_nor_remove()
    {
        var organization = await Data.EnrolledAsync([Surface.Api]);
        var owner = await Data.OwnerAsync(organization);
        var member = await Data.MemberAsync(organization);
        var other = await Data.MemberAsync(organization);
        var pending = await Data.ColleagueInvitationAsync(organization, owner.Id);
        using var client = await Data.SignedInAsync(member);
        var page = await client.GetPageAsync("/Partner/Members");
        Assert.Null(page.QuerySelector("#invite-form"));
        Assert.Null(page.QuerySelector("#pending"));

        var invitedEmail = $"sneaky-{TestData.Unique()}@{organization.Domain}";
        // The page has no team forms for them: the sign-out form's antiforgery token does for a hand-made post.
        foreach (var (action, fields) in new (string, KeyValuePair<string, string>[])[]
        {
            ("/Partner/Members?handler=Invite", [F("Input.Email", invitedEmail)]),
            ("/Partner/Members?handler=Revoke", [F("invitationId", pending.Id.ToString())]),
            ("/Partner/Members?handler=Remove", [F("memberId", other.Id.ToString())]),
            ("/Partner/Members?handler=Remove", [F("memberId", owner.Id.ToString())]),
        })
        {
            using var refused = await client.PostAsync(page, "form", fields, action);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("/Account/AccessDenied", refused.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        using (var confirm = await client.GetAsync(new Uri($"/Partner/Members?remove={other.Id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
            Assert.Contains("/Account/AccessDenied", confirm.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        Assert.Empty(await Data.MailTo(invitedEmail));
        Assert.Equal(InvitationStatus.Pending, await Data.ColleagueInvitationStatusAsync(pending.Id));
        Assert.True(await Data.IsActiveMemberAsync(other.Id));
        Assert.True(await Data.IsActiveMemberAsync(owner.Id));
    }

    [Fact]
    public async Task An_owner_of_another_organization_cannot_see_withdraw_or_remove_anything_of_this_team()
    {
        var theirs = await Data.EnrolledAsync([Surface.Api]);
        var theirOwner = await Data.OwnerAsync(theirs);
        var theirMember = await Data.MemberAsync(theirs);
        var theirInvitation = await Data.ColleagueInvitationAsync(theirs, theirOwner.Id);
        var ours = await Data.EnrolledAsync([Surface.Api]);
        var ourOwner = await Data.OwnerAsync(ours);
        using var client = await Data.SignedInAsync(ourOwner);

        var page = await client.GetPageAsync($"/Partner/Members?organizationId={theirs.Id}&id={theirs.Id}");
        Assert.DoesNotContain(theirs.Name, page.Words(), StringComparison.Ordinal);
        Assert.DoesNotContain(theirMember.Email, page.Body!.InnerHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(theirInvitation.Email, page.Body!.InnerHtml, StringComparison.Ordinal);

        foreach (var id in new[] { theirMember.Id, theirOwner.Id })
        {
            using var confirm = await client.GetAsync(new Uri($"/Partner/Members?remove={id}&organizationId={theirs.Id}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, confirm.StatusCode);
            using var remove = await client.PostAsync(page, "#invite-form", [F("memberId", id.ToString()), F("organizationId", theirs.Id.ToString())], $"/Partner/Members?handler=Remove&organizationId={theirs.Id}");
            Assert.Equal(HttpStatusCode.NotFound, remove.StatusCode);
        }

        using (var revoke = await client.PostAsync(page, "#invite-form", [F("invitationId", theirInvitation.Id.ToString()), F("organizationId", theirs.Id.ToString())], $"/Partner/Members?handler=Revoke&organizationId={theirs.Id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        }

        // An invitation sent with their organization's id in every field lands in ours.
        var email = $"newcomer-{TestData.Unique()}@example.org";
        using (var invite = await client.PostAsync(page, "#invite-form", [F("Input.Email", email), F("organizationId", theirs.Id.ToString()), F("Input.OrganizationId", theirs.Id.ToString())], $"/Partner/Members?handler=Invite&organizationId={theirs.Id}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, invite.StatusCode);
        }

        Assert.Equal(ours.Id, await Data.ReadAsync(db => db.MemberInvitations.Where(i => i.Email == email).Select(i => i.OrganizationId).SingleAsync()));
        Assert.Contains(ours.Name, Assert.Single(await Data.MailTo(email)).Body, StringComparison.Ordinal);
        Assert.True(await Data.IsActiveMemberAsync(theirMember.Id));
        Assert.Equal(InvitationStatus.Pending, await Data.ColleagueInvitationStatusAsync(theirInvitation.Id));
    }

    [Fact]
    public async Task The_owner_cannot_remove_themselves_and_errors_sit_on_the_email_field()
    {
        var organization = await Data.EnrolledAsync([Surface.Api]);
        var owner = await Data.OwnerAsync(organization);
        var member = await Data.MemberAsync(organization);
        using var client = await Data.SignedInAsync(owner);
        var page = await client.GetPageAsync("/Partner/Members");

        using (var self = await client.PostAsync(page, "#invite-form", [F("memberId", owner.Id.ToString())], "/Partner/Members?handler=Remove"))
        {
            Assert.Equal(HttpStatusCode.OK, self.StatusCode);
            Assert.Contains("you cannot remove yourself", (await HtmlForms.ParseAsync(self)).Words(), StringComparison.Ordinal);
        }

        using (var bad = await client.PostAsync(page, "#invite-form", [F("Input.Email", "not an email")], "/Partner/Members?handler=Invite"))
        {
            var shown = await HtmlForms.ParseAsync(bad);
            Assert.Equal("Enter your colleague's email address, like name@example.com.", shown.FieldError("Input.Email"));
            Assert.Equal("not an email", shown.FieldValue("Input.Email"));
        }

        using (var already = await client.PostAsync(page, "#invite-form", [F("Input.Email", member.Email.ToUpperInvariant())], "/Partner/Members?handler=Invite"))
        {
            Assert.Equal($"{member.Email} already signs in for your organization.", (await HtmlForms.ParseAsync(already)).FieldError("Input.Email"));
        }

        Assert.True(await Data.IsActiveMemberAsync(owner.Id));
        Assert.Equal(0, await Data.ReadAsync(db => db.MemberInvitations.CountAsync(i => i.OrganizationId == organization.Id)));
    }

    [Fact]
    public async Task Inviting_an_address_again_replaces_its_link_and_a_withdrawn_link_stops_working()
    {
        var organization = await Data.EnrolledAsync([Surface.Api]);
        var owner = await Data.OwnerAsync(organization);
        using var client = await Data.SignedInAsync(owner);
        var email = $"twice-{TestData.Unique()}@{organization.Domain}";

        for (var i = 0; i < 2; i++)
        {
            using var sent = await client.PostAsync(await client.GetPageAsync("/Partner/Members"), "#invite-form", [F("Input.Email", email)], "/Partner/Members?handler=Invite");
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        }

        var links = (await Data.MailTo(email)).Select(m => m.Body).ToList();
        Assert.Equal(2, links.Count);
        using var anonymous = App.NewClient();
        var first = await anonymous.GetPageAsync(TokenLink(links[0]));
        Assert.Equal(JoinOrganization.GenericFailure, first.QuerySelector("#invitation-unusable")!.TextContent.Trim());
        Assert.NotNull((await anonymous.GetPageAsync(TokenLink(links[1]))).QuerySelector("#join-form"));

        var page = await client.GetPageAsync("/Partner/Members");
        Assert.Single(page.QuerySelectorAll($"#pending tr[data-invitation='{email}']"));
        using (var withdrawn = await client.PostAsync(page, $"#pending tr[data-invitation='{email}'] form", []))
        {
            Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        }

        var second = await anonymous.GetPageAsync(TokenLink(links[1]));
        Assert.Equal(JoinOrganization.GenericFailure, second.QuerySelector("#invitation-unusable")!.TextContent.Trim());
        Assert.Null((await client.GetPageAsync("/Partner/Members")).QuerySelector($"#pending tr[data-invitation='{email}']"));
    }

    public static TheoryData<string> UnusableLinks => ["unknown", "used", "expired", "revoked", "empty", "overlong", "organization-invitation"];

    [Theory]
    [MemberData(nameof(UnusableLinks))]
    public async Task Every_unusable_join_link_gets_the_same_generic_message_on_the_link_and_the_button(string kind)
    {
        var organization = await Data.EnrolledAsync([Surface.Api]);
        var owner = await Data.OwnerAsync(organization);
        var usable = await Data.ColleagueInvitationAsync(organization, owner.Id);
        var token = kind switch
        {
            "unknown" => SecretToken.Issue().Secret,
            "used" => await UsedTokenAsync(organization, owner),
            "expired" => (await Data.ColleagueInvitationAsync(organization, owner.Id, sentAt: TestData.Now.AddDays(-15))).Token,
            "revoked" => await RevokedTokenAsync(organization, owner),
            "empty" => string.Empty,
            "overlong" => new string('a', 500),
            // The organization's own invitation token is no colleague's link.
            _ => (await Data.InvitedAsync()).Token,
        };
        using var client = App.NewClient();

        var page = await client.GetPageAsync("/invitations/member?token=" + Uri.EscapeDataString(token));
        Assert.Equal(JoinOrganization.GenericFailure, page.QuerySelector("#invitation-unusable")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("#join-form"));

        // The button of a page opened with a good link, posting the bad token, reads the same and makes nobody.
        var good = await client.GetPageAsync("/invitations/member?token=" + Uri.EscapeDataString(usable.Token));
        using var posted = await client.PostAsync(good, "#join-form", [F("Token", token), F("Input.DisplayName", "Mallory"), F("Input.Password", ColleaguePassword), F("Input.ConfirmPassword", ColleaguePassword)]);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(JoinOrganization.GenericFailure, (await HtmlForms.ParseAsync(posted)).QuerySelector("#invitation-unusable")!.TextContent.Trim());
        Assert.Equal(InvitationStatus.Pending, await Data.ColleagueInvitationStatusAsync(usable.Id));
        Assert.Equal(0, await Data.ReadAsync(db => db.Users.CountAsync(u => u.DisplayName == "Mallory" && u.OrganizationId == organization.Id)));
    }

    [Fact]
    public async Task The_unusable_join_pages_are_identical_whatever_the_reason()
    {
        var organization = await Data.EnrolledAsync([Surface.Api]);
        var owner = await Data.OwnerAsync(organization);
        using var client = App.NewClient();
        var bodies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in new[]
        {
            SecretToken.Issue().Secret,
            await UsedTokenAsync(organization, owner),
            (await Data.ColleagueInvitationAsync(organization, owner.Id, sentAt: TestData.Now.AddDays(-15))).Token,
            await RevokedTokenAsync(organization, owner),
        })
        {
            var page = await client.GetPageAsync("/invitations/member?token=" + Uri.EscapeDataString(token));
            bodies.Add(page.QuerySelector("main")!.InnerHtml);
        }

        Assert.Single(bodies);
    }

    [Fact]
    public async Task An_email_that_already_has_an_account_is_refused_with_a_clear_message_and_the_link_stays_usable()
    {
        var organization = await Data.EnrolledAsync([Surface.Api]);
        var owner = await Data.OwnerAsync(organization);
        var elsewhere = await Data.EnrolledAsync([Surface.Api]);
        var existing = await Data.PartnerAsync(elsewhere);
        var invitation = await Data.ColleagueInvitationAsync(organization, owner.Id, email: existing.Email);
        using var client = App.NewClient();
        var page = await client.GetPageAsync("/invitations/member?token=" + Uri.EscapeDataString(invitation.Token));

        using var refused = await client.PostAsync(page, "#join-form", [F("Input.DisplayName", "Dana"), F("Input.Password", ColleaguePassword), F("Input.ConfirmPassword", ColleaguePassword)]);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("An account with this email already exists", (await HtmlForms.ParseAsync(refused)).QuerySelector("#join-form [role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(elsewhere.Id, await Data.ReadAsync(db => db.Users.Where(u => u.Id == existing.Id).Select(u => u.OrganizationId).SingleAsync()));
        Assert.Equal(InvitationStatus.Pending, await Data.ColleagueInvitationStatusAsync(invitation.Id));
    }

    [Fact]
    public async Task A_members_email_is_not_an_approved_account_email()
    {
        var organization = await Data.EnrolledAsync([Surface.Api], apiIds: 1);
        await Data.ApproveAsync(organization, Surface.Api);
        await Data.EnableAsync(organization, Surface.Api);
        var owner = await Data.OwnerAsync(organization);
        var invitation = await Data.ColleagueInvitationAsync(organization, owner.Id);
        using var browser = App.NewClient();
        var join = await browser.GetPageAsync("/invitations/member?token=" + Uri.EscapeDataString(invitation.Token));
        using (var joined = await browser.PostAsync(join, "#join-form", [F("Input.DisplayName", "Mo Member"), F("Input.Password", ColleaguePassword), F("Input.ConfirmPassword", ColleaguePassword)]))
        {
            Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        }

        await App.Services.GetRequiredService<AccessSnapshot>().ReloadAllAsync(CancellationToken.None);
        using var gateway = await GatewayAsync();

        Assert.Equal("Allowed", await ReasonAsync(gateway, organization.ApiIds[0], organization.ContactEmail));
        Assert.Equal("EmailNotApproved", await ReasonAsync(gateway, organization.ApiIds[0], invitation.Email));
        var grants = await Data.ReadAsync(db => db.Grants.AsNoTracking().Where(g => g.OrganizationId == organization.Id).ToListAsync());
        Assert.All(grants, g => Assert.DoesNotContain(invitation.Email, g.AccountEmails));
    }

    [Fact]
    public async Task The_representative_sees_the_team_read_only_and_partners_cannot_open_the_staff_view()
    {
        var organization = await Data.EnrolledAsync([Surface.Api]);
        var owner = await Data.OwnerAsync(organization);
        var member = await Data.MemberAsync(organization);
        var pending = await Data.ColleagueInvitationAsync(organization, owner.Id);
        using var rep = await Data.SignedInAsync(new TestUser(organization.RepId, organization.RepEmail, organization.RepName, TestData.Password));

        var page = await rep.GetPageAsync($"/Admin/Organizations/Members/{organization.Id}");

        Assert.Equal("Owner", page.QuerySelector($"#members tr[data-member='{owner.Email}'] td:nth-child(3)")!.TextContent.Trim());
        Assert.Equal("Member", page.QuerySelector($"#members tr[data-member='{member.Email}'] td:nth-child(3)")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector($"#pending tr[data-invitation='{pending.Email}']"));
        Assert.Empty(page.QuerySelectorAll("main form"));
        using (var unknown = await rep.GetAsync(new Uri($"/Admin/Organizations/Members/{Guid.NewGuid()}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using var partner = await Data.SignedInAsync(owner);
        using var refused = await partner.GetAsync(new Uri($"/Admin/Organizations/Members/{organization.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/Account/AccessDenied", refused.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private async Task<string> UsedTokenAsync(TestOrganization organization, TestUser owner)
    {
        var invitation = await Data.ColleagueInvitationAsync(organization, owner.Id);
        using var client = App.NewClient();
        var page = await client.GetPageAsync("/invitations/member?token=" + Uri.EscapeDataString(invitation.Token));
        using var joined = await client.PostAsync(page, "#join-form", [F("Input.DisplayName", "First"), F("Input.Password", ColleaguePassword), F("Input.ConfirmPassword", ColleaguePassword)]);
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        return invitation.Token;
    }

    private async Task<string> RevokedTokenAsync(TestOrganization organization, TestUser owner)
    {
        var invitation = await Data.ColleagueInvitationAsync(organization, owner.Id);
        await Data.ReadAsync(async db =>
        {
            var tracked = await db.MemberInvitations.SingleAsync(i => i.Id == invitation.Id);
            tracked.Revoke(TestData.Now);
            return await db.SaveChangesAsync();
        });
        return invitation.Token;
    }

    private async Task<bool> SignInSucceedsAsync(TestUser partner)
    {
        using var client = App.NewClient();
        var login = await client.GetPageAsync("/Account/Login");
        using var response = await client.SubmitAsync(login, "main form", new Dictionary<string, string> { ["Input.Email"] = partner.Email, ["Input.Password"] = partner.Password });
        return response.StatusCode == HttpStatusCode.Redirect;
    }

    /// <summary>A gateway: an API client with an admin's key for the access check.</summary>
    private async Task<HttpClient> GatewayAsync() => App.ClientWith(await Data.KeyAsync((await Data.StaffAsync(Roles.Admin)).Id, ApiScopes.AccessCheck));

    private static Task<string?> ReasonAsync(HttpClient gateway, string apiOrganizationId, string email) =>
        gateway.AccessReasonAsync("Api", apiOrganizationId, email);

    private static string TokenLink(string mailBody) =>
        System.Text.RegularExpressions.Regex.Match(mailBody, @"/invitations/member\?token=[A-Za-z0-9_\-%]+").Value;
}
