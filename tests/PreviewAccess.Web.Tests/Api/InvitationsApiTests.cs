using System.Net.Http.Json;

namespace PreviewAccess.Web.Tests.Api;

/// <summary>API.md, Invitations: send, resend, revoke, and accept — where every unusable token looks the same.</summary>
[Collection(ApiCollectionDefinition.Name)]
public sealed class InvitationsApiTests(PostgresServer postgres) : ApiTest(postgres)
{
    [Fact]
    public async Task Sending_an_invitation_answers_201_with_the_accept_link_once()
    {
        var organizationId = await NominateAsync();
        using var response = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/invitations", new { email = " CTO@Partner.example " });

        var body = await ExpectAsync(response, HttpStatusCode.Created);
        Assert.Equal("cto@partner.example", body.GetProperty("email").GetString());
        Assert.Equal("Pending", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(13));
        Assert.True(TokenOf(body).Length >= 22);

        using var organization = await Client.GetAsync(new Uri($"/api/v1/organizations/{organizationId}", UriKind.Relative));
        var read = await ExpectAsync(organization, HttpStatusCode.OK);
        Assert.Equal("Invited", read.GetProperty("status").GetString());
        Assert.DoesNotContain(TokenOf(body), read.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invitation_needs_a_valid_email_and_an_existing_organization()
    {
        var organizationId = await NominateAsync();
        using var invalid = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/invitations", new { email = "not an email" });
        await ExpectInvalidAsync(invalid, "email");

        using var unknown = await Client.PostAsJsonAsync($"/api/v1/organizations/{Guid.NewGuid()}/invitations", new { email = "a@b.example" });
        await ExpectProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Accepting_creates_the_partner_account_and_the_organization_starts_enrolling()
    {
        var organizationId = await NominateAsync();
        var (_, token) = await InviteAsync(organizationId, "lead@partner-accept.example");

        using var response = await AcceptAsync(token);
        var body = await ExpectAsync(response, HttpStatusCode.Created);
        Assert.Equal(organizationId, body.GetProperty("organizationId").GetGuid());
        Assert.Equal("lead@partner-accept.example", body.GetProperty("email").GetString());

        var partner = await InScopeAsync(services => services.GetRequiredService<PortalDbContext>().Users.SingleAsync(u => u.Email == "lead@partner-accept.example"));
        Assert.Equal(organizationId, partner.OrganizationId);
        using var organization = await Client.GetAsync(new Uri($"/api/v1/organizations/{organizationId}", UriKind.Relative));
        Assert.Equal("Enrolling", (await ExpectAsync(organization, HttpStatusCode.OK)).GetProperty("status").GetString());

        using var inviteAgain = await Client.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/invitations", new { email = "other@partner.example" });
        await ExpectProblemAsync(inviteAgain, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Accepting_checks_the_name_and_password()
    {
        var (_, token) = await InviteAsync(await NominateAsync());
        using var response = await ClientWith(null).PostAsJsonAsync("/api/v1/invitations/accept", new { token, displayName = " ", password = "short" });
        await ExpectInvalidAsync(response, "displayName", "password");

        // The token was not spent by the failed attempt.
        using var accepted = await AcceptAsync(token);
        await ExpectAsync(accepted, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Every_unusable_token_answers_410_with_one_and_the_same_body()
    {
        // Used.
        var (_, used) = await InviteAsync(await NominateAsync());
        using (var first = await AcceptAsync(used)) await ExpectAsync(first, HttpStatusCode.Created);

        // Revoked.
        var (revokedId, revoked) = await InviteAsync(await NominateAsync());
        using (var revoke = await Client.PostAsync(new Uri($"/api/v1/invitations/{revokedId}/revoke", UriKind.Relative), null))
        {
            Assert.Equal("Revoked", (await ExpectAsync(revoke, HttpStatusCode.OK)).GetProperty("status").GetString());
        }

        // Replaced by a resend, and replaced by a newer invitation.
        var resentOrganization = await NominateAsync();
        var (resentId, beforeResend) = await InviteAsync(resentOrganization);
        using (var resend = await Client.PostAsync(new Uri($"/api/v1/invitations/{resentId}/resend", UriKind.Relative), null))
        {
            var resent = await ExpectAsync(resend, HttpStatusCode.OK);
            Assert.NotEqual(beforeResend, TokenOf(resent));
            Assert.Equal(resentId, resent.GetProperty("id").GetGuid());
        }

        var (_, replaced) = await InviteAsync(resentOrganization);
        await InviteAsync(resentOrganization);

        // Expired.
        var (expiredId, expired) = await InviteAsync(await NominateAsync());
        await InScopeAsync(services => services.GetRequiredService<PortalDbContext>().Invitations.Where(i => i.Id == expiredId)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));

        var bodies = new List<string>();
        foreach (var token in new[] { used, revoked, beforeResend, replaced, expired, "garbage", "", new string('x', 5000), "pa_" + Guid.NewGuid() })
        {
            using var response = await AcceptAsync(token);
            await ExpectProblemAsync(response, HttpStatusCode.Gone);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(bodies.Distinct());
        Assert.DoesNotContain("traceId", bodies[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resending_and_revoking_refuse_what_the_invitation_state_does_not_allow()
    {
        var (id, token) = await InviteAsync(await NominateAsync());
        using (var accepted = await AcceptAsync(token)) await ExpectAsync(accepted, HttpStatusCode.Created);

        using var resend = await Client.PostAsync(new Uri($"/api/v1/invitations/{id}/resend", UriKind.Relative), null);
        await ExpectProblemAsync(resend, HttpStatusCode.Conflict);
        using var revoke = await Client.PostAsync(new Uri($"/api/v1/invitations/{id}/revoke", UriKind.Relative), null);
        await ExpectProblemAsync(revoke, HttpStatusCode.Conflict);

        using var unknownResend = await Client.PostAsync(new Uri($"/api/v1/invitations/{Guid.NewGuid()}/resend", UriKind.Relative), null);
        await ExpectProblemAsync(unknownResend, HttpStatusCode.NotFound);
        using var unknownRevoke = await Client.PostAsync(new Uri($"/api/v1/invitations/{Guid.NewGuid()}/revoke", UriKind.Relative), null);
        await ExpectProblemAsync(unknownRevoke, HttpStatusCode.NotFound);
        using var badId = await Client.PostAsync(new Uri("/api/v1/invitations/123/revoke", UriKind.Relative), null);
        await ExpectProblemAsync(badId, HttpStatusCode.NotFound);
    }
}
