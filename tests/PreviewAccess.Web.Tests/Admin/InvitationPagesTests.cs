using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Seeding;

namespace PreviewAccess.Web.Tests.Admin;

/// <summary>Invitations: send, resend, revoke, the list, the CSV import, and the mail that a real SMTP server receives.</summary>
[Collection(AdminPagesCollectionDefinition.Name)]
public sealed partial class InvitationPagesTests(PostgresServer postgres) : PortalTest(postgres)
{
    protected override bool MailsOverSmtp => true;

    [Fact]
    public async Task Sending_an_invitation_mails_the_accept_link_whose_token_is_stored_only_as_a_hash()
    {
        var arranged = await App.NominatedAsync();
        var contact = $"cto-{Guid.NewGuid():N}@invited.example";
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync($"/Admin/Organizations/Invite/{arranged.Id}");
        var details = await rep.SubmitAndFollowAsync(form, "#invite-form", new Dictionary<string, string> { ["Input.Email"] = contact.ToUpperInvariant() });

        Assert.Contains($"Invitation sent to {contact}", details.Flash(), StringComparison.Ordinal);
        Assert.Contains("Pending", details.QuerySelector("#invitations")!.TextContent, StringComparison.Ordinal);
        var mail = await Smtp.WaitForAsync(contact);
        var body = mail.TextBody!;
        Assert.Contains(arranged.Name, mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Rosa Rep", body, StringComparison.Ordinal);
        Assert.Contains("Completing enrollment does not make access active", body, StringComparison.Ordinal);
        var token = TokenIn(body);

        var stored = await App.ReadAsync(db => db.Invitations.AsNoTracking().SingleAsync(i => i.OrganizationId == arranged.Id));
        Assert.Equal(SecretToken.Hash(token), stored.TokenHash);
        var everything = await App.ReadAsync(async db => string.Join("\n",
            (await db.Invitations.AsNoTracking().Select(i => i.TokenHash).ToListAsync())
            .Concat(await db.AuditEvents.AsNoTracking().Select(e => (e.Before ?? "") + (e.After ?? "")).ToListAsync())));
        Assert.DoesNotContain(token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(token, details.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_contact_email_is_shown_on_its_field()
    {
        var arranged = await App.NominatedAsync();
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync($"/Admin/Organizations/Invite/{arranged.Id}");
        var page = await rep.SubmitInvalidAsync(form, "#invite-form", new Dictionary<string, string> { ["Input.Email"] = "not an email" });
        Assert.Equal("Enter the contact's email as a valid email address.", page.FieldError("Input.Email"));
        Assert.Equal("not an email", page.QuerySelector("input[name='Input.Email']")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Resending_mails_a_new_link_and_the_old_one_dies_revoking_kills_the_link()
    {
        var arranged = await App.NominatedAsync();
        var contact = $"lead-{Guid.NewGuid():N}@invited.example";
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync($"/Admin/Organizations/Invite/{arranged.Id}");
        var details = await rep.SubmitAndFollowAsync(form, "#invite-form", new Dictionary<string, string> { ["Input.Email"] = contact });
        var firstToken = TokenIn((await Smtp.WaitForAsync(contact)).TextBody!);

        var resent = await rep.SubmitAndFollowAsync(details, "#invitations form[action*='Resend']", new Dictionary<string, string>());
        Assert.Contains("The earlier link no longer works", resent.Flash(), StringComparison.Ordinal);
        var secondMail = await Smtp.WaitForAsync(contact, m => m.TextBody?.Contains(firstToken, StringComparison.Ordinal) == false);
        var secondToken = TokenIn(secondMail.TextBody!);
        Assert.NotEqual(firstToken, secondToken);

        await using (var scope = App.Scope())
        {
            var acceptance = scope.ServiceProvider.GetRequiredService<PreviewAccess.Web.Features.Invitations.InvitationAcceptance>();
            Assert.False(await acceptance.IsRedeemableAsync(firstToken, CancellationToken.None));
            Assert.True(await acceptance.IsRedeemableAsync(secondToken, CancellationToken.None));
        }

        var revoked = await rep.SubmitAndFollowAsync(resent, "#invitations form[action*='Revoke']", new Dictionary<string, string>());
        Assert.Contains("was revoked", revoked.Flash(), StringComparison.Ordinal);
        Assert.Contains("Revoked", revoked.QuerySelector("#invitations")!.TextContent, StringComparison.Ordinal);
        await using (var scope = App.Scope())
        {
            var acceptance = scope.ServiceProvider.GetRequiredService<PreviewAccess.Web.Features.Invitations.InvitationAcceptance>();
            Assert.False(await acceptance.IsRedeemableAsync(secondToken, CancellationToken.None));
        }

        Assert.Equal(OrganizationStatus.Nominated, (await App.OrganizationAsync(arranged.Id)).Status);
    }

    [Fact]
    public async Task The_list_shows_each_invitation_with_its_state_and_filters_by_state()
    {
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var all = await rep.GetPageAsync("/Admin/Invitations");
        var rows = all.QuerySelectorAll("#invitations tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("lead@tailspin.example", StringComparison.Ordinal) && r.Contains("Expired", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("partner@litware.example", StringComparison.Ordinal) && r.Contains("Accepted", StringComparison.Ordinal));

        var expired = await rep.GetPageAsync("/Admin/Invitations?status=Expired");
        var expiredRows = expired.QuerySelectorAll("#invitations tbody tr").Select(r => r.TextContent).ToList();
        Assert.NotEmpty(expiredRows);
        Assert.All(expiredRows, r => Assert.Contains("Expired", r, StringComparison.Ordinal));
        // An expired invitation can be resent (a new link), not revoked.
        Assert.NotNull(expired.QuerySelector("#invitations form[action*='Resend']"));
        Assert.Null(expired.QuerySelector("#invitations form[action*='Revoke']"));
    }

    [Fact]
    public async Task A_csv_file_with_one_bad_row_imports_nothing_and_reports_each_bad_row()
    {
        var before = await App.ReadAsync(db => db.Organizations.CountAsync());
        var good = TestData.UniqueName("Csv Good");
        var csv = $"""
            organization,country,contact_email,account_rep_email,trusted_access_for_cyber
            {good},US,good@csv.example,,no
            Bad Country Inc,ZZ,bad@csv.example,,
            {good},DE,other@csv.example,nobody@previewaccess.example,maybe
            {TestData.UniqueName("Csv Theirs")},DE,theirs@csv.example,{DemoData.SecondRepEmail},
            """;
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var page = await UploadAsync(rep, csv, HttpStatusCode.OK);

        Assert.Contains("nothing was imported", page.FieldError("Upload"), StringComparison.Ordinal);
        var problems = page.QuerySelectorAll("#import-problems tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(problems, p => p.Contains('3') && p.Contains("country", StringComparison.Ordinal) && p.Contains("'ZZ'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains('4') && p.Contains("also on row 2", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains('4') && p.Contains("nobody@previewaccess.example", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains('4') && p.Contains("'maybe' is not yes or no", StringComparison.Ordinal));
        // A representative nominates into their own portfolio only, one organization or a file of them.
        Assert.Contains(problems, p => p.Contains('5') && p.Contains("Only an admin can nominate", StringComparison.Ordinal));
        Assert.Equal(before, await App.ReadAsync(db => db.Organizations.CountAsync()));
    }

    [Fact]
    public async Task A_good_csv_file_nominates_and_invites_every_row_and_mails_each_contact()
    {
        var first = TestData.UniqueName("Csv One");
        var second = TestData.UniqueName("Csv Two");
        var firstContact = $"one-{Guid.NewGuid():N}@csv.example";
        var secondContact = $"two-{Guid.NewGuid():N}@csv.example";
        var csv = $"""
            Organization,Country,Contact Email,Account Rep Email,Previous Alpha
            "{first}",us,{firstContact},{DemoData.RepEmail},yes
            {second},JP,{secondContact},{DemoData.SecondRepEmail},
            """;
        // An admin may name any representative.
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var page = await UploadAsync(admin, csv, HttpStatusCode.Redirect);

        Assert.Contains("2 organizations nominated and invited", page.Flash(), StringComparison.Ordinal);
        var organizations = await App.ReadAsync(db => db.Organizations.AsNoTracking().Include(o => o.Invitations).Where(o => o.Name == first || o.Name == second).ToListAsync());
        Assert.Equal(2, organizations.Count);
        Assert.All(organizations, o => Assert.Equal(OrganizationStatus.Invited, o.Status));
        Assert.True(organizations.Single(o => o.Name == first).PreviousAlphaParticipant);
        Assert.Equal(await App.UserIdAsync(DemoData.SecondRepEmail), organizations.Single(o => o.Name == second).AccountRepId);
        Assert.Contains("Ravi Rep", (await Smtp.WaitForAsync(secondContact)).TextBody!, StringComparison.Ordinal);
        Assert.Contains("/invitations/accept?token=", (await Smtp.WaitForAsync(firstContact)).TextBody!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_csv_or_lacks_the_columns_is_refused_with_a_reason()
    {
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var page = await UploadAsync(rep, "name;email\nx;y\n", HttpStatusCode.OK);
        Assert.Contains("missing", page.QuerySelector("#import-problems")!.TextContent, StringComparison.Ordinal);

        var empty = await rep.GetPageAsync("/Admin/Invitations/Import");
        var noFile = await rep.SubmitInvalidAsync(empty, "#import-form", new Dictionary<string, string>());
        Assert.Equal("Choose a CSV file to upload.", noFile.FieldError("Upload"));
    }

    internal static async Task<AngleSharp.Html.Dom.IHtmlDocument> UploadAsync(HttpClient client, string csv, HttpStatusCode expected)
    {
        var form = await client.GetPageAsync("/Admin/Invitations/Import");
        var token = form.QuerySelector("#import-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.Replace("\n", "\r\n", StringComparison.Ordinal)));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "Upload", "organizations.csv");
        using var response = await client.PostAsync(new Uri("/Admin/Invitations/Import", UriKind.Relative), content);
        Assert.Equal(expected, response.StatusCode);
        return expected == HttpStatusCode.Redirect
            ? await client.GetPageAsync(response.Headers.Location!.OriginalString)
            : await HtmlForms.ParseAsync(response);
    }

    private static string TokenIn(string body)
    {
        var match = AcceptLink().Match(body);
        Assert.True(match.Success, body);
        return Uri.UnescapeDataString(match.Groups["token"].Value);
    }

    [GeneratedRegex(@"https://preview\.example/invitations/accept\?token=(?<token>[A-Za-z0-9_%\-]+)")]
    private static partial Regex AcceptLink();
}
