using Microsoft.EntityFrameworkCore;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;
using PreviewAccess.Web.Tests.Settings;

namespace PreviewAccess.Web.Tests.Admin;

/// <summary>With the program's second approval on (a setting the admin switches), a grant waits for a different staff user.</summary>
[Collection(AdminPagesCollectionDefinition.Name)]
public sealed class SecondApprovalTests(PostgresServer postgres) : PortalTest(postgres)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.RequireSecondApprovalAsync();
    }

    [Fact]
    public async Task An_approval_waits_for_a_different_staff_user_who_confirms_it_from_the_queue()
    {
        var arranged = await App.UnderReviewAsync(surfaces: [PreviewAccess.Domain.Catalog.Surface.Api]);
        using var rosa = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rosa.GetPageAsync($"/Admin/Review/Decide/{arranged.Id}/Api");
        Assert.Contains("two approvers", form.Text(), StringComparison.Ordinal);
        var queue = await rosa.SubmitAndFollowAsync(form, "#decision-form", new Dictionary<string, string> { ["Input.Decision"] = "Approve", ["Input.Justification"] = "First approval." });
        Assert.Contains("waiting for a second approver", queue.Flash(), StringComparison.Ordinal);

        var grants = await App.ReadAsync(db => db.Grants.AsNoTracking().Where(g => g.OrganizationId == arranged.Id).ToListAsync());
        Assert.All(grants, g => Assert.Equal(GrantStatus.PendingSecondApproval, g.Status));
        var rosasQueue = await rosa.GetPageAsync("/Admin/Review?mine=false");
        Assert.Contains("Another staff user must confirm", rosasQueue.QuerySelector("#second-approvals")!.TextContent, StringComparison.Ordinal);

        // The second approver is another staff user who may act on the organization: here an admin (another
        // representative's portfolio is not theirs to approve).
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var adminsQueue = await admin.GetPageAsync("/Admin/Review?mine=false");
        var confirmed = await admin.SubmitAndFollowAsync(adminsQueue, $"#second-approvals form:has(input[value='{grants[0].Id}'])", new Dictionary<string, string>());
        Assert.Contains("Second approval recorded", confirmed.Flash(), StringComparison.Ordinal);
        var after = await App.ReadAsync(db => db.Grants.AsNoTracking().SingleAsync(g => g.Id == grants[0].Id));
        Assert.Equal(GrantStatus.Approved, after.Status);
        Assert.Equal(await App.UserIdAsync(DemoData.AdminEmail), after.SecondApprovedBy);
    }

    [Fact]
    public async Task The_first_approver_cannot_give_the_second_approval()
    {
        var arranged = await App.UnderReviewAsync(surfaces: [PreviewAccess.Domain.Catalog.Surface.Api]);
        using var rosa = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rosa.GetPageAsync($"/Admin/Review/Decide/{arranged.Id}/Api");
        await rosa.SubmitAndFollowAsync(form, "#decision-form", new Dictionary<string, string> { ["Input.Decision"] = "Approve", ["Input.Justification"] = "First approval." });
        var grant = await App.ReadAsync(db => db.Grants.AsNoTracking().FirstAsync(g => g.OrganizationId == arranged.Id));

        // Even posting the confirmation by hand is refused by the rule itself.
        var page = await rosa.GetPageAsync($"/Admin/Grants/Details/{grant.Id}");
        Assert.Null(page.QuerySelector("#confirm-form"));
        var review = await rosa.GetPageAsync("/Admin/Review?mine=false");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grantId"] = grant.Id.ToString(),
            ["__RequestVerificationToken"] = review.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        });
        using var response = await rosa.PostAsync(new Uri("/Admin/Review?handler=Confirm", UriKind.Relative), content);
        var landed = await rosa.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("must come from a different staff user", landed.QuerySelector(".admin-problem")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(GrantStatus.PendingSecondApproval, (await App.ReadAsync(db => db.Grants.AsNoTracking().SingleAsync(g => g.Id == grant.Id))).Status);
    }
}
