using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Tests.TestData;
using static PreviewAccess.Domain.Tests.TestData.Builders;

namespace PreviewAccess.Domain.Tests.Invitations;

/// <summary>An invitation: to one contact email, single use, expiring, resendable and revocable.</summary>
public sealed class InvitationTests
{
    [Fact]
    public void An_invitation_expires_after_14_days_by_default()
    {
        var scenario = AnOrganization().Invited();
        var invitation = scenario.LatestInvitation;

        Assert.Equal(TimeSpan.FromDays(14), Invitation.DefaultLifetime);
        Assert.Equal(invitation.SentAt + TimeSpan.FromDays(14), invitation.ExpiresAt);
        Assert.Equal(InvitationStatus.Pending, invitation.StatusAt(invitation.ExpiresAt.AddTicks(-1)));
        Assert.Equal(InvitationStatus.Expired, invitation.StatusAt(invitation.ExpiresAt));
    }

    [Fact]
    public void An_invitation_can_be_accepted_until_the_last_moment_before_it_expires()
    {
        var scenario = AnOrganization().Invited();
        var invitation = scenario.LatestInvitation;

        scenario.Organization.AcceptInvitation(invitation.Id, invitation.ExpiresAt.AddTicks(-1));

        Assert.Equal(InvitationStatus.Accepted, invitation.StatusAt(invitation.ExpiresAt.AddDays(1)));
        Assert.Equal(OrganizationStatus.Enrolling, scenario.Organization.Status);
    }

    [Fact]
    public void An_expired_invitation_cannot_be_accepted()
    {
        var scenario = AnOrganization().Invited();
        var invitation = scenario.LatestInvitation;

        Assert.Throws<DomainException>(() => scenario.Organization.AcceptInvitation(invitation.Id, invitation.ExpiresAt));

        Assert.Equal(OrganizationStatus.Invited, scenario.Organization.Status);
        Assert.Null(invitation.AcceptedAt);
    }

    [Fact]
    public void A_rep_can_choose_another_lifetime_but_not_none()
    {
        var organization = AnOrganization().Nominated().Organization;

        var invitation = organization.Invite(Defaults.ContactEmail, SecretToken.Issue().Hash, Defaults.AccountRep, Defaults.Start, TimeSpan.FromDays(3));

        Assert.Equal(Defaults.Start.AddDays(3), invitation.ExpiresAt);
        Assert.Throws<DomainException>(() =>
            organization.Invite(Defaults.ContactEmail, SecretToken.Issue().Hash, Defaults.AccountRep, Defaults.Start, TimeSpan.Zero));
    }

