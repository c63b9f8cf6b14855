using System.Net.Http.Headers;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Web.Features.Seeding;

namespace PreviewAccess.Web.Tests.Admin.ApiKeys;

/// <summary>The admins' API key pages, through HTTP on PostgreSQL: the key is shown once, stored as a hash, works, and is revoked.</summary>
[Collection(AdminPagesCollectionDefinition.Name)]
public sealed class ApiKeyPagesTests(PostgresServer postgres) : PortalTest(postgres)
{
    [Fact]
    public async Task A_created_key_is_shown_once_stored_as_a_hash_works_and_stops_working_once_revoked()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var name = TestData.UniqueName("Billing sync");
        var form = await admin.GetPageAsync("/Admin/ApiKeys/Create");

        using var created = await admin.SubmitAsync(form, "#api-key-form", new Dictionary<string, string> { ["Input.Name"] = name, ["Input.Scopes"] = "org:read" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.True(created.Headers.CacheControl?.NoStore, "The page with the secret must not be cached.");
        var page = await HtmlForms.ParseAsync(created);
        var secret = page.QuerySelector("#api-key-secret")?.GetAttribute("value") ?? string.Empty;
        Assert.StartsWith("pa_", secret, StringComparison.Ordinal);
        Assert.Contains("it will not be shown again", page.Text(), StringComparison.Ordinal);

        var adminId = await App.UserIdAsync(DemoData.AdminEmail);
        var stored = await App.ReadAsync(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Name == name));
        Assert.Equal(SecretToken.Hash(secret), stored.KeyHash);
        Assert.NotEqual(secret, stored.KeyHash);
        Assert.Equal(secret[..stored.DisplayPrefix.Length], stored.DisplayPrefix);
        Assert.True(stored.DisplayPrefix.Length < secret.Length);
        Assert.Equal(adminId, stored.OwnerId);
        Assert.Equal(["org:read"], stored.Scopes);
        Assert.Null(stored.RevokedAt);

        // The list shows the key without its secret, and the secret is never shown again.
        var list = await admin.GetPageAsync("/Admin/ApiKeys");
        var listHtml = list.DocumentElement.OuterHtml;
        Assert.DoesNotContain(secret, listHtml, StringComparison.Ordinal);
        var row = list.QuerySelector($"tr[data-key-id='{stored.Id}']")!.TextContent;
        Assert.Contains(name, row, StringComparison.Ordinal);
        Assert.Contains(stored.DisplayPrefix, row, StringComparison.Ordinal);
        Assert.Contains("Ada Admin", row, StringComparison.Ordinal);
        Assert.Contains("org:read", row, StringComparison.Ordinal);
        Assert.Contains("Active", row, StringComparison.Ordinal);
        Assert.Contains("Never", row, StringComparison.Ordinal);
        var createAgain = await admin.GetPageAsync("/Admin/ApiKeys/Create");
        Assert.DoesNotContain(secret, createAgain.DocumentElement.OuterHtml, StringComparison.Ordinal);

        // The key works against the API, and its use is recorded.
        using var machine = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        using (var models = await ModelsAsync(machine, secret))
        {
            Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        }

        var used = await App.ReadAsync(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == stored.Id));
        Assert.NotNull(used.LastUsedAt);
        var listAfterUse = await admin.GetPageAsync("/Admin/ApiKeys");
        Assert.DoesNotContain("Never", listAfterUse.QuerySelector($"tr[data-key-id='{stored.Id}']")!.TextContent, StringComparison.Ordinal);

        // Revoke: a confirmation, then the POST.
        var confirm = await admin.GetPageAsync($"/Admin/ApiKeys?revoke={stored.Id}");
        Assert.Contains(name, confirm.QuerySelector("#revoke-form")!.ParentElement!.TextContent, StringComparison.Ordinal);
        var afterRevoke = await admin.SubmitAndFollowAsync(confirm, "#revoke-form", new Dictionary<string, string>());
        Assert.Contains("revoked", afterRevoke.Flash(), StringComparison.Ordinal);
        Assert.Contains("Revoked", afterRevoke.QuerySelector($"tr[data-key-id='{stored.Id}']")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull((await App.ReadAsync(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == stored.Id))).RevokedAt);

