using AngleSharp.Html.Dom;
using PreviewAccess.Domain.Catalog;
using static PreviewAccess.Web.Tests.Partner.PartnerForms;

namespace PreviewAccess.Web.Tests.Partner;

[Collection(PartnerCollectionDefinition.Name)]
public sealed class BadInputOnPostgresTests(SharedPortal portal) : BadInputTests(portal);

[Collection(PartnerOnSqliteCollectionDefinition.Name)]
public sealed class BadInputOnSqliteTests(SharedPortalOnSqlite portal) : BadInputTests(portal);

/// <summary>
/// Over-long, unicode, markup, SQL-looking and control-character text in every field of every partner form: a field
/// error or safely encoded output, never a 500, and a refused form comes back with what was typed; a control
/// character or a NUL is never saved. The same on both databases.
/// </summary>
public abstract class BadInputTests(SharedPortal portal) : PortalTest(portal)
{
    private const string Markup = "<script>alert('x')</script><img src=x onerror=alert(1)>";

    public static readonly IReadOnlyDictionary<string, string> Values = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["over-long"] = new string('x', 10_000),
        ["unicode"] = "Zoë Ωmega 東京 🚀 \u202Eevil",
        ["markup"] = Markup,
        ["sql"] = "'; DROP TABLE \"Organizations\"; --",
        ["control"] = "bad\u0007value\u0001",
        ["nul"] = "bad\0value",
    };

    [Fact]
    public async Task The_enrollment_form_survives_every_bad_value_in_every_field()
    {
        var organization = await Data.EnrolledAsync([Surface.Api, Surface.Codex], submit: false);
        using var client = await Data.SignedInAsync(await Data.PartnerAsync(organization));
        var fields = new[] { "Input.LegalName", "Input.Country", "Input.Surfaces", "Input.ApiOrganizationIds[0]", "Input.CodexWorkspaceIds[0]", "Input.AccountEmails[1]", "Input.IntendedUse", "Input.CustomerFacing", "Input.TermsAccepted" };
        var failures = new List<string>();
        foreach (var field in fields)
        {
            foreach (var (kind, value) in Values)
            {
                var form = EnrollmentTests.ValidForm(organization, [Surface.Api, Surface.Codex]);
                form.RemoveAll(f => f.Key == field);
                form.Add(F(field, value));
                using var response = await client.PostAsync(await client.GetPageAsync("/Partner/Enrollment"), "#enrollment-form", form);
                await CheckAsync(failures, $"{field} = {kind}", response, field, value, async () =>
                {
                    // Accepted: shown encoded on the status and enrollment pages; then sent back so the next value can be tried.
                    await CheckShownSafelyAsync(failures, client, "/Partner/Status", $"{field} = {kind}");
                    await CheckShownSafelyAsync(failures, client, "/Partner/Enrollment", $"{field} = {kind}");
                    await Data.NeedsInfoAsync(organization, Surface.Api, "Again, please.");
                });
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_why_form_survives_every_bad_value_in_every_field()
    {
        var organization = await Data.EnrolledAsync([Surface.Api]);
        using var client = await Data.SignedInAsync(await Data.PartnerAsync(organization));
        var failures = new List<string>();
        foreach (var field in new[] { "Input.Surface", "Input.Identifier", "Input.Email", "Input.ModelId", "Input.Country" })
        {
            foreach (var (kind, value) in Values)
            {
                var form = new List<KeyValuePair<string, string>> { F("Input.Surface", "Api"), F("Input.Identifier", organization.ApiIds[0]), F("Input.Email", organization.ContactEmail), F("Input.ModelId", "gpt-5.6-sol"), F("Input.Country", "") };
                form.RemoveAll(f => f.Key == field);
                form.Add(F(field, value));
                using var response = await client.PostAsync(await client.GetPageAsync("/Partner/Why"), "#why-form", form);
                await CheckAsync(failures, $"{field} = {kind}", response, field, value, null);
            }
        }

        await CheckQueryAsync(failures, client, "/Partner/Why?surface={0}&identifier={0}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_support_case_form_survives_every_bad_value_in_every_field()
    {
        var organization = await Data.EnrolledAsync([Surface.Api]);
        using var client = await Data.SignedInAsync(await Data.PartnerAsync(organization));
        var failures = new List<string>();
        foreach (var field in new[] { "Input.Category", "Input.Surfaces", "Input.Identifier", "Input.Email", "Input.ErrorMessage", "Input.RequestId", "Input.OccurredAtUtc" })
        {
            foreach (var (kind, value) in Values)
            {
                var form = new List<KeyValuePair<string, string>>
                {
                    F("Input.Category", "TechnicalIssue"), F("Input.Surfaces", "Api"), F("Input.Identifier", organization.ApiIds[0]), F("Input.Email", organization.ContactEmail),
                    F("Input.ErrorMessage", "Error 500"), F("Input.RequestId", "req_1"), F("Input.OccurredAtUtc", "2026-01-15T10:20:30"),
                };
                form.RemoveAll(f => f.Key == field);
                form.Add(F(field, value));
                using var response = await client.PostAsync(await client.GetPageAsync("/Partner/Support/Open"), "#case-form", form);
                var location = response.Headers.Location?.OriginalString;
                await CheckAsync(failures, $"{field} = {kind}", response, field, value, async () =>
                {
                    await CheckShownSafelyAsync(failures, client, location!, $"{field} = {kind}");
                    await CheckShownSafelyAsync(failures, client, "/Partner/Support", $"{field} = {kind}");
                });
            }
        }

        await CheckQueryAsync(failures, client, "/Partner/Support/Open?identifier={0}&email={0}&category={0}");
        await CheckQueryAsync(failures, client, "/Partner/Support/Case/{0}", expectNotFound: true);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_feedback_form_survives_every_bad_value_in_every_field()
    {
        var organization = await Data.EnrolledAsync([Surface.Api]);
        using var client = await Data.SignedInAsync(await Data.PartnerAsync(organization));
        var failures = new List<string>();
        foreach (var field in new[] { "Input.Topic", "Input.Message" })
        {
            foreach (var (kind, value) in Values)
            {
                var form = new List<KeyValuePair<string, string>> { F("Input.Topic", "Topic"), F("Input.Message", "Message") };
                form.RemoveAll(f => f.Key == field);
                form.Add(F(field, value));
                using var response = await client.PostAsync(await client.GetPageAsync("/Partner/Feedback"), "#feedback-form", form);
                await CheckAsync(failures, $"{field} = {kind}", response, field, value, () => CheckShownSafelyAsync(failures, client, "/Partner/Support", $"{field} = {kind}"));
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_cost_estimator_survives_every_bad_value_in_every_field()
    {
        var organization = await Data.EnrolledAsync([Surface.Api]);
        using var client = await Data.SignedInAsync(await Data.PartnerAsync(organization));
        var failures = new List<string>();
        var fields = new[] { "Input.ModelId", "Input.UncachedInputTokens", "Input.CacheWriteTokens", "Input.CacheReadTokens", "Input.OutputTokens" };
        foreach (var field in fields)
        {
            foreach (var (kind, value) in Values)
            {
                var query = string.Join('&', fields.Select(f => $"{f}={Uri.EscapeDataString(f == field ? value : f == "Input.ModelId" ? "gpt-5.6-sol" : "1")}"));
                using var response = await client.GetAsync(new Uri("/Partner/Cost?" + query, UriKind.Relative));
                await CheckAsync(failures, $"{field} = {kind}", response, field, value, null);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_accept_page_survives_every_bad_value_in_every_field()
    {
        var rep = await Data.StaffAsync();
        var failures = new List<string>();
        foreach (var field in new[] { "Token", "Input.DisplayName", "Input.Password", "Input.ConfirmPassword" })
        {
            foreach (var (kind, value) in Values)
            {
                var invitation = await Data.InvitedAsync(rep: rep);
                using var client = App.NewClient();
                var page = await client.GetPageAsync("/invitations/accept?token=" + Uri.EscapeDataString(invitation.Token));
                var form = new List<KeyValuePair<string, string>> { F("Token", invitation.Token), F("Input.DisplayName", "Dana"), F("Input.Password", "a long enough passphrase"), F("Input.ConfirmPassword", "a long enough passphrase") };
                form.RemoveAll(f => f.Key == field);
                form.Add(F(field, value));
                using var response = await client.PostAsync(page, "#accept-form", form);
                await CheckAsync(failures, $"{field} = {kind}", response, field is "Input.Password" or "Input.ConfirmPassword" or "Token" ? null : field, value,
                    () => CheckShownSafelyAsync(failures, client, "/Partner/Enrollment", $"{field} = {kind}"));
            }

            using var anonymous = App.NewClient();
            await CheckQueryAsync(failures, anonymous, "/invitations/accept?token={0}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Never a 5xx. A refused form answers 200, keeps the value in its field (<paramref name="field"/>, unless it cannot
    /// be shown back, e.g. a password or a choice that is not one of the options) and shows nothing raw; an accepted one redirects.
    /// </summary>
    private static async Task CheckAsync(List<string> failures, string what, HttpResponseMessage response, string? field, string value, Func<Task>? accepted)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            failures.Add($"{what}: answered {status}");
            return;
        }

        // ASP.NET Core refuses a NUL in a form body itself, before any page runs: a 400, with nothing saved.
        if (response.StatusCode == HttpStatusCode.BadRequest && value.Contains('\0', StringComparison.Ordinal)) return;

        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            if (PreviewAccess.Domain.Common.InputText.RefusalOf(value, PreviewAccess.Domain.Common.TextKind.MultiLine) is not null) failures.Add($"{what}: saved text the portal refuses");
            if (accepted is null) failures.Add($"{what}: redirected, but this form never saves");
            else await accepted();
            return;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            failures.Add($"{what}: answered {status}");
            return;
        }

        var html = await response.Content.ReadAsStringAsync();
        if (html.Contains("<script>alert", StringComparison.Ordinal) || html.Contains("<img src=x", StringComparison.Ordinal)) failures.Add($"{what}: markup rendered raw");
        var page = await HtmlForms.ParseAsync(response);
        if (field is null) return;
        var element = page.QuerySelector($"[name='{field}']");
        var shownBack = element switch
        {
            IHtmlInputElement { Type: "text" or "email" or "search" or "hidden" or "" } input => input.Value,
            IHtmlTextAreaElement textArea => textArea.Value,
            _ => null,
        };
        // Given back as typed; an HTML parser reads a NUL (&#x0;) as U+FFFD; and where the portal drops control
        // characters while binding, the form gives back the text without them.
        var withoutControls = new string(value.Where(c => !char.IsControl(c) || c is '\t' or '\n' or '\r').ToArray());
        if (shownBack is not null && shownBack != value && shownBack != value.Replace('\0', '\uFFFD') && shownBack != withoutControls)
        {
            failures.Add($"{what}: the field shows '{Shorten(shownBack)}' instead of what was typed");
        }
    }

    private static async Task CheckShownSafelyAsync(List<string> failures, HttpClient client, string url, string what)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode >= 500) failures.Add($"{what}: {url} answered {(int)response.StatusCode} after saving");
        if (html.Contains("<script>alert", StringComparison.Ordinal) || html.Contains("<img src=x", StringComparison.Ordinal)) failures.Add($"{what}: {url} renders the saved markup raw");
    }

    /// <summary>Each bad value in the query string (or the path) of a page that reads it.</summary>
    private static async Task CheckQueryAsync(List<string> failures, HttpClient client, string template, bool expectNotFound = false)
    {
        foreach (var (kind, value) in Values)
        {
            // The in-memory test server refuses a NUL in a path outright (Kestrel answers 400): nothing of ours runs.
            if (expectNotFound && kind == "nul") continue;
            var url = template.Replace("{0}", Uri.EscapeDataString(value), StringComparison.Ordinal);
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            var status = (int)response.StatusCode;
            var expected = expectNotFound ? HttpStatusCode.NotFound : HttpStatusCode.OK;
            if (response.StatusCode != expected && !(kind == "over-long" && status is 400 or 404 or 414) && !(kind == "nul" && status == 400)) failures.Add($"{template} with {kind}: answered {status}");
            var html = await response.Content.ReadAsStringAsync();
            if (html.Contains("<script>alert", StringComparison.Ordinal)) failures.Add($"{template} with {kind}: markup rendered raw");
        }
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