    [Fact]
    public void An_invitation_goes_to_one_contact_email_normalized()
    {
        var scenario = AnOrganization().Invited();
        scenario.Invite("  Jane.Doe@ACME.example ");

        Assert.Equal("jane.doe@acme.example", scenario.LatestInvitation.Email);
        Assert.Equal(scenario.Organization.Id, scenario.LatestInvitation.OrganizationId);
        Assert.Equal(Defaults.AccountRep, scenario.LatestInvitation.InvitedBy);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-email")]
    [InlineData("jane@localhost")]
    public void An_invitation_needs_a_valid_contact_email(string email)
    {
        var scenario = AnOrganization().Nominated();

        Assert.Throws<DomainException>(() => scenario.Invite(email));
        Assert.Empty(scenario.Organization.Invitations);
        Assert.Equal(OrganizationStatus.Nominated, scenario.Organization.Status);
    }

    [Fact]
    public void An_invitation_is_single_use()
    {
        var scenario = AnOrganization().Enrolling();
        var invitation = scenario.LatestInvitation;

        var refusal = Assert.Throws<DomainException>(() => scenario.Organization.AcceptInvitation(invitation.Id, scenario.Tick()));

        Assert.Equal("This invitation can no longer be used.", refusal.Message);
        Assert.Equal(OrganizationStatus.Enrolling, scenario.Organization.Status);
    }

    [Fact]
    public void Resending_gives_the_invitation_a_new_token_and_the_old_hash_is_gone()
    {
        var scenario = AnOrganization().Invited();
        var invitation = scenario.LatestInvitation;
        var oldHash = invitation.TokenHash;
        var newToken = SecretToken.Issue();

        scenario.Organization.Resend(invitation.Id, newToken.Hash, scenario.Tick());

        Assert.Equal(newToken.Hash, invitation.TokenHash);
        Assert.NotEqual(oldHash, invitation.TokenHash);
        Assert.DoesNotContain(oldHash, StringProperties(invitation));
        Assert.DoesNotContain(scenario.Organization.Invitations, i => i.TokenHash == oldHash);
    }

    [Fact]
    public void Resending_restarts_the_14_days()
    {
        var scenario = AnOrganization().Invited();
        var invitation = scenario.LatestInvitation;
        var resentAt = invitation.SentAt.AddDays(10);

        scenario.Organization.Resend(invitation.Id, SecretToken.Issue().Hash, resentAt);

        Assert.Equal(resentAt, invitation.SentAt);
        Assert.Equal(resentAt.AddDays(14), invitation.ExpiresAt);
    }

    [Fact]
    public void An_expired_invitation_can_be_resent_and_then_accepted()
    {
        var scenario = AnOrganization().Invited();
        var invitation = scenario.LatestInvitation;
        var later = invitation.ExpiresAt.AddDays(1);

        scenario.Organization.Resend(invitation.Id, SecretToken.Issue().Hash, later);
        scenario.Organization.AcceptInvitation(invitation.Id, later.AddHours(1));

        Assert.Equal(OrganizationStatus.Enrolling, scenario.Organization.Status);
    }

    [Fact]
    public void An_accepted_invitation_cannot_be_resent_or_revoked()
    {
        var scenario = AnOrganization().Enrolling();
        var invitation = scenario.LatestInvitation;
        var hash = invitation.TokenHash;

        Assert.Throws<DomainException>(() => scenario.Organization.Resend(invitation.Id, SecretToken.Issue().Hash, scenario.Tick()));
        Assert.Throws<DomainException>(() => scenario.Organization.RevokeInvitation(invitation.Id, scenario.Tick()));
        Assert.Equal(hash, invitation.TokenHash);
        Assert.Equal(InvitationStatus.Accepted, invitation.StoredStatus);
    }

    [Fact]
    public void A_revoked_invitation_cannot_be_accepted_and_the_organization_is_nominated_again()
    {
        var scenario = AnOrganization().Invited();
        var invitation = scenario.LatestInvitation;

        scenario.Organization.RevokeInvitation(invitation.Id, scenario.Tick());

        Assert.Equal(InvitationStatus.Revoked, invitation.StatusAt(scenario.Now));
        Assert.Equal(scenario.Now, invitation.RevokedAt);
        Assert.Equal(OrganizationStatus.Nominated, scenario.Organization.Status);
        Assert.Throws<DomainException>(() => scenario.Organization.AcceptInvitation(invitation.Id, scenario.Tick()));
    }

    [Fact]
    public void When_the_only_invitation_runs_out_the_organization_is_nominated_again_and_not_before()
    {
        var scenario = AnOrganization().Invited();
        var invitation = scenario.LatestInvitation;

        Assert.False(scenario.Organization.ReturnToNominatedWithoutInvitation(invitation.ExpiresAt.AddTicks(-1)));
        Assert.Equal(OrganizationStatus.Invited, scenario.Organization.Status);

        Assert.True(scenario.Organization.ReturnToNominatedWithoutInvitation(invitation.ExpiresAt));
        Assert.Equal(OrganizationStatus.Nominated, scenario.Organization.Status);
        Assert.False(scenario.Organization.ReturnToNominatedWithoutInvitation(invitation.ExpiresAt));
    }

    [Fact]
    public void A_suspended_organization_whose_invitation_runs_out_returns_to_nominated_when_reinstated()
    {
        var scenario = AnOrganization().Invited().Suspend();
        var expiredAt = scenario.LatestInvitation.ExpiresAt;

        Assert.True(scenario.Organization.ReturnToNominatedWithoutInvitation(expiredAt));
        Assert.Equal(OrganizationStatus.Suspended, scenario.Organization.Status);
        scenario.Reinstate();
        Assert.Equal(OrganizationStatus.Nominated, scenario.Organization.Status);
    }

    [Fact]
    public void A_revoked_invitation_cannot_be_revoked_again_or_resent()
    {
        var scenario = AnOrganization().Invited();
        var invitation = scenario.LatestInvitation;
        scenario.Organization.RevokeInvitation(invitation.Id, scenario.Tick());

        Assert.Throws<DomainException>(() => scenario.Organization.RevokeInvitation(invitation.Id, scenario.Tick()));
        Assert.Throws<DomainException>(() => scenario.Organization.Resend(invitation.Id, SecretToken.Issue().Hash, scenario.Tick()));
    }

    [Fact]
    public void A_new_invitation_replaces_the_pending_one()
    {
        var scenario = AnOrganization().Invited();
        var first = scenario.LatestInvitation;

        scenario.Invite("other.contact@acme.example");
        var second = scenario.LatestInvitation;

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(InvitationStatus.Revoked, first.StatusAt(scenario.Now));
        Assert.Equal(InvitationStatus.Pending, second.StatusAt(scenario.Now));
        Assert.Same(second, scenario.Organization.PendingInvitation(scenario.Now));
        Assert.Single(scenario.Organization.Invitations, i => i.IsPendingAt(scenario.Now));
        Assert.Throws<DomainException>(() => scenario.Organization.AcceptInvitation(first.Id, scenario.Tick()));

        scenario.Organization.AcceptInvitation(second.Id, scenario.Tick());
        Assert.Equal(OrganizationStatus.Enrolling, scenario.Organization.Status);
    }

    [Fact]
    public void Resending_a_superseded_invitation_does_not_leave_two_invitations_pending()
    {
        // The first invitation expires unanswered; the rep sends a second; then someone resends the first.
        var scenario = AnOrganization().Invited();
        var first = scenario.LatestInvitation;
        var afterExpiry = first.ExpiresAt.AddDays(1);
        scenario.Organization.Invite("second.contact@acme.example", SecretToken.Issue().Hash, Defaults.AccountRep, afterExpiry);
        var second = scenario.LatestInvitation;

        try
        {
            scenario.Organization.Resend(first.Id, SecretToken.Issue().Hash, afterExpiry.AddHours(1));
        }
        catch (DomainException)
        {
            // Refusing the resend is one way to keep a single live invitation.
        }

        var pending = scenario.Organization.Invitations.Where(i => i.IsPendingAt(afterExpiry.AddHours(2))).ToList();
        Assert.True(pending.Count <= 1,
            $"{pending.Count} invitations are pending at once: {string.Join(", ", pending.Select(i => i.Email))} (second: {second.Email}).");
    }

    [Fact]
    public void Every_failed_acceptance_gives_the_same_message()
    {
        // Expired, revoked and already used: the person learns nothing about which.
        var expired = AnOrganization().Invited();
        var revoked = AnOrganization().Invited();
        revoked.Organization.RevokeInvitation(revoked.LatestInvitation.Id, revoked.Tick());
        var used = AnOrganization().Enrolling();

        var messages = new[]
        {
            Assert.Throws<DomainException>(() => expired.Organization.AcceptInvitation(expired.LatestInvitation.Id, expired.LatestInvitation.ExpiresAt)).Message,
            Assert.Throws<DomainException>(() => revoked.Organization.AcceptInvitation(revoked.LatestInvitation.Id, revoked.Tick())).Message,
            Assert.Throws<DomainException>(() => used.Organization.AcceptInvitation(used.LatestInvitation.Id, used.Tick())).Message,
        };

        Assert.Single(messages.Distinct(StringComparer.Ordinal));
        Assert.DoesNotContain(Defaults.ContactEmail, messages[0], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_organization_keeps_only_the_hash_of_the_token()
    {
        var scenario = AnOrganization().Invited();
        var secret = scenario.InvitationSecret!;
        var invitation = scenario.LatestInvitation;

        Assert.Equal(SecretToken.Hash(secret), invitation.TokenHash);
        Assert.DoesNotContain(StringProperties(invitation), value => value.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public void An_invitation_cannot_be_used_on_another_organization()
    {
        var acme = AnOrganization().Invited();
        var globex = AnOrganization().Named("Globex").Invited();

        Assert.Throws<DomainException>(() => globex.Organization.AcceptInvitation(acme.LatestInvitation.Id, globex.Tick()));
        Assert.Equal(OrganizationStatus.Invited, globex.Organization.Status);
    }

    private static IEnumerable<string> StringProperties(Invitation invitation) =>
        typeof(Invitation).GetProperties()
            .Where(p => p.PropertyType == typeof(string))
            .Select(p => (string?)p.GetValue(invitation))
            .OfType<string>();
}
