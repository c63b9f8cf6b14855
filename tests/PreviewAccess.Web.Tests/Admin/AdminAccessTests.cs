using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PreviewAccess.Domain.Amendments;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Web.Features.Seeding;

namespace PreviewAccess.Web.Tests.Admin;

/// <summary>Who may open the staff pages: every page of the Admin area, read from the portal's own route table.</summary>
[Collection(AdminPagesCollectionDefinition.Name)]
public sealed class AdminAccessTests(PostgresServer postgres) : PortalTest(postgres)
{
    private ArrangedOrganization _organization = null!;
    private Guid _grantId;
    private Guid _webhookId;
    private Guid _waveId;
    private Guid _amendmentId;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _organization = await App.UnderReviewAsync();
        _grantId = await App.ReadAsync(db => Task.FromResult(db.Grants.Select(g => g.Id).First()));
        _webhookId = await Webhooks.WebhookArrangements.AnEndpointAsync(App);
        _waveId = await App.ReadAsync(db => Task.FromResult(db.Waves.Select(w => w.Id).First()));
        _amendmentId = await AnAmendmentAsync();
    }

    /// <summary>Every GET-able address of the Admin area, with its route values filled in.</summary>
    private List<string> AdminPages()
    {
        var actions = App.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<PageActionDescriptor>()
            .Where(p => p.AreaName == "Admin")
            .Select(p => "/" + p.AttributeRouteInfo!.Template!)
            .Distinct()
            .ToList();
        return actions.Select(template => template
                .Replace("Webhooks/Details/{id:guid}", $"Webhooks/Details/{_webhookId}", StringComparison.Ordinal)
                .Replace("{id:guid}", template.Contains("Review/Amendment", StringComparison.Ordinal) ? _amendmentId.ToString() : template.Contains("Waves", StringComparison.Ordinal) ? _waveId.ToString() : template.Contains("Grants", StringComparison.Ordinal) ? _grantId.ToString() : template.Contains("Staff", StringComparison.Ordinal) ? DemoUserPlaceholder : _organization.Id.ToString(), StringComparison.Ordinal)
                .Replace("{surface}", "Api", StringComparison.Ordinal))
            .ToList();
    }

    private const string DemoUserPlaceholder = "{staff}";

    /// <summary>The demo representative's reviewed organization asks to reconsider its declined Codex.</summary>
    private Task<Guid> AnAmendmentAsync() => App.ReadAsync(async db =>
    {
        var organization = await db.Organizations.Include(o => o.Invitations).SingleAsync(o => o.Name == "Proseware Cloud");
        var grants = await db.Grants.AsNoTracking().Where(g => g.OrganizationId == organization.Id).ToListAsync();
        var catalog = (await db.Models.AsNoTracking().Select(m => m.ModelId).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        var amendment = Amendment.Request(organization, grants, new AmendmentRequest([Surface.Codex], [], [], [], [], [], "Reconsider Codex."),
            catalog, new HashSet<string>(StringComparer.Ordinal), organization.AccountRepId, true, DateTimeOffset.UtcNow);
        db.Amendments.Add(amendment);
        await db.SaveChangesAsync();
        return amendment.Id;
    });

    private async Task<IReadOnlyList<string>> AdminPagesWithUsersAsync()
    {
        var repId = await App.UserIdAsync(DemoData.SecondRepEmail);
        return AdminPages().Select(p => p.Replace(DemoUserPlaceholder, repId.ToString(), StringComparison.Ordinal)).ToList();
    }

    [Fact]
    public async Task The_route_table_lists_the_staff_pages()
    {
        var pages = await AdminPagesWithUsersAsync();
        Assert.Contains("/Admin", pages);
        Assert.Contains(pages, p => p.StartsWith("/Admin/Organizations", StringComparison.Ordinal));
        Assert.Contains(pages, p => p.StartsWith("/Admin/Review/Decide/", StringComparison.Ordinal));
        Assert.True(pages.Count >= 18, $"Only {pages.Count} pages found: {string.Join(", ", pages)}");
    }

    [Theory]
    [InlineData(DemoData.SupportEmail)]
    [InlineData(DemoData.PartnerEmail)]
    public async Task Support_and_partners_are_refused_every_staff_page(string email)
    {
        using var client = await App.SignedInAsync(email);
        foreach (var page in await AdminPagesWithUsersAsync())
        {
            using var response = await client.GetAsync(new Uri(page, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{page} answered {(int)response.StatusCode} to {email}");
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
            using var denied = await client.GetAsync(response.Headers.Location);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        using var client = App.NewClient();
        foreach (var page in await AdminPagesWithUsersAsync())
        {
            using var response = await client.GetAsync(new Uri(page, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{page} answered {(int)response.StatusCode} anonymously");
            Assert.Equal("/Account/Login", response.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task Admins_open_every_staff_page()
    {
        using var client = await App.SignedInAsync(DemoData.AdminEmail);
        foreach (var page in await AdminPagesWithUsersAsync())
        {
            using var response = await client.GetAsync(new Uri(page, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page} answered {(int)response.StatusCode} to an admin");
        }
    }

    [Theory]
    [InlineData("/Admin/Government")]
    [InlineData("/Admin/Staff")]
    [InlineData("/Admin/Staff/Create")]
    [InlineData("/Admin/ApiKeys")]
    [InlineData("/Admin/ApiKeys/Create")]
    [InlineData("/Admin/Webhooks")]
    [InlineData("/Admin/Webhooks/Create")]
    [InlineData("/Admin/Settings")]
    public async Task Account_representatives_are_refused_the_admin_only_pages(string page)
    {
        using var client = await App.SignedInAsync(DemoData.RepEmail);
        using var response = await client.GetAsync(new Uri(page, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Account_representatives_open_their_pages_and_see_their_navigation()
    {
        using var client = await App.SignedInAsync(DemoData.RepEmail);
        var dashboard = await client.GetPageAsync("/Admin");
        var nav = dashboard.QuerySelector("nav")!.TextContent;
        Assert.Contains("Organizations", nav, StringComparison.Ordinal);
        Assert.Contains("Review", nav, StringComparison.Ordinal);
        Assert.DoesNotContain("Staff users", nav, StringComparison.Ordinal);
        Assert.DoesNotContain("Government register", nav, StringComparison.Ordinal);
        Assert.DoesNotContain("Program settings", nav, StringComparison.Ordinal);
        foreach (var page in (await AdminPagesWithUsersAsync()).Where(p => !p.StartsWith("/Admin/Government", StringComparison.Ordinal) && !p.StartsWith("/Admin/Staff", StringComparison.Ordinal) && !p.StartsWith("/Admin/ApiKeys", StringComparison.Ordinal)
                     && !p.StartsWith("/Admin/Webhooks", StringComparison.Ordinal) && !p.StartsWith("/Admin/Settings", StringComparison.Ordinal)))
        {
            using var response = await client.GetAsync(new Uri(page, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page} answered {(int)response.StatusCode} to a representative");
        }
    }

    [Theory]
    [InlineData("/Admin/Organizations/Details/00000000-0000-0000-0000-000000000001")]
    [InlineData("/Admin/Review/Decide/00000000-0000-0000-0000-000000000001/Api")]
    [InlineData("/Admin/Grants/Details/00000000-0000-0000-0000-000000000001")]
    public async Task An_unknown_id_is_a_404_not_an_error(string page)
    {
        using var client = await App.SignedInAsync(DemoData.RepEmail);
        using var response = await client.GetAsync(new Uri(page, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("ChatGPT")]
    [InlineData("2")]
    [InlineData("nonsense")]
    public async Task A_surface_outside_the_preview_is_a_404(string surface)
    {
        using var client = await App.SignedInAsync(DemoData.RepEmail);
        using var response = await client.GetAsync(new Uri($"/Admin/Review/Decide/{_organization.Id}/{surface}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
