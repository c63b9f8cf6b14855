using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PreviewAccess.Data;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Domain.Audit;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Admin;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;

namespace PreviewAccess.Web.Tests.Settings;

/// <summary>
/// The program's settings page (Admin): each change made through its forms holds at once for the models API, the
/// estimator, the reviews and the public program page; a refused value is reported on its field and saves nothing; only
/// admins reach it; a stale form is refused; and every change is audited with the fields it changed, before and after.
/// </summary>
[Collection(AdminPagesCollectionDefinition.Name)]
public sealed class SettingsPageTests(PostgresServer postgres) : PortalTest(postgres)
{
    private const string Sol = "gpt-5.6-sol";
    private const string SolPrices = "#prices-form-gpt-5-6-sol";
    private const long OneMillion = 1_000_000;

    [Fact]
    public async Task A_price_saved_on_the_page_is_listed_by_the_models_API_and_charged_by_the_estimator()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var page = await admin.GetPageAsync("/Admin/Settings");
        var saved = await admin.SubmitAndFollowAsync(page, SolPrices, new Dictionary<string, string> { ["Prices.InputPerMillion"] = "4.00", ["Prices.OutputPerMillion"] = "$20" });

        Assert.Contains("prices of gpt-5.6-sol were saved", saved.Flash(), StringComparison.Ordinal);
        Assert.Equal("4.00", saved.QuerySelector($"{SolPrices} [name='Prices.InputPerMillion']")!.GetAttribute("value"));
        using var api = await ApiClientAsync();
        var models = await GetJsonAsync(api, "/api/v1/models");
        var sol = models.EnumerateArray().Single(m => m.GetProperty("id").GetString() == Sol);
        Assert.Equal((4m, 20m), (sol.GetProperty("inputPerMillion").GetDecimal(), sol.GetProperty("outputPerMillion").GetDecimal()));

        var estimate = await EstimateAsync(api, Sol);
        Assert.Equal(4m, estimate.GetProperty("uncachedInputUsd").GetDecimal());
        Assert.Equal(5m, estimate.GetProperty("cacheWriteUsd").GetDecimal());
        Assert.Equal(0.4m, estimate.GetProperty("cacheReadUsd").GetDecimal());
        Assert.Equal(20m, estimate.GetProperty("outputUsd").GetDecimal());
        Assert.Equal(29.4m, estimate.GetProperty("totalUsd").GetDecimal());

