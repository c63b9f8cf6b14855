using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Organizations;
using static PreviewAccess.Web.Tests.Partner.PartnerForms;

namespace PreviewAccess.Web.Tests.Partner;

/// <summary>The enrollment form: each error on the field that caused it, rows without JavaScript, nothing typed lost.</summary>
[Collection(PartnerCollectionDefinition.Name)]
public sealed class EnrollmentTests(SharedPortal portal) : PortalTest(portal)
{
    /// <summary>A complete, valid form for the organization's own identifiers and emails.</summary>
    public static List<KeyValuePair<string, string>> ValidForm(TestOrganization organization, Surface[] surfaces)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(surfaces);
        var fields = new List<KeyValuePair<string, string>> { F("Input.LegalName", organization.Name + " Inc."), F("Input.Country", "US") };
        fields.AddRange(surfaces.Select(s => F("Input.Surfaces", s.ToString())));
        fields.AddRange(organization.ApiIds.Select((id, i) => F($"Input.ApiOrganizationIds[{i}]", id)));
        fields.AddRange(organization.CodexIds.Select((id, i) => F($"Input.CodexWorkspaceIds[{i}]", id)));
        fields.AddRange(organization.AccountEmails.Select((e, i) => F($"Input.AccountEmails[{i}]", e)));
        fields.AddRange([F("Input.IntendedUse", "Internal code review assistants."), F("Input.CustomerFacing", "false"), F("Input.TermsAccepted", "true")]);
        return fields;
    }

    [Fact]
    public async Task A_valid_enrollment_is_submitted_for_review_and_the_partner_is_told_it_is_not_access()
    {
        var (organization, client) = await EnrollingAsync();
        var form = await client.GetPageAsync("/Partner/Enrollment");

        using var response = await client.PostAsync(form, "#enrollment-form", ValidForm(organization, [Surface.Api, Surface.Codex]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Partner/Status", response.Headers.Location!.OriginalString);
        var status = await client.GetPageAsync("/Partner/Status");
        Assert.Contains("Enrollment submitted. Completing enrollment does not make access active.", status.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        var saved = await Data.OrganizationAsync(organization.Id);
        Assert.Equal(OrganizationStatus.UnderReview, saved.Status);
        Assert.Equal(organization.ApiIds, saved.Enrollment!.IdentifiersFor(Surface.Api));
        Assert.Equal(organization.CodexIds, saved.Enrollment.IdentifiersFor(Surface.Codex));
        Assert.False(saved.Enrollment.SubmittedByStaff);
        Assert.Equal(0, await Data.ReadAsync(db => db.Grants.CountAsync(g => g.OrganizationId == organization.Id)));
        client.Dispose();
    }

    public static TheoryData<string, string, string, string> FieldErrors => new()
    {
        // case, field to change (or remove), value, expected error field and message
        { "legal name empty", "Input.LegalName", "  ", "Input.LegalName|Enter the organization's legal name." },
        { "legal name too long", "Input.LegalName", new string('L', 201), "Input.LegalName|The legal name can be at most 200 characters." },
        { "country unknown", "Input.Country", "XX", "Input.Country|Enter a two-letter ISO 3166-1 country code, e.g. US or DE." },
        { "no surface", "Input.Surfaces", "", "Input.Surfaces|Choose the API, Codex or both." },
        { "ChatGPT", "Input.Surfaces", "ChatGPT", "Input.Surfaces|The preview covers the API and Codex only, not ChatGPT." },
        { "API without identifier", "Input.ApiOrganizationIds[*]", "", "Input.ApiOrganizationIds|Requesting the API needs at least one API organization ID." },
        { "Codex without identifier", "Input.CodexWorkspaceIds[*]", "", "Input.CodexWorkspaceIds|Requesting Codex needs at least one Codex workspace ID." },
        { "API identifier malformed", "Input.ApiOrganizationIds[1]", "org-short", "Input.ApiOrganizationIds[1]|An API organization ID is 'org-' followed by 24 letters or digits." },
        { "Codex identifier malformed", "Input.CodexWorkspaceIds[0]", "a b", "Input.CodexWorkspaceIds[0]|A Codex workspace ID is 3 to 64 letters, digits, '_' or '-'." },
        { "no email", "Input.AccountEmails[*]", "", "Input.AccountEmails|List at least one account email to approve." },
        { "email malformed", "Input.AccountEmails[1]", "not an email", "Input.AccountEmails[1]|Enter a valid email address." },
        { "intended use empty", "Input.IntendedUse", "", "Input.IntendedUse|Describe the intended use." },
        { "intended use too long", "Input.IntendedUse", new string('u', 4001), "Input.IntendedUse|The intended use can be at most 4000 characters." },
        { "customer-facing unanswered", "Input.CustomerFacing", "", "Input.CustomerFacing|Say whether GPT-5.6 will be used in a customer-facing product." },
        { "terms not accepted", "Input.TermsAccepted", "", "Input.TermsAccepted|Accept the preview terms to submit the enrollment." },
    };

    [Theory]
    [MemberData(nameof(FieldErrors))]
    public async Task Each_rule_puts_its_error_on_the_field_that_broke_it_and_keeps_what_was_typed(string name, string field, string value, string expected)
    {
        _ = name;
        var (organization, client) = await EnrollingAsync();
        var form = await client.GetPageAsync("/Partner/Enrollment");
        var fields = ValidForm(organization, [Surface.Api, Surface.Codex]);
        fields.RemoveAll(f => f.Key == field || (field.EndsWith("[*]", StringComparison.Ordinal) && f.Key.StartsWith(field[..^3], StringComparison.Ordinal)));
        if (value.Length > 0 && !field.EndsWith("[*]", StringComparison.Ordinal)) fields.Add(F(field, value));

        using var response = await client.PostAsync(form, "#enrollment-form", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        var (errorField, message) = (expected.Split('|')[0], expected.Split('|')[1]);
        Assert.Equal(message, page.FieldError(errorField));
        Assert.Contains(message, page.QuerySelector("#error-summary")!.TextContent, StringComparison.Ordinal);
        // Nothing typed is lost: every other field comes back as it was sent.
        foreach (var (key, sent) in fields.Where(f => f.Key != "Input.Surfaces" && f.Key != "Input.CustomerFacing" && f.Key != "Input.TermsAccepted"))
        {
            Assert.Equal(sent, page.FieldValue(key));
        }

        Assert.Equal(OrganizationStatus.Enrolling, (await Data.OrganizationAsync(organization.Id)).Status);
        client.Dispose();
    }

    [Fact]
    public async Task Duplicates_are_reported_on_the_second_row_even_with_an_empty_row_between_them()
    {
        var (organization, client) = await EnrollingAsync();
        var form = await client.GetPageAsync("/Partner/Enrollment");
        var fields = ValidForm(organization, [Surface.Api]);
        fields.RemoveAll(f => f.Key.StartsWith("Input.ApiOrganizationIds", StringComparison.Ordinal) || f.Key.StartsWith("Input.AccountEmails", StringComparison.Ordinal) || f.Key.StartsWith("Input.CodexWorkspaceIds", StringComparison.Ordinal));
        fields.AddRange([
            F("Input.ApiOrganizationIds[0]", organization.ApiIds[0]), F("Input.ApiOrganizationIds[1]", ""), F("Input.ApiOrganizationIds[2]", organization.ApiIds[0]),
            F("Input.AccountEmails[0]", "Dev@Example.com"), F("Input.AccountEmails[1]", " dev@example.com "),
        ]);

        using var response = await client.PostAsync(form, "#enrollment-form", fields);

        var page = await HtmlForms.ParseAsync(response);
        Assert.Equal("This API organization ID is listed twice.", page.FieldError("Input.ApiOrganizationIds[2]"));
        Assert.Null(page.FieldError("Input.ApiOrganizationIds[0]"));
        Assert.Null(page.FieldError("Input.ApiOrganizationIds[1]"));
        Assert.Equal("This email is listed twice.", page.FieldError("Input.AccountEmails[1]"));
        Assert.Equal("", page.FieldValue("Input.ApiOrganizationIds[1]"));
        client.Dispose();
    }

    [Fact]
    public async Task An_identifier_another_organization_registered_is_refused_on_its_row()
    {
        var other = await Data.EnrolledAsync([Surface.Api]);
        var (organization, client) = await EnrollingAsync();
        var form = await client.GetPageAsync("/Partner/Enrollment");
        var fields = ValidForm(organization, [Surface.Api]);
        fields.RemoveAll(f => f.Key.StartsWith("Input.CodexWorkspaceIds", StringComparison.Ordinal) || f.Key == "Input.ApiOrganizationIds[1]");
        fields.Add(F("Input.ApiOrganizationIds[1]", other.ApiIds[0]));

        using var response = await client.PostAsync(form, "#enrollment-form", fields);

        var page = await HtmlForms.ParseAsync(response);
        Assert.Equal("This identifier is already registered in the preview by another organization. Contact your account representative.", page.FieldError("Input.ApiOrganizationIds[1]"));
        Assert.DoesNotContain(other.Name, page.Words(), StringComparison.Ordinal);
        Assert.Equal(OrganizationStatus.Enrolling, (await Data.OrganizationAsync(organization.Id)).Status);
        client.Dispose();
    }

    [Fact]
    public async Task Workspace_ids_typed_for_Codex_are_not_sent_when_Codex_is_not_requested()
    {
        var (organization, client) = await EnrollingAsync();
        var form = await client.GetPageAsync("/Partner/Enrollment");

        using var response = await client.PostAsync(form, "#enrollment-form", ValidForm(organization, [Surface.Api]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = (await Data.OrganizationAsync(organization.Id)).Enrollment!;
        Assert.Equal(new[] { Surface.Api }, saved.Surfaces);
        Assert.Empty(saved.IdentifiersFor(Surface.Codex));
        client.Dispose();
    }

    [Fact]
    public async Task Another_row_is_added_without_JavaScript_and_nothing_typed_is_lost_or_saved()
    {
        var (organization, client) = await EnrollingAsync();
        var form = await client.GetPageAsync("/Partner/Enrollment");
        var addRow = form.QuerySelector("[data-row-list=api] [data-add-row]")!.GetAttribute("formaction")!;
        var fields = ValidForm(organization, [Surface.Api, Surface.Codex]);
        fields.RemoveAll(f => f.Key == "Input.TermsAccepted");
        fields.Add(F("Input.LegalName", "<b>Typed</b> name"));
        fields.RemoveAll(f => f.Key == "Input.LegalName" && f.Value != "<b>Typed</b> name");

        using var response = await client.PostAsync(form, "#enrollment-form", fields, action: addRow);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Equal(3, page.QuerySelectorAll("[data-row-list=api] [data-row]").Length);
        Assert.Equal(organization.ApiIds[1], page.FieldValue("Input.ApiOrganizationIds[1]"));
        Assert.Equal("", page.FieldValue("Input.ApiOrganizationIds[2]"));
        Assert.NotNull(page.QuerySelector("[name='Input.ApiOrganizationIds[2]'][autofocus]"));
        Assert.Equal("<b>Typed</b> name", page.FieldValue("Input.LegalName"));
        Assert.Null(page.QuerySelector("#error-summary"));
        Assert.NotNull(page.QuerySelector("#surface-codex[checked]"));
        // The page's address now names the row handler: the form still submits the enrollment, also on Enter.
        Assert.Equal("/Partner/Enrollment", page.QuerySelector("#enrollment-form")!.GetAttribute("action"));
        Assert.Null(page.QuerySelector("#enrollment-form button[type=submit]")!.GetAttribute("formaction"));
        Assert.Equal(OrganizationStatus.Enrolling, (await Data.OrganizationAsync(organization.Id)).Status);
        client.Dispose();
    }

    [Fact]
    public async Task A_row_is_removed_without_JavaScript_and_the_rows_after_it_move_up()
    {
        var (organization, client) = await EnrollingAsync();
        var form = await client.GetPageAsync("/Partner/Enrollment");
        var removeFirst = form.QuerySelector("[data-row-list=emails] [data-remove-row]")!.GetAttribute("formaction")!;
        var fields = ValidForm(organization, [Surface.Api]);

        using var response = await client.PostAsync(form, "#enrollment-form", fields, action: removeFirst);

        var page = await HtmlForms.ParseAsync(response);
        Assert.Single(page.QuerySelectorAll("[data-row-list=emails] [data-row]"));
        Assert.Equal(organization.AccountEmails[1], page.FieldValue("Input.AccountEmails[0]"));
        Assert.Equal(organization.ApiIds[0], page.FieldValue("Input.ApiOrganizationIds[0]"));

        // Removing the last row leaves one empty row to type in.
        var again = page.QuerySelector("[data-row-list=emails] [data-remove-row]")!.GetAttribute("formaction")!;
        fields.RemoveAll(f => f.Key.StartsWith("Input.AccountEmails", StringComparison.Ordinal));
        fields.Add(F("Input.AccountEmails[0]", organization.AccountEmails[1]));
        using var emptied = await client.PostAsync(page, "#enrollment-form", fields, action: again);
        var last = await HtmlForms.ParseAsync(emptied);
        Assert.Single(last.QuerySelectorAll("[data-row-list=emails] [data-row]"));
        Assert.Equal("", last.FieldValue("Input.AccountEmails[0]"));
        client.Dispose();
    }

    [Fact]
    public async Task After_a_needs_info_decision_the_form_comes_back_filled_in_under_the_representatives_message()
    {
        var organization = await Data.EnrolledAsync([Surface.Api, Surface.Codex]);
        await Data.NeedsInfoAsync(organization, Surface.Codex, "The workspace given is a sandbox:\nplease list your engineering one.");
        using var client = await Data.SignedInAsync(await Data.PartnerAsync(organization));

        var form = await client.GetPageAsync("/Partner/Enrollment");

        var message = form.QuerySelector("#needs-info")!;
        Assert.Contains($"{organization.RepName} needs more information about Codex", message.Words(), StringComparison.Ordinal);
        Assert.Contains("The workspace given is a sandbox:\nplease list your engineering one.", message.QuerySelector(".rep-message")!.TextContent, StringComparison.Ordinal);
        Assert.True(form.QuerySelector("#needs-info")!.CompareDocumentPosition(form.QuerySelector("#enrollment-form")!).HasFlag(AngleSharp.Dom.DocumentPositions.Following));
        Assert.Equal(organization.Name + " Inc.", form.FieldValue("Input.LegalName"));
        Assert.Equal(organization.ApiIds[1], form.FieldValue("Input.ApiOrganizationIds[1]"));
        Assert.Equal(organization.CodexIds[0], form.FieldValue("Input.CodexWorkspaceIds[0]"));
        Assert.Equal(organization.AccountEmails[1], form.FieldValue("Input.AccountEmails[1]"));
        Assert.Equal("Internal engineering tools.", form.FieldValue("Input.IntendedUse"));
        Assert.NotNull(form.QuerySelector("#customer-facing-no[checked]"));
        Assert.NotNull(form.QuerySelector("#surface-api[checked]"));
        Assert.NotNull(form.QuerySelector("#surface-codex[checked]"));
        // The terms are accepted again with each submission.
        Assert.Null(form.QuerySelector("#terms-accepted[checked]"));

        var newWorkspace = TestData.NewWorkspaceId();
        var fields = ValidForm(organization, [Surface.Api, Surface.Codex]);
        fields.RemoveAll(f => f.Key == "Input.CodexWorkspaceIds[0]");
        fields.Add(F("Input.CodexWorkspaceIds[0]", newWorkspace));
        using var response = await client.PostAsync(form, "#enrollment-form", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await Data.OrganizationAsync(organization.Id);
        Assert.Equal(OrganizationStatus.UnderReview, saved.Status);
        Assert.Equal(new[] { newWorkspace }, saved.Enrollment!.IdentifiersFor(Surface.Codex));
    }

    [Fact]
    public async Task A_submitted_enrollment_is_shown_read_only_and_a_late_post_is_refused_keeping_what_was_typed()
    {
        var (organization, client) = await EnrollingAsync();
        var form = await client.GetPageAsync("/Partner/Enrollment");
        (await client.PostAsync(form, "#enrollment-form", ValidForm(organization, [Surface.Api]))).Dispose();

        var submitted = await client.GetPageAsync("/Partner/Enrollment");
        Assert.Null(submitted.QuerySelector("#enrollment-form"));
        Assert.Contains("Completing enrollment does not make access active.", submitted.QuerySelector("#enrollment-locked")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(organization.ApiIds[0], submitted.QuerySelector(".enrollment-summary")!.TextContent, StringComparison.Ordinal);

        // The old form, sent again (a second tab): the domain refuses; nothing typed is lost.
        var fields = ValidForm(organization, [Surface.Api]);
        fields.RemoveAll(f => f.Key == "Input.IntendedUse");
        fields.Add(F("Input.IntendedUse", "A second thought."));
        using var late = await client.PostAsync(form, "#enrollment-form", fields);
        var page = await HtmlForms.ParseAsync(late);
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Contains("cannot be submitted while the organization is under review", page.Words(), StringComparison.Ordinal);
        Assert.Equal("Internal code review assistants.", (await Data.OrganizationAsync(organization.Id)).Enrollment!.IntendedUse);
        client.Dispose();
    }

    [Fact]
    public async Task A_new_enrollment_starts_from_what_the_portal_knows()
    {
        var (organization, client) = await EnrollingAsync();

        var form = await client.GetPageAsync("/Partner/Enrollment");

        Assert.Equal(organization.Name, form.FieldValue("Input.LegalName"));
        Assert.Equal("US", form.FieldValue("Input.Country"));
        Assert.EndsWith("@" + organization.Domain, form.FieldValue("Input.AccountEmails[0]"), StringComparison.Ordinal);
        Assert.Equal(1, form.QuerySelectorAll("[data-row-list=api] [data-row]").Length);
        Assert.Contains("Completing enrollment does not make access active.", form.QuerySelector(".not-access-note")!.TextContent, StringComparison.Ordinal);
        client.Dispose();
    }

    private async Task<(TestOrganization Organization, HttpClient Client)> EnrollingAsync()
    {
        var organization = await Data.EnrolledAsync([Surface.Api, Surface.Codex], submit: false);
        var client = await Data.SignedInAsync(await Data.PartnerAsync(organization));
        return (organization, client);
    }
}