        using (var refused = await ModelsAsync(machine, secret))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // Both changes are audited, by the admin, and no event carries the secret.
        var events = await App.ReadAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.SubjectType == "ApiKey" && e.SubjectId == stored.Id.ToString()).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(["api-key.created", "api-key.revoked"], events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal(DemoData.AdminEmail, e.Actor));
        Assert.All(events, e => Assert.DoesNotContain(secret, (e.Before ?? string.Empty) + (e.After ?? string.Empty), StringComparison.Ordinal));

        // A second revoke is refused on the form.
        using var again = await admin.SubmitAsync(confirm, "#revoke-form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("already revoked", (await HtmlForms.ParseAsync(again)).FormErrors(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_form_makes_one_key_sending_it_again_says_the_key_exists_and_shows_no_secret()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var name = TestData.UniqueName("Reloaded");
        var form = await admin.GetPageAsync("/Admin/ApiKeys/Create");

        // Invalid first: nothing is made, and the corrected form (same form id) still makes its key.
        var invalid = await admin.SubmitInvalidAsync(form, "#api-key-form", new Dictionary<string, string> { ["Input.Name"] = name });
        Assert.Equal("Choose at least one scope.", invalid.FieldError("Input.Scopes"));
        using var first = await admin.SubmitAsync(form, "#api-key-form", new Dictionary<string, string> { ["Input.Name"] = name, ["Input.Scopes"] = "org:read" });
        var secret = (await HtmlForms.ParseAsync(first)).QuerySelector("#api-key-secret")?.GetAttribute("value") ?? string.Empty;
        Assert.StartsWith("pa_", secret, StringComparison.Ordinal);

        // The browser's reload of that answer sends the same form again.
        using var again = await admin.SubmitAsync(form, "#api-key-form", new Dictionary<string, string> { ["Input.Name"] = name, ["Input.Scopes"] = "org:read" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var page = await HtmlForms.ParseAsync(again);
        Assert.Null(page.QuerySelector("#api-key-secret"));
        Assert.Contains($"the key “{name}” exists", page.QuerySelector("#api-key-already-created")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Equal(1, await App.ReadAsync(db => db.ApiKeys.CountAsync(k => k.Name == name)));

        // A new form is a new key.
        var another = await admin.GetPageAsync("/Admin/ApiKeys/Create");
        using var second = await admin.SubmitAsync(another, "#api-key-form", new Dictionary<string, string> { ["Input.Name"] = name, ["Input.Scopes"] = "org:read" });
        Assert.NotNull((await HtmlForms.ParseAsync(second)).QuerySelector("#api-key-secret"));
        Assert.Equal(2, await App.ReadAsync(db => db.ApiKeys.CountAsync(k => k.Name == name)));
    }

    [Fact]
    public async Task An_admin_may_choose_another_active_staff_user_as_the_owner()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var repId = await App.UserIdAsync(DemoData.SecondRepEmail);
        var name = TestData.UniqueName("Rep tooling");
        var form = await admin.GetPageAsync("/Admin/ApiKeys/Create");
        Assert.Contains(form.QuerySelectorAll("#Input_OwnerId option"), o => o.GetAttribute("value") == repId.ToString());
        Assert.DoesNotContain(form.QuerySelectorAll("#Input_OwnerId option"), o => o.TextContent.Contains(DemoData.PartnerEmail, StringComparison.Ordinal));

        using var created = await admin.SubmitAsync(form, "#api-key-form", new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.Scopes"] = "access:check", ["Input.OwnerId"] = repId.ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var stored = await App.ReadAsync(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Name == name));
        Assert.Equal(repId, stored.OwnerId);
        Assert.Equal(["access:check"], stored.Scopes);
    }

    [Fact]
    public async Task Invalid_input_shows_errors_on_the_fields_and_creates_nothing()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var form = await admin.GetPageAsync("/Admin/ApiKeys/Create");
        var before = await App.ReadAsync(db => db.ApiKeys.CountAsync());

        var empty = await admin.SubmitInvalidAsync(form, "#api-key-form", new Dictionary<string, string> { ["Input.Name"] = "  " });
        Assert.Equal("Enter a name for the key.", empty.FieldError("Input.Name"));
        Assert.Equal("Choose at least one scope.", empty.FieldError("Input.Scopes"));
        Assert.Null(empty.QuerySelector("#api-key-secret"));

        var tooLong = await admin.SubmitInvalidAsync(form, "#api-key-form", new Dictionary<string, string> { ["Input.Name"] = new string('k', 101), ["Input.Scopes"] = "org:read" });
        Assert.Equal("The name can be at most 100 characters.", tooLong.FieldError("Input.Name"));
        Assert.Null(tooLong.FieldError("Input.Scopes"));

        var unknownScope = await admin.SubmitInvalidAsync(form, "#api-key-form", new Dictionary<string, string> { ["Input.Name"] = "Scope test", ["Input.Scopes"] = "admin:all" });
        Assert.Contains("is not a scope", unknownScope.FieldError("Input.Scopes"), StringComparison.Ordinal);

        var partnerId = await App.UserIdAsync(DemoData.PartnerEmail);
        var partnerOwner = await admin.SubmitInvalidAsync(form, "#api-key-form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Owner test", ["Input.Scopes"] = "org:read", ["Input.OwnerId"] = partnerId.ToString(),
        });
        Assert.Equal("Choose an active staff user as the owner.", partnerOwner.FieldError("Input.OwnerId"));

        var supportId = await App.UserIdAsync(DemoData.SupportEmail);
        var supportWriter = await admin.SubmitInvalidAsync(form, "#api-key-form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Desk tooling", ["Input.Scopes"] = "org:write", ["Input.OwnerId"] = supportId.ToString(),
        });
        Assert.Contains("may not use org:write", supportWriter.FieldError("Input.Scopes"), StringComparison.Ordinal);

        Assert.Equal(before, await App.ReadAsync(db => db.ApiKeys.CountAsync()));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("00000000-0000-0000-0000-000000000001")]
    public async Task Asking_to_revoke_a_key_that_is_not_there_is_a_404_page(string revoke)
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        using var response = await admin.GetAsync(new Uri($"/Admin/ApiKeys?revoke={revoke}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("need attention", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Admin/ApiKeys")]
    [InlineData("/Admin/ApiKeys/Create")]
    public async Task Account_representatives_are_refused_the_api_key_pages(string page)
    {
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        using var response = await rep.GetAsync(new Uri(page, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        using var denied = await rep.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        using var content = new FormUrlEncodedContent([new("Input.Name", "Sneaky"), new("Input.Scopes", "org:write")]);
        using var post = await rep.PostAsync(new Uri(page, UriKind.Relative), content);
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(0, await App.ReadAsync(db => db.ApiKeys.CountAsync(k => k.Name == "Sneaky")));

        var dashboard = await rep.GetPageAsync("/Admin");
        Assert.DoesNotContain("API keys", dashboard.QuerySelector("nav")!.TextContent, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> ModelsAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/models", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await client.SendAsync(request);
    }
}
