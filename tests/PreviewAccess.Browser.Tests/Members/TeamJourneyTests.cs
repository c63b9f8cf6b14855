using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PreviewAccess.Browser.Tests.Infrastructure;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;
using PreviewAccess.Web.Tests.Members;
using PreviewAccess.Web.Tests.Partner;
using static Microsoft.Playwright.Assertions;

namespace PreviewAccess.Browser.Tests.Members;

/// <summary>
/// Issue 16, item 4, in two browsers: the partner who accepted the organization's invitation invites a colleague, the
/// colleague joins from the mailed link and signs in on their own, and the owner removes them, which signs them out.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class TeamJourneyTests(PostgresServer postgres, BrowserFixture browser, DemoPortal portal) : IClassFixture<DemoPortal>
{
    private const string OwnerPassword = "the owner's long passphrase";
    private const string ColleaguePassword = "a colleague's own passphrase";

    [Fact]
    public async Task The_owner_invites_a_colleague_who_joins_signs_in_and_is_signed_out_when_removed()
    {
        var app = await portal.StartAppAsync(postgres, "teamjourney");
        var data = new TestData(app);
        var invited = await data.InvitedAsync();
        var organization = invited.Organization;
        var colleagueEmail = $"cole-{TestData.Unique()}@{organization.Domain}";

        await using var ownerSession = await BrowserSession.OpenAsync(browser, app.RootUri);
        var owner = ownerSession.Page;

        // The partner who accepts the organization's invitation owns its team.
        await owner.GotoAsync("/invitations/accept?token=" + Uri.EscapeDataString(invited.Token));
        await owner.GetByLabel("Your name").FillAsync("Olive Owner");
        await owner.GetByLabel("Choose a password").FillAsync(OwnerPassword);
        await owner.GetByLabel("The same password again").FillAsync(OwnerPassword);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Accept the invitation and create my account" }).ClickAsync();
        await Expect(owner).ToHaveURLAsync(new Regex("/Partner/Enrollment"));

        await owner.GotoAsync("/Partner/Members");
        await Expect(owner.GetByRole(AriaRole.Heading, new() { Name = $"Your team at {organization.Name}", Level = 1 })).ToBeVisibleAsync();
        await Expect(owner.Locator($"#members tr[data-member='{organization.ContactEmail}']")).ToContainTextAsync("Owner");
        await owner.GetByLabel("Your colleague's email").FillAsync(colleagueEmail);
        await CheckAsync(owner, "team-journey-1-invite");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        await Expect(owner.GetByRole(AriaRole.Status)).ToContainTextAsync($"Invitation sent to {colleagueEmail}");
        await Expect(owner.Locator($"#pending tr[data-invitation='{colleagueEmail}']")).ToBeVisibleAsync();

        // The colleague opens the mailed link in their own browser.
        var link = await data.JoinLinkMailedToAsync(colleagueEmail);
        await using var colleagueSession = await BrowserSession.OpenAsync(browser, app.RootUri);
        var colleague = colleagueSession.Page;
        await colleague.GotoAsync(link);
        await Expect(colleague.GetByRole(AriaRole.Heading, new() { Name = "Join your organization", Level = 1 })).ToBeVisibleAsync();
        await Expect(colleague.GetByLabel("Email you will sign in with")).ToHaveValueAsync(colleagueEmail);
        await colleague.GetByLabel("Your name").FillAsync("Cole League");
        await colleague.GetByLabel("Choose a password").FillAsync(ColleaguePassword);
        await colleague.GetByLabel("The same password again").FillAsync(ColleaguePassword);
        await CheckAsync(colleague, "team-journey-2-join");
        await colleague.GetByRole(AriaRole.Button, new() { Name = $"Create my sign-in for {organization.Name}" }).ClickAsync();
        await Expect(colleague).ToHaveURLAsync(new Regex("/Partner/Status"));

        // They sign out and in again with their own email and password, and see the organization and its team.
        await colleague.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await SignInForm.SignInAsync(colleague, colleagueEmail, ColleaguePassword);
        await colleague.GotoAsync("/Partner/Status");
        await Expect(colleague.GetByText(organization.Name).First).ToBeVisibleAsync();
        await colleague.GotoAsync("/Partner/Members");
        await Expect(colleague.Locator($"#members tr[data-member='{colleagueEmail}']")).ToContainTextAsync("Member");
        await Expect(colleague.Locator("#invite-form")).ToHaveCountAsync(0);
        await Expect(colleague.Locator("#owner-manages")).ToContainTextAsync("Olive Owner");
        await CheckAsync(colleague, "team-journey-3-member-view");

        // The owner removes them, after confirming.
        await owner.GotoAsync("/Partner/Members");
        await owner.GetByRole(AriaRole.Link, new() { Name = "Remove Cole League" }).ClickAsync();
        await Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Remove Cole League?" })).ToBeVisibleAsync();
        await CheckAsync(owner, "team-journey-4-confirm-removal");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Remove Cole League" }).ClickAsync();
        await Expect(owner.GetByRole(AriaRole.Status)).ToContainTextAsync("Cole League was removed");
        await Expect(owner.Locator($"#members tr[data-member='{colleagueEmail}']")).ToHaveCountAsync(0);

        // The colleague's next click finds them signed out, and they cannot sign in again.
        await colleague.ReloadAsync();
        await Expect(colleague).ToHaveURLAsync(new Regex("/Account/Login"));
        await SignInForm.SubmitAsync(colleague, colleagueEmail, ColleaguePassword);
        await Expect(colleague).ToHaveURLAsync(new Regex("/Account/Login"));

        ownerSession.AssertNothingBroke();
        colleagueSession.AssertNothingBroke();
    }

    private static async Task CheckAsync(IPage page, string name)
    {
        await Screenshots.SaveAsync(page, name);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