        using var visitor = App.NewClient();
        var program = await visitor.GetPageAsync("/Program");
        Assert.Equal("$4.00", program.QuerySelector($"#program-prices tr[data-model='{Sol}'] [data-part='input']")!.TextContent.Trim());
        Assert.Equal("$20.00", program.QuerySelector($"#program-prices tr[data-model='{Sol}'] [data-part='output']")!.TextContent.Trim());
    }

    [Fact]
    public async Task New_cache_multipliers_change_the_cache_write_and_read_figures_and_nothing_else()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var page = await admin.GetPageAsync("/Admin/Settings");
        Assert.Equal("1.25", page.QuerySelector("#cache-write-multiplier")!.GetAttribute("value"));
        Assert.Equal("0.10", page.QuerySelector("#cache-read-multiplier")!.GetAttribute("value"));

        var saved = await admin.SubmitAndFollowAsync(page, "#multipliers-form", new Dictionary<string, string>
        {
            ["Multipliers.CacheWriteMultiplier"] = "2", ["Multipliers.CacheReadMultiplier"] = "0.5",
        });

        Assert.Contains("multipliers were saved", saved.Flash(), StringComparison.Ordinal);
        Assert.Equal(new CacheMultipliers(2m, 0.5m), (await App.ProgramSettingsAsync()).CacheMultipliers);
        using var api = await ApiClientAsync();
        var estimate = await EstimateAsync(api, Sol);
        Assert.Equal(5m, estimate.GetProperty("uncachedInputUsd").GetDecimal());
        Assert.Equal(10m, estimate.GetProperty("cacheWriteUsd").GetDecimal());
        Assert.Equal(2.5m, estimate.GetProperty("cacheReadUsd").GetDecimal());
        Assert.Equal(30m, estimate.GetProperty("outputUsd").GetDecimal());

        // The partner's estimator and the public page price with them too.
        using var partner = await App.SignedInAsync(DemoData.PartnerEmail);
        var cost = await partner.GetPageAsync($"/Partner/Cost?Input.ModelId={Sol}&Input.UncachedInputTokens=0&Input.CacheWriteTokens=1000000&Input.CacheReadTokens=1000000&Input.OutputTokens=0");
        Assert.Equal("$10.00", cost.QuerySelector("#estimate [data-part='cache-write']")!.TextContent.Trim());
        Assert.Equal("$2.50", cost.QuerySelector("#estimate [data-part='cache-read']")!.TextContent.Trim());
        Assert.Contains("Billed at 2× the uncached input rate.", cost.Text(), StringComparison.Ordinal);
        using var visitor = App.NewClient();
        var program = await visitor.GetPageAsync("/Program");
        Assert.Equal("$10.00", program.QuerySelector($"#program-prices tr[data-model='{Sol}'] [data-part='cache-write']")!.TextContent.Trim());
        Assert.Contains("billed at 2× the model's uncached input rate", program.QuerySelector("#program-caching")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_added_on_the_page_is_listed_and_priced_and_its_id_cannot_be_taken_twice()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var page = await admin.GetPageAsync("/Admin/Settings");
        var added = await admin.SubmitAndFollowAsync(page, "#add-model-form", new Dictionary<string, string>
        {
            ["NewModel.ModelId"] = "gpt-5.6-nova", ["NewModel.Name"] = "GPT-5.6 Nova", ["NewModel.InputPerMillion"] = "0.50", ["NewModel.OutputPerMillion"] = "2",
        });

        Assert.Contains("gpt-5.6-nova was added", added.Flash(), StringComparison.Ordinal);
        using var api = await ApiClientAsync();
        var nova = (await GetJsonAsync(api, "/api/v1/models")).EnumerateArray().Single(m => m.GetProperty("id").GetString() == "gpt-5.6-nova");
        Assert.Equal("GPT-5.6 Nova", nova.GetProperty("name").GetString());
        Assert.Equal(3.175m, (await EstimateAsync(api, "gpt-5.6-nova")).GetProperty("totalUsd").GetDecimal()); // 0.50 + 0.625 + 0.05 + 2

        var again = await admin.SubmitInvalidAsync(added, "#add-model-form", new Dictionary<string, string>
        {
            ["NewModel.ModelId"] = "gpt-5.6-nova", ["NewModel.Name"] = "Another Nova", ["NewModel.InputPerMillion"] = "1", ["NewModel.OutputPerMillion"] = "1",
        });
        Assert.Contains("already has a model gpt-5.6-nova", FieldError(again, "#add-model-form", "NewModel.ModelId"), StringComparison.Ordinal);
        Assert.Equal(4, await App.ReadAsync(db => db.Models.CountAsync()));
    }

    [Fact]
    public async Task The_phase_and_the_unsupported_countries_are_shown_on_the_public_program_page()
    {
        using var visitor = App.NewClient();
        var before = await visitor.GetPageAsync("/Program");
        Assert.Contains("Preview", before.QuerySelector("#program-phase")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("No general-availability date has been announced", before.QuerySelector("#general-availability")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(UnsupportedCountry.Seed, Codes(before));

        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var page = await admin.GetPageAsync("/Admin/Settings");
        page = await admin.SubmitAndFollowAsync(page, "#phase-form", new Dictionary<string, string> { ["Phase.Phase"] = "GenerallyAvailable" });
        Assert.Contains("General availability announced", page.Flash(), StringComparison.Ordinal);
        page = await admin.SubmitAndFollowAsync(page, "#add-country-form", new Dictionary<string, string> { ["Country.Code"] = "ve" });
        Assert.Contains("VE is now an unsupported country", page.Flash(), StringComparison.Ordinal);
        page = await admin.SubmitAndFollowAsync(page, "#remove-country-CN", new Dictionary<string, string>());
        Assert.Contains("CN was removed", page.Flash(), StringComparison.Ordinal);

        var after = await visitor.GetPageAsync("/Program");
        Assert.Contains("General availability announced", after.QuerySelector("#program-phase")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("No general-availability date", after.Text(), StringComparison.Ordinal);
        Assert.Equal(["BY", "CU", "IR", "KP", "RU", "SY", "VE"], Codes(after));
        Assert.Equal(ProgramPhase.GenerallyAvailable, (await App.ProgramSettingsAsync()).Phase);
    }

    [Fact]
    public async Task Second_approval_switched_on_makes_the_next_approval_wait_for_a_second_staff_user_and_off_again_not()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var page = await admin.GetPageAsync("/Admin/Settings");
        page = await admin.SubmitAndFollowAsync(page, "#second-approval-form", new Dictionary<string, string> { ["SecondApproval.Required"] = "true" });
        Assert.Contains("Second approval is on", page.Flash(), StringComparison.Ordinal);
        Assert.Equal("checked", page.QuerySelector("#second-approval-on")!.GetAttribute("checked"));

        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var waiting = await ApproveAsync(rep);
        Assert.Contains("waiting for a second approver", waiting.Queue.Flash(), StringComparison.Ordinal);
        Assert.All(waiting.Grants, g => Assert.Equal(GrantStatus.PendingSecondApproval, g.Status));

        // The admin, a different staff user, confirms; the representative who approved could not.
        var queue = await admin.GetPageAsync("/Admin/Review?mine=false");
        var confirmed = await admin.SubmitAndFollowAsync(queue, $"#second-approvals form:has(input[value='{waiting.Grants[0].Id}'])", new Dictionary<string, string>());
        Assert.Contains("Second approval recorded", confirmed.Flash(), StringComparison.Ordinal);

        page = await admin.SubmitAndFollowAsync(await admin.GetPageAsync("/Admin/Settings"), "#second-approval-form", new Dictionary<string, string> { ["SecondApproval.Required"] = "false" });
        Assert.Contains("Second approval is off", page.Flash(), StringComparison.Ordinal);
        var direct = await ApproveAsync(rep);
        Assert.All(direct.Grants, g => Assert.Equal(GrantStatus.Approved, g.Status));
    }

    public static TheoryData<string, string, string, string> RefusedValues => new()
    {
        { SolPrices, "Prices.InputPerMillion", "-1", "cannot be negative" },
        { SolPrices, "Prices.OutputPerMillion", "-0.01", "cannot be negative" },
        { SolPrices, "Prices.InputPerMillion", "lots", "Enter the price in US dollars" },
        { SolPrices, "Prices.InputPerMillion", "10001", "at most $10,000" },
        { "#multipliers-form", "Multipliers.CacheWriteMultiplier", "0", "must be more than 0" },
        { "#multipliers-form", "Multipliers.CacheReadMultiplier", "-0.1", "must be more than 0" },
        { "#multipliers-form", "Multipliers.CacheWriteMultiplier", "125", "at most 10" },
        { "#add-country-form", "Country.Code", "XX", "not a country code" },
        { "#add-country-form", "Country.Code", "CN", "already an unsupported country" },
        { "#add-model-form", "NewModel.ModelId", "GPT 5.6 Nova", "lower-case letters" },
        { "#add-model-form", "NewModel.InputPerMillion", "-3", "cannot be negative" },
    };

    [Theory]
    [MemberData(nameof(RefusedValues))]
    public async Task A_refused_value_is_reported_on_its_field_and_nothing_is_saved(string form, string field, string value, string message)
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var page = await admin.GetPageAsync("/Admin/Settings");
        var before = await StateAsync(); // after signing in, which the audit log records
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { [field] = value };
        if (form == "#add-model-form")
        {
            foreach (var (name, good) in new[] { ("NewModel.ModelId", "gpt-5.6-nova"), ("NewModel.Name", "GPT-5.6 Nova"), ("NewModel.InputPerMillion", "1"), ("NewModel.OutputPerMillion", "2") })
            {
                values.TryAdd(name, good);
            }
        }

        var refused = await admin.SubmitInvalidAsync(page, form, values);

        Assert.Contains(message, FieldError(refused, form, field), StringComparison.Ordinal);
        var input = refused.QuerySelector($"{form} [name='{field}']")!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Contains(refused.QuerySelector($"{form} [data-valmsg-for='{field}']")!.Id!, input.GetAttribute("aria-describedby") ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(value, input.GetAttribute("value"));
        // One summary, in the refused section only, linking to the field; the other forms show the settings as they are.
        var summary = Assert.Single(refused.QuerySelectorAll(".form-errors"));
        Assert.Contains("Nothing was saved", summary.TextContent, StringComparison.Ordinal);
        Assert.Contains(message, summary.QuerySelector($"a[href='#{input.Id}']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync());
    }

    public static TheoryData<string?> NotAdmins => new() { DemoData.RepEmail, DemoData.SupportEmail, DemoData.PartnerEmail, null };

    /// <summary>Every form of the page, posted with good values and a valid antiforgery token of the person's own.</summary>
    private static readonly (string Handler, Dictionary<string, string> Fields)[] Posts =
    [
        ("Prices", new() { ["Prices.ModelId"] = Sol, ["Prices.Version"] = "0", ["Prices.InputPerMillion"] = "1", ["Prices.OutputPerMillion"] = "1" }),
        ("AddModel", new() { ["NewModel.ModelId"] = "gpt-5.6-nova", ["NewModel.Name"] = "Nova", ["NewModel.InputPerMillion"] = "1", ["NewModel.OutputPerMillion"] = "1" }),
        ("Multipliers", new() { ["Multipliers.Version"] = "0", ["Multipliers.CacheWriteMultiplier"] = "2", ["Multipliers.CacheReadMultiplier"] = "0.5" }),
        ("AddCountry", new() { ["Country.Code"] = "VE" }),
        ("RemoveCountry", new() { ["code"] = "CN" }),
        ("Phase", new() { ["Phase.Version"] = "0", ["Phase.Phase"] = "GenerallyAvailable" }),
        ("SecondApproval", new() { ["SecondApproval.Version"] = "0", ["SecondApproval.Required"] = "true" }),
    ];

    [Theory]
    [MemberData(nameof(NotAdmins))]
    public async Task Anyone_but_an_admin_is_refused_the_page_and_every_form_and_nothing_is_written(string? email)
    {
        using var client = email is null ? App.NewClient() : await App.SignedInAsync(email);
        var before = await StateAsync(); // after signing in, which the audit log records
        var expected = email is null ? "/Account/Login" : "/Account/AccessDenied";

        using (var get = await client.GetAsync(new Uri("/Admin/Settings", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
            Assert.Equal(expected, get.Headers.Location!.AbsolutePath);
        }

        // A token of their own, from a page they may open: the refusal is about who they are, not a broken form.
        var token = (await client.GetPageAsync(email is null ? "/Account/Login" : "/Program")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        foreach (var (handler, fields) in Posts)
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
            using var post = await client.PostAsync(new Uri($"/Admin/Settings?handler={handler}", UriKind.Relative), content);
            Assert.True(post.StatusCode == HttpStatusCode.Redirect, $"{handler} answered {(int)post.StatusCode} to {email ?? "anonymous"}");
            Assert.Equal(expected, post.Headers.Location!.AbsolutePath);
        }

        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task The_same_forms_posted_by_an_admin_do_change_the_settings()
    {
        // The counterpart of the refusals above: the very posts that change nothing for others change everything here.
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var before = await StateAsync();
        var token = (await admin.GetPageAsync("/Admin/Settings")).QuerySelector("#multipliers-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var version = (await App.ProgramSettingsAsync()).Version;
        var solVersion = await App.ReadAsync(db => db.Models.Where(m => m.ModelId == Sol).Select(m => m.Version).SingleAsync());
        foreach (var (handler, fields) in Posts)
        {
            var current = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
            foreach (var key in current.Keys.Where(k => k.EndsWith(".Version", StringComparison.Ordinal)).ToList())
            {
                current[key] = (key == "Prices.Version" ? solVersion : version).ToString(CultureInfo.InvariantCulture);
            }

            using var content = new FormUrlEncodedContent(current);
            using var post = await admin.PostAsync(new Uri($"/Admin/Settings?handler={handler}", UriKind.Relative), content);
            Assert.True(post.StatusCode == HttpStatusCode.Redirect, $"{handler} answered {(int)post.StatusCode}");
            Assert.StartsWith("/Admin/Settings", post.Headers.Location!.OriginalString, StringComparison.Ordinal);
            version = (await App.ProgramSettingsAsync()).Version;
        }

        var after = await StateAsync();
        Assert.NotEqual(before, after);
        Assert.Equal(before.AuditEvents + Posts.Length, after.AuditEvents);
    }

    [Fact]
    public async Task A_form_from_before_another_admin_s_change_is_refused_and_the_other_change_is_kept()
    {
        using var first = await App.SignedInAsync(DemoData.AdminEmail);
        using var second = await App.SignedInAsync(DemoData.AdminEmail);
        var firstPage = await first.GetPageAsync("/Admin/Settings");
        var secondPage = await second.GetPageAsync("/Admin/Settings");

        await first.SubmitAndFollowAsync(firstPage, "#multipliers-form", new Dictionary<string, string> { ["Multipliers.CacheWriteMultiplier"] = "1.5" });
        await first.SubmitAndFollowAsync(firstPage, SolPrices, new Dictionary<string, string> { ["Prices.InputPerMillion"] = "4" });
        var events = await AuditCountAsync();

        var stale = await second.SubmitInvalidAsync(secondPage, "#multipliers-form", new Dictionary<string, string> { ["Multipliers.CacheWriteMultiplier"] = "3" });
        Assert.Contains("Someone else changed this while you were working on it", stale.QuerySelector("#multipliers-form .form-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("1.5", stale.QuerySelector("#cache-write-multiplier")!.GetAttribute("value"));
        var staleModel = await second.SubmitInvalidAsync(secondPage, SolPrices, new Dictionary<string, string> { ["Prices.InputPerMillion"] = "6" });
        Assert.Contains("Someone else changed this", staleModel.QuerySelector($"{SolPrices} .form-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("4.00", staleModel.QuerySelector($"{SolPrices} [name='Prices.InputPerMillion']")!.GetAttribute("value"));

        Assert.Equal(1.5m, (await App.ProgramSettingsAsync()).CacheWriteMultiplier);
        Assert.Equal(4m, await App.ReadAsync(db => db.Models.Where(m => m.ModelId == Sol).Select(m => m.InputPerMillion).SingleAsync()));
        Assert.Equal(events, await AuditCountAsync());

        // Having seen the current values, the second admin saves again, and it holds.
        var retried = await second.SubmitAndFollowAsync(stale, "#multipliers-form", new Dictionary<string, string> { ["Multipliers.CacheWriteMultiplier"] = "3" });
        Assert.Contains("multipliers were saved", retried.Flash(), StringComparison.Ordinal);
        Assert.Equal(3m, (await App.ProgramSettingsAsync()).CacheWriteMultiplier);
    }

    [Fact]
    public async Task Each_change_is_audited_with_who_and_the_fields_it_changed_before_and_after()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var page = await admin.GetPageAsync("/Admin/Settings");
        page = await admin.SubmitAndFollowAsync(page, SolPrices, new Dictionary<string, string> { ["Prices.InputPerMillion"] = "4.5" });
        page = await admin.SubmitAndFollowAsync(page, "#multipliers-form", new Dictionary<string, string> { ["Multipliers.CacheReadMultiplier"] = "0.05" });
        page = await admin.SubmitAndFollowAsync(page, "#add-country-form", new Dictionary<string, string> { ["Country.Code"] = "VE" });
        page = await admin.SubmitAndFollowAsync(page, "#phase-form", new Dictionary<string, string> { ["Phase.Phase"] = "GenerallyAvailable" });
        await admin.SubmitAndFollowAsync(page, "#second-approval-form", new Dictionary<string, string> { ["SecondApproval.Required"] = "true" });

        var events = await App.ReadAsync(db => SettingsEvents(db).OrderByDescending(e => e.Id).Take(5).ToListAsync());
        events.Reverse();
        Assert.Equal(
            ["model.prices-changed", "program-settings.cache-multipliers-changed", "program-settings.unsupported-country-added", "program-settings.phase-changed", "program-settings.second-approval-changed"],
            events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal(DemoData.AdminEmail, e.Actor));

        var price = events[0];
        Assert.Equal("Model", price.SubjectType);
        Assert.Equal(Sol, Json(price.Before)["modelId"].GetString());
        Assert.Equal(5m, Json(price.Before)["inputPerMillion"].GetDecimal());
        Assert.Equal(4.5m, Json(price.After)["inputPerMillion"].GetDecimal());
        Assert.False(Json(price.After).ContainsKey("outputPerMillion"), "An unchanged price is not in the record: " + price.After);

        var multipliers = events[1];
        Assert.Equal(0.10m, Json(multipliers.Before)["cacheReadMultiplier"].GetDecimal());
        Assert.Equal(0.05m, Json(multipliers.After)["cacheReadMultiplier"].GetDecimal());
        Assert.False(Json(multipliers.After).ContainsKey("cacheWriteMultiplier"));

        var country = events[2];
        Assert.DoesNotContain("VE", Json(country.Before)["unsupportedCountries"].EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("VE", Json(country.After)["unsupportedCountries"].EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(("Preview", "GenerallyAvailable"), (Json(events[3].Before)["phase"].GetString(), Json(events[3].After)["phase"].GetString()));
        Assert.Equal((false, true), (Json(events[4].Before)["requireSecondApproval"].GetBoolean(), Json(events[4].After)["requireSecondApproval"].GetBoolean()));

        // Saving what is already there changes nothing, and writes nothing.
        var count = await AuditCountAsync();
        var unchanged = await admin.SubmitAndFollowAsync(await admin.GetPageAsync("/Admin/Settings"), "#phase-form", new Dictionary<string, string>());
        Assert.Contains("Nothing changed", unchanged.Flash(), StringComparison.Ordinal);
        Assert.Equal(count, await AuditCountAsync());
    }

    [Fact]
    public async Task Admins_find_the_page_in_their_menu()
    {
        using var admin = await App.SignedInAsync(DemoData.AdminEmail);
        var dashboard = await admin.GetPageAsync("/Admin");
        Assert.NotNull(dashboard.QuerySelector("nav a[href='/Admin/Settings']"));
        var page = await admin.GetPageAsync("/Admin/Settings");
        Assert.Equal("page", page.QuerySelector("nav a[href='/Admin/Settings']")!.GetAttribute("aria-current"));
    }

    /// <summary>Everything the settings page can change, and the audit log's length.</summary>
    private sealed record State(string Models, string Settings, string Countries, int AuditEvents);

    private Task<State> StateAsync() => App.ReadAsync(async db =>
    {
        var models = await db.Models.AsNoTracking().OrderBy(m => m.ModelId).Select(m => $"{m.ModelId}:{m.InputPerMillion}:{m.OutputPerMillion}:{m.Version}").ToListAsync();
        var settings = await db.ProgramSettings.AsNoTracking().SingleAsync();
        var countries = await db.UnsupportedCountries.AsNoTracking().OrderBy(c => c.Code).Select(c => c.Code).ToListAsync();
        return new State(string.Join(',', models),
            $"{settings.Phase}:{settings.RequireSecondApproval}:{settings.CacheWriteMultiplier}:{settings.CacheReadMultiplier}:{settings.Version}",
            string.Join(',', countries), await SettingsEvents(db).CountAsync());
    });

    /// <summary>Only the settings' own events: the portal's workers may audit something else (an expiry) meanwhile.</summary>
    private static IQueryable<AuditEvent> SettingsEvents(PortalDbContext db) =>
        db.AuditEvents.AsNoTracking().Where(e => e.SubjectType == "Model" || e.SubjectType == "ProgramSettings");

    private Task<int> AuditCountAsync() => App.ReadAsync(db => SettingsEvents(db).CountAsync());

    private async Task<(IHtmlDocument Queue, IReadOnlyList<ScopeGrant> Grants)> ApproveAsync(HttpClient rep)
    {
        var arranged = await App.UnderReviewAsync(surfaces: [Surface.Api]);
        var form = await rep.GetPageAsync($"/Admin/Review/Decide/{arranged.Id}/Api");
        var queue = await rep.SubmitAndFollowAsync(form, "#decision-form", new Dictionary<string, string> { ["Input.Decision"] = "Approve", ["Input.Justification"] = "Known partner." });
        var grants = await App.ReadAsync(db => db.Grants.AsNoTracking().Where(g => g.OrganizationId == arranged.Id).ToListAsync());
        Assert.NotEmpty(grants);
        return (queue, grants);
    }

    /// <summary>A client with an API key of the demo admin's (org:read for the catalog).</summary>
    private async Task<HttpClient> ApiClientAsync()
    {
        var adminId = await App.UserIdAsync(DemoData.AdminEmail);
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var (key, secret) = ApiKey.Create(adminId, "Settings test", [ApiScopes.OrgRead], DateTimeOffset.UtcNow);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        var client = App.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient api, string url)
    {
        using var response = await api.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }

    /// <summary>One million tokens of each kind on <paramref name="model"/>.</summary>
    private static async Task<JsonElement> EstimateAsync(HttpClient api, string model)
    {
        using var response = await api.PostAsJsonAsync("/api/v1/pricing/estimate", new
        {
            model, uncachedInputTokens = OneMillion, cacheWriteTokens = OneMillion, cacheReadTokens = OneMillion, outputTokens = OneMillion,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }

    private static string FieldError(IHtmlDocument page, string form, string field) =>
        page.QuerySelector($"{form} [data-valmsg-for='{field}']")?.TextContent.Trim() ?? string.Empty;

    private static List<string> Codes(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("#unsupported-countries code").Select(c => c.TextContent.Trim())];

    private static Dictionary<string, JsonElement> Json(string? snapshot) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(snapshot ?? "{}")!;
}
