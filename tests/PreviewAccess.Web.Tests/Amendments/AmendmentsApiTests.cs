using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Web.Features.Amendments;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Review;
using PreviewAccess.Web.Infrastructure;
using static PreviewAccess.Web.Tests.Hosting.TestData;

namespace PreviewAccess.Web.Tests.Amendments;

/// <summary>
/// API.md, Amendments: a reviewed organization asks for more, the request is reviewed per surface as a delta on its
/// current scope, and the approval's grants go through a wave — while its enabled grants keep answering Allowed.
/// </summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class AmendmentsApiTests(PostgresServer postgres) : ApiTest(postgres)
{
    [Fact]
    public async Task Codex_asked_for_after_an_API_only_approval_is_reviewed_as_a_delta_and_enabled_in_a_wave_while_the_API_keeps_answering_Allowed()
    {
        var (organizationId, apiOrg, email, _) = await ApiOnlyEnabledAsync();
        var workspace = NewWorkspaceId();
        Assert.Equal("Allowed", await ReasonAsync("Api", apiOrg, email));

        using var requested = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/amendments", new
        {
            surfaces = new[] { "Codex" }, codexWorkspaceIds = new[] { workspace }, accountEmails = new[] { email.ToUpperInvariant() }, models = new[] { Sol },
            note = "Our engineers want Codex for code review.",
        });
        var amendment = await ExpectAsync(requested, HttpStatusCode.Created);
        var amendmentId = amendment.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/amendments/{amendmentId}", requested.Headers.Location?.OriginalString);
        Assert.Equal("UnderReview", amendment.GetProperty("status").GetString());
        Assert.True(amendment.GetProperty("requestedByStaff").GetBoolean());
        var change = Assert.Single(amendment.GetProperty("changes").EnumerateArray());
        Assert.Equal("Codex", change.GetProperty("surface").GetString());
        AssertScope(change.GetProperty("before"), [], [], []);
        AssertScope(change.GetProperty("after"), [workspace], [Sol], [email]);

        // Under review: the organization stays reviewed, the API grant answers, Codex is not yet anything.
        Assert.Equal("Reviewed", await OrganizationStatusAsync(organizationId));
        Assert.Equal("Allowed", await ReasonAsync("Api", apiOrg, email));
        Assert.Equal("NotApprovedForSurface", await ReasonAsync("Codex", workspace, email));
        using (var listed = await Client.GetAsync(new Uri($"/api/v1/organizations/{organizationId}/amendments", UriKind.Relative)))
        {
            var item = Assert.Single((await ExpectAsync(listed, HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
            Assert.Equal(amendmentId, item.GetProperty("id").GetGuid());
        }

        // The representative is told, with the delta.
        var mail = await OutboxAsync(Rep.Email);
        Assert.Contains(mail, m => m.Contains("asks to amend", StringComparison.Ordinal) && m.Contains(workspace, StringComparison.Ordinal));

        using var decided = await Client.PostAsJsonAsync($"/api/v1/amendments/{amendmentId}/decisions", new
        {
            surface = "Codex", decision = "Approve", identifiers = new[] { workspace }, models = new[] { Sol }, accountEmails = new[] { email },
            justification = "Same use case as the API.",
        });
        var grant = Assert.Single((await ExpectAsync(decided, HttpStatusCode.Created)).GetProperty("grants").EnumerateArray());
        Assert.Equal("Codex", grant.GetProperty("surface").GetString());
        Assert.Equal(workspace, grant.GetProperty("identifier").GetString());
        Assert.Equal("Approved", grant.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, grant.GetProperty("waveId").ValueKind);
        Assert.Equal(organizationId, grant.GetProperty("organizationId").GetGuid());

        // Approved is not enabled; the API grant still answers.
        Assert.Equal("Allowed", await ReasonAsync("Api", apiOrg, email));
        Assert.Equal("NotYetEnabled", await ReasonAsync("Codex", workspace, email));
        Assert.Equal("Decided", (await AmendmentAsync(amendmentId)).GetProperty("status").GetString());
        Assert.Equal("Reviewed", await OrganizationStatusAsync(organizationId));

        await EnableAsync(grant.GetProperty("id").GetGuid());
        Assert.Equal("Allowed", await ReasonAsync("Codex", workspace, email));
        Assert.Equal("Allowed", await ReasonAsync("Api", apiOrg, email));

        var actions = await AuditActionsAsync(organizationId);
        Assert.Contains("amendment.requested", actions);
        Assert.Contains("amendment.approved", actions);
    }

    [Fact]
    public async Task An_account_email_and_a_model_for_a_live_grant_widen_it_in_place_and_it_stays_enabled()
    {
        var (organizationId, apiOrg, email, grantId) = await ApiOnlyEnabledAsync();
        var colleague = $"colleague-{Guid.NewGuid():N}@partner.example";
        using var requested = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/amendments", new { accountEmails = new[] { colleague }, models = new[] { Luna } });
        var amendment = await ExpectAsync(requested, HttpStatusCode.Created);
        var change = Assert.Single(amendment.GetProperty("changes").EnumerateArray());
        Assert.Equal("Api", change.GetProperty("surface").GetString());
        AssertScope(change.GetProperty("before"), [apiOrg], [Sol], [email]);
        AssertScope(change.GetProperty("after"), [apiOrg], [Sol, Luna], [email, colleague]);
        Assert.Equal("EmailNotApproved", await ReasonAsync("Api", apiOrg, colleague));

        using var decided = await Client.PostAsJsonAsync($"/api/v1/amendments/{amendment.GetProperty("id").GetGuid()}/decisions", new
        {
            surface = "Api", decision = "Approve", identifiers = new[] { apiOrg }, models = new[] { Luna }, accountEmails = new[] { colleague }, justification = "A colleague joins.",
        });
        var grant = Assert.Single((await ExpectAsync(decided, HttpStatusCode.Created)).GetProperty("grants").EnumerateArray());
        Assert.Equal(grantId, grant.GetProperty("id").GetGuid());
        Assert.Equal("Enabled", grant.GetProperty("status").GetString());
        Assert.Equal([Sol, Luna], grant.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal([email, colleague], grant.GetProperty("accountEmails").EnumerateArray().Select(m => m.GetString()));

        Assert.Equal("Allowed", await ReasonAsync("Api", apiOrg, colleague, Luna));
        Assert.Equal("Allowed", await ReasonAsync("Api", apiOrg, email));
        Assert.Contains("grant.widened", await AuditActionsAsync(organizationId));
    }

    [Fact]
    public async Task Each_broken_rule_of_a_request_is_400_on_its_field()
    {
        var (organizationId, apiOrg, _, grantId) = await ApiOnlyEnabledAsync();
        async Task RefusedAsync(object body, params string[] fields)
        {
            using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/amendments", body);
            await ExpectInvalidAsync(response, fields);
        }

        await RefusedAsync(new { }, "surfaces");
        await RefusedAsync(new { surfaces = new[] { "ChatGPT" } }, "surfaces");
        await RefusedAsync(new { apiOrganizationIds = new[] { "org-short" }, codexWorkspaceIds = new[] { "a b" } }, "apiOrganizationIds[0]", "codexWorkspaceIds[0]");
        await RefusedAsync(new { codexWorkspaceIds = new[] { "ws_twice", "ws_twice" } }, "codexWorkspaceIds[1]");
        await RefusedAsync(new { accountEmails = new[] { "not-an-email", "a@b.example", "A@B.example" } }, "accountEmails[0]", "accountEmails[2]");
        await RefusedAsync(new { models = new[] { "gpt-4" } }, "models[0]");
        await RefusedAsync(new { renewGrantIds = new[] { grantId, Guid.NewGuid() } }, "renewGrantIds[0]", "renewGrantIds[1]");
        await RefusedAsync(new { surfaces = new[] { "Codex" } }, "codexWorkspaceIds");
        await RefusedAsync(new { accountEmails = new[] { "a@b.example" }, note = new string('x', 4001) }, "note");
        // Nothing new: everything asked for is already in scope.
        await RefusedAsync(new { apiOrganizationIds = new[] { apiOrg } }, "surfaces");
        await RefusedAsync(new { renewGrantIds = new[] { "not-a-guid" } }, "renewGrantIds[0]");
    }

    [Fact]
    public async Task An_identifier_another_organization_holds_is_refused_without_naming_it()
    {
        var (organizationId, _, _, _) = await ApiOnlyEnabledAsync();
        var (otherId, otherApiOrg, otherWorkspace, _) = await UnderReviewAsync();

        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/amendments", new
        {
            apiOrganizationIds = new[] { otherApiOrg }, codexWorkspaceIds = new[] { otherWorkspace },
        });
        var problem = await ExpectInvalidAsync(response, "apiOrganizationIds[0]", "codexWorkspaceIds[0]");
        var text = problem.GetRawText();
        Assert.Contains("cannot be added to your organization", text, StringComparison.Ordinal);
        var other = await InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Organizations.AsNoTracking().SingleAsync(o => o.Id == otherId));
        Assert.DoesNotContain(other.Name, text, StringComparison.Ordinal);
        Assert.DoesNotContain(otherId.ToString(), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_organization_that_is_not_reviewed_cannot_be_amended_409()
    {
        var (underReview, _, _, _) = await UnderReviewAsync();
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{underReview}/amendments", new { accountEmails = new[] { "a@b.example" }, surfaces = new[] { "Api" } });
        var problem = await ExpectProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("reviewed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var nominated = await NominateAsync();
        using var early = await Client.PostAsJsonAsync($"/api/v1/organizations/{nominated}/amendments", new { surfaces = new[] { "Api" }, apiOrganizationIds = new[] { NewApiOrganizationId() } });
        await ExpectProblemAsync(early, HttpStatusCode.Conflict);

        var (suspended, _, _, _) = await ApiOnlyEnabledAsync();
        using (var suspend = await Client.PostAsJsonAsync($"/api/v1/organizations/{suspended}/suspend", new { reason = "Under review." }))
        {
            await ExpectAsync(suspend, HttpStatusCode.OK);
        }

        using var whileSuspended = await Client.PostAsJsonAsync($"/api/v1/organizations/{suspended}/amendments", new { models = new[] { Luna } });
        await ExpectProblemAsync(whileSuspended, HttpStatusCode.Conflict);

        using var unknown = await Client.PostAsJsonAsync($"/api/v1/organizations/{Guid.NewGuid()}/amendments", new { models = new[] { Luna } });
        await ExpectProblemAsync(unknown, HttpStatusCode.NotFound);
        using var unknownList = await Client.GetAsync(new Uri($"/api/v1/organizations/{Guid.NewGuid()}/amendments", UriKind.Relative));
        await ExpectProblemAsync(unknownList, HttpStatusCode.NotFound);
        using var unknownDecision = await Client.PostAsJsonAsync($"/api/v1/amendments/{Guid.NewGuid()}/decisions", new { surface = "Api", decision = "Decline", justification = "x" });
        await ExpectProblemAsync(unknownDecision, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_decision_that_does_not_match_the_amendment_is_400_on_its_field_and_one_its_state_refuses_is_409()
    {
        var (organizationId, apiOrg, email, _) = await ApiOnlyEnabledAsync();
        var workspace = NewWorkspaceId();
        var amendmentId = await RequestCodexAsync(organizationId, workspace, email);
        async Task RefusedAsync(object body, params string[] fields)
        {
            using var response = await Client.PostAsJsonAsync($"/api/v1/amendments/{amendmentId}/decisions", body);
            await ExpectInvalidAsync(response, fields);
        }

        await RefusedAsync(new { justification = "x" }, "surface", "decision");
        await RefusedAsync(new { surface = "Api", decision = "Decline", justification = "x" }, "surface");
        await RefusedAsync(new { surface = "ChatGPT", decision = "Decline", justification = "x" }, "surface");
        await RefusedAsync(new { surface = "Codex", decision = "Decline", justification = " ", partnerMessage = "Not now." }, "justification");
        await RefusedAsync(new { surface = "Codex", decision = "Decline", justification = "Held for the pilot." }, "partnerMessage");
        await RefusedAsync(new { surface = "Codex", decision = "NeedsInfo" }, "justification");
        await RefusedAsync(new { surface = "Codex", decision = "Approve", identifiers = new[] { NewWorkspaceId() }, models = new[] { "gpt-4" }, accountEmails = new[] { "stranger@else.example" }, justification = "x", expiresOn = "2000-01-01" },
            "identifiers[0]", "models[0]", "accountEmails[0]", "expiresOn");
        await RefusedAsync(new { surface = "Codex", decision = "Approve", justification = "x" }, "identifiers", "models", "accountEmails");

        // Asking for more information sends it back: no decision until it is resubmitted.
        using (var question = await Client.PostAsJsonAsync($"/api/v1/amendments/{amendmentId}/decisions", new { surface = "Codex", decision = "NeedsInfo", justification = "Which team?" }))
        {
            Assert.Equal(0, (await ExpectAsync(question, HttpStatusCode.Created)).GetProperty("grants").GetArrayLength());
        }

        Assert.Equal("NeedsInfo", (await AmendmentAsync(amendmentId)).GetProperty("status").GetString());
        using var waiting = await Client.PostAsJsonAsync($"/api/v1/amendments/{amendmentId}/decisions", new { surface = "Codex", decision = "Decline", justification = "x", partnerMessage = "Not now." });
        await ExpectProblemAsync(waiting, HttpStatusCode.Conflict);

        // A declined amendment is decided; a second decision is a conflict.
        var second = await RequestCodexAsync(organizationId, NewWorkspaceId(), email);
        // A decline needs the message the partner reads; the justification stays internal.
        using (var unexplained = await Client.PostAsJsonAsync($"/api/v1/amendments/{second}/decisions", new { surface = "Codex", decision = "Decline", justification = "Capacity is held for the pilot cohort." }))
        {
            var problem = await ExpectProblemAsync(unexplained, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("partnerMessage", out _), problem.ToString());
        }

        using (var declined = await Client.PostAsJsonAsync($"/api/v1/amendments/{second}/decisions",
                   new { surface = "Codex", decision = "Decline", justification = "Capacity is held for the pilot cohort.", partnerMessage = "Codex is not part of this phase of the preview." }))
        {
            Assert.Equal(0, (await ExpectAsync(declined, HttpStatusCode.Created)).GetProperty("grants").GetArrayLength());
        }

        var decided = await AmendmentAsync(second);
        Assert.Equal("Decided", decided.GetProperty("status").GetString());
        var decline = decided.GetProperty("decisions").EnumerateArray().Last();
        Assert.Equal("Codex is not part of this phase of the preview.", decline.GetProperty("partnerMessage").GetString());
        Assert.Equal("Capacity is held for the pilot cohort.", decline.GetProperty("justification").GetString());
        using var again = await Client.PostAsJsonAsync($"/api/v1/amendments/{second}/decisions", new { surface = "Codex", decision = "Decline", justification = "Again.", partnerMessage = "Again." });
        await ExpectProblemAsync(again, HttpStatusCode.Conflict);
        Assert.Equal("Allowed", await ReasonAsync("Api", apiOrg, email));
    }

    [Fact]
    public async Task Another_representative_or_a_support_key_is_refused_403_on_every_write_and_nothing_changes()
    {
        var (organizationId, _, email, _) = await ApiOnlyEnabledAsync();
        var amendmentId = await RequestCodexAsync(organizationId, NewWorkspaceId(), email);
        var otherRep = await Data.UserAsync(Roles.AccountRep);
        var support = await Data.UserAsync(Roles.Support);
        using var otherRepKey = ClientWith(await Data.KeyAsync(otherRep.Id, Roles.ApiScopesFor([Roles.AccountRep]).ToArray()));
        using var supportKey = ClientWith(await Data.KeyAsync(support.Id, Roles.ApiScopesFor([Roles.Support]).ToArray()));
        using var ownRepKey = ClientWith(await Data.KeyAsync(Rep.Id, Roles.ApiScopesFor([Roles.AccountRep]).ToArray()));

        foreach (var client in new[] { otherRepKey, supportKey })
        {
            var before = await AuditActionsAsync(organizationId);
            using var request = await client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/amendments", new { models = new[] { Luna } });
            await ExpectProblemAsync(request, HttpStatusCode.Forbidden);
            using var decision = await client.PostAsJsonAsync($"/api/v1/amendments/{amendmentId}/decisions", new { surface = "Codex", decision = "Decline", justification = "Not mine." });
            await ExpectProblemAsync(decision, HttpStatusCode.Forbidden);
            Assert.Equal(before, await AuditActionsAsync(organizationId));
        }

        Assert.Equal("UnderReview", (await AmendmentAsync(amendmentId)).GetProperty("status").GetString());

        // The organization's own representative may do both.
        using (var own = await ownRepKey.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/amendments", new { models = new[] { Luna } }))
        {
            await ExpectAsync(own, HttpStatusCode.Created);
        }

        using var ownDecision = await ownRepKey.PostAsJsonAsync($"/api/v1/amendments/{amendmentId}/decisions", new { surface = "Codex", decision = "Decline", justification = "Not this time.", partnerMessage = "Not in this phase." });
        await ExpectAsync(ownDecision, HttpStatusCode.Created);
    }

    /// <summary>
    /// Partners have no API key: they will ask from their pages, which call the same use cases. Until those pages exist,
    /// the use cases are called here as a signed-in partner would reach them (their claims, as the sign-in makes them).
    /// </summary>
    [Fact]
    public async Task A_partner_asks_for_their_own_organization_only_and_never_decides()
    {
        var (organizationId, _, email, _) = await ApiOnlyEnabledAsync();
        var (otherOrganizationId, _, otherEmail, _) = await ApiOnlyEnabledAsync();
        var partner = await Data.UserAsync(Roles.Partner, $"partner-{Guid.NewGuid():N}@partner.example", organizationId);
        var workspace = NewWorkspaceId();

        var own = await AsPartnerAsync(partner, organizationId, sp => sp.GetRequiredService<RequestAmendment>().HandleAsync(
            new RequestAmendmentInput(organizationId, [Surface.Codex], [], [workspace], [email], [Sol], [], "For our reviewers."), CancellationToken.None));
        Assert.True(own.Succeeded, own.Message);
        Assert.False(own.Value!.RequestedByStaff);
        Assert.Contains(await OutboxAsync(Rep.Email), m => m.Contains(workspace, StringComparison.Ordinal));

        var before = await AuditActionsAsync(otherOrganizationId);
        var others = await AsPartnerAsync(partner, organizationId, sp => sp.GetRequiredService<RequestAmendment>().HandleAsync(
            new RequestAmendmentInput(otherOrganizationId, [], [], [], [otherEmail], [Luna], [], null), CancellationToken.None));
        Assert.Equal(OutcomeKind.Forbidden, others.Kind);
        Assert.Equal(before, await AuditActionsAsync(otherOrganizationId));

        var decided = await AsPartnerAsync(partner, organizationId, sp => sp.GetRequiredService<DecideAmendment>().HandleAsync(
            new SurfaceDecisionInput(own.Value.Id, Surface.Codex, DecisionOutcome.Approve, [workspace], [Sol], [email], "Approving myself.", null), CancellationToken.None));
        Assert.Equal(OutcomeKind.Forbidden, decided.Kind);
        Assert.Equal("UnderReview", (await AmendmentAsync(own.Value.Id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_amendments_are_listed_newest_first_page_by_page()
    {
        var (organizationId, _, email, _) = await ApiOnlyEnabledAsync();
        var first = await RequestCodexAsync(organizationId, NewWorkspaceId(), email);
        var second = await RequestCodexAsync(organizationId, NewWorkspaceId(), email);
        var third = await RequestCodexAsync(organizationId, NewWorkspaceId(), email);

        using var page1 = await Client.GetAsync(new Uri($"/api/v1/organizations/{organizationId}/amendments?limit=2", UriKind.Relative));
        var body1 = await ExpectAsync(page1, HttpStatusCode.OK);
        Assert.Equal([third, second], body1.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        var next = body1.GetProperty("next").GetString();
        using var page2 = await Client.GetAsync(new Uri($"/api/v1/organizations/{organizationId}/amendments?limit=2&after={next}", UriKind.Relative));
        var body2 = await ExpectAsync(page2, HttpStatusCode.OK);
        Assert.Equal([first], body2.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(JsonValueKind.Null, body2.GetProperty("next").ValueKind);

        using var bad = await Client.GetAsync(new Uri($"/api/v1/organizations/{organizationId}/amendments?limit=0&after=nonsense", UriKind.Relative));
        await ExpectInvalidAsync(bad, "limit", "after");
    }

    // ---- Arrangements and observations -----------------------------------------------------------------------------

    /// <summary>Enrolled for the API only, approved (so reviewed), government coordination recorded, enabled in a wave.</summary>
    private async Task<(Guid OrganizationId, string ApiOrg, string Email, Guid GrantId)> ApiOnlyEnabledAsync()
    {
        var organizationId = await EnrollingAsync();
        var (apiOrg, email) = (NewApiOrganizationId(), $"dev-{Guid.NewGuid():N}@partner.example");
        using (var enrolled = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/enrollment", Enrollment(apiOrg, null, email)))
        {
            await ExpectAsync(enrolled, HttpStatusCode.Created);
        }

        var grantId = await ApproveAsync(organizationId, "Api", apiOrg, email);
        await RecordGovernmentCoordinationAsync(organizationId);
        await EnableAsync(grantId);
        Assert.Equal("Reviewed", await OrganizationStatusAsync(organizationId));
        return (organizationId, apiOrg, email, grantId);
    }

    /// <summary>Runs a use case as a signed-in partner of <paramref name="organizationId"/>: the claims the portal's sign-in gives them.</summary>
    private Task<T> AsPartnerAsync<T>(TestUser partner, Guid organizationId, Func<IServiceProvider, Task<T>> work) => InScopeAsync(async sp =>
    {
        var accessor = sp.GetRequiredService<IHttpContextAccessor>();
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, partner.Id.ToString()),
                new Claim(ClaimTypes.Email, partner.Email),
                new Claim(ClaimTypes.Role, Roles.Partner),
                new Claim(PortalClaims.OrganizationId, organizationId.ToString()),
            ], "Test");
        accessor.HttpContext = new DefaultHttpContext { User = new ClaimsPrincipal(identity), RequestServices = sp };
        try
        {
            return await work(sp);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    });

    private async Task<Guid> RequestCodexAsync(Guid organizationId, string workspace, string email)
    {
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/amendments", new
        {
            surfaces = new[] { "Codex" }, codexWorkspaceIds = new[] { workspace }, accountEmails = new[] { email }, models = new[] { Sol },
        });
        return (await ExpectAsync(response, HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private async Task<string?> ReasonAsync(string surface, string identifier, string email, string model = Sol)
    {
        await SettleAccessAsync();
        using var response = await Client.GetAsync(new Uri($"/api/v1/access/check?surface={surface}&identifier={identifier}&email={Uri.EscapeDataString(email)}&model={model}", UriKind.Relative));
        return (await ExpectAsync(response, HttpStatusCode.OK)).GetProperty("reason").GetString();
    }

    private async Task<string?> OrganizationStatusAsync(Guid organizationId)
    {
        using var response = await Client.GetAsync(new Uri($"/api/v1/organizations/{organizationId}", UriKind.Relative));
        return (await ExpectAsync(response, HttpStatusCode.OK)).GetProperty("status").GetString();
    }

    private async Task<JsonElement> AmendmentAsync(Guid amendmentId)
    {
        using var response = await Client.GetAsync(new Uri($"/api/v1/amendments/{amendmentId}", UriKind.Relative));
        return await ExpectAsync(response, HttpStatusCode.OK);
    }

    /// <summary>A <c>before</c> or <c>after</c> of a change: exactly these identifiers, models and account emails, in this order.</summary>
    internal static void AssertScope(JsonElement scope, string[] identifiers, string[] models, string[] accountEmails)
    {
        Assert.Equal(identifiers, Strings(scope.GetProperty("identifiers")));
        Assert.Equal(models, Strings(scope.GetProperty("models")));
        Assert.Equal(accountEmails, Strings(scope.GetProperty("accountEmails")));
    }

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private Task<List<string>> AuditActionsAsync(Guid organizationId) => InScopeAsync(sp =>
        sp.GetRequiredService<PortalDbContext>().AuditEvents.AsNoTracking().Where(e => e.OrganizationId == organizationId).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());

    /// <summary>The mails waiting in the outbox for one address (the dispatcher is off in these tests).</summary>
    private Task<List<string>> OutboxAsync(string to) => InScopeAsync(async sp =>
        (await sp.GetRequiredService<PortalDbContext>().OutboxMessages.AsNoTracking().Select(m => m.Payload).ToListAsync())
            .Where(p => p.Contains(to, StringComparison.OrdinalIgnoreCase)).ToList());
}
