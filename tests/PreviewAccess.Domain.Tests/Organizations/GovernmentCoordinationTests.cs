using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Domain.Tests.TestData;
using static PreviewAccess.Domain.Tests.TestData.Builders;

namespace PreviewAccess.Domain.Tests.Organizations;

/// <summary>Government coordination and the other gates on enablement: hard gates, not notes.</summary>
public sealed class GovernmentCoordinationTests
{
    private static Scenario ScheduledApiGrant(OrganizationBuilder builder) =>
        builder.UnderReview().Approve(Surface.Api).GrantsIn(GrantStatus.Scheduled);

    [Fact]
    public void The_record_keeps_the_date_reference_and_who_recorded_it()
    {
        var record = new GovernmentCoordination(new DateOnly(2026, 5, 1), "  GOV-2026-0042 ", Defaults.AccountRep, Defaults.Start);

        Assert.Equal(new DateOnly(2026, 5, 1), record.SharedOn);
        Assert.Equal("GOV-2026-0042", record.Reference);
        Assert.Equal(Defaults.AccountRep, record.RecordedBy);
        Assert.Equal(Defaults.Start, record.RecordedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void The_record_needs_a_reference(string reference)
    {
        Assert.Throws<DomainException>(() => new GovernmentCoordination(new DateOnly(2026, 5, 1), reference, Defaults.AccountRep, Defaults.Start));
    }

    [Fact]
    public void The_date_shared_cannot_be_in_the_future()
    {
        var tomorrow = DateOnly.FromDateTime(Defaults.Start.UtcDateTime).AddDays(1);

        Assert.Throws<DomainException>(() => new GovernmentCoordination(tomorrow, "GOV-1", Defaults.AccountRep, Defaults.Start));
    }

    [Fact]
    public void Provisioning_is_refused_until_government_coordination_is_recorded()
    {
        var scenario = ScheduledApiGrant(AnOrganization().WithoutGovernmentCoordination());

        var refusal = Assert.Throws<DomainException>(() => scenario.Grant.StartProvisioning(scenario.Organization));

        Assert.Contains(nameof(EnablementBlocker.GovernmentCoordinationMissing), refusal.Message, StringComparison.Ordinal);
        Assert.Equal(GrantStatus.Scheduled, scenario.Grant.Status);
    }

    [Fact]
    public void Once_government_coordination_is_recorded_the_grant_can_be_provisioned_and_enabled()
    {
        var scenario = ScheduledApiGrant(AnOrganization().WithoutGovernmentCoordination());

        scenario.RecordGovernmentCoordination();
        scenario.Grant.StartProvisioning(scenario.Organization);
        scenario.Grant.Enable(scenario.Organization, scenario.Tick());

        Assert.Equal(GrantStatus.Enabled, scenario.Grant.Status);
        Assert.Equal(scenario.Now, scenario.Grant.EnabledAt);
    }

    [Fact]
    public void Provisioning_is_refused_while_the_organization_is_suspended()
    {
        var scenario = ScheduledApiGrant(AnOrganization()).Suspend();

        var refusal = Assert.Throws<DomainException>(() => scenario.Grant.StartProvisioning(scenario.Organization));

        Assert.Contains(nameof(EnablementBlocker.OrganizationSuspended), refusal.Message, StringComparison.Ordinal);
        Assert.Equal(GrantStatus.Scheduled, scenario.Grant.Status);
    }

    [Fact]
    public void Provisioning_resumes_once_the_organization_is_reinstated()
    {
        var scenario = ScheduledApiGrant(AnOrganization()).Suspend().Reinstate();

        scenario.Grant.StartProvisioning(scenario.Organization);

        Assert.Equal(GrantStatus.Provisioning, scenario.Grant.Status);
    }

    [Fact]
    public void Provisioning_is_refused_against_another_organization()
    {
        var scenario = ScheduledApiGrant(AnOrganization());
        var other = AnOrganization().Named("Globex").UnderReview().Organization;

        Assert.Throws<DomainException>(() => scenario.Grant.StartProvisioning(other));
        Assert.Equal(GrantStatus.Scheduled, scenario.Grant.Status);
    }

    [Fact]
    public void Nothing_blocks_an_enrolled_coordinated_organization_in_good_standing()
    {
        var organization = AnOrganization().UnderReview().Organization;

        Assert.Empty(ScopeGrant.BlockersFor(organization));
    }

    [Fact]
    public void Every_missing_gate_is_listed()
    {
        var organization = AnOrganization().WithoutGovernmentCoordination().Nominated().Suspend().Organization;

        Assert.Equal(
            [EnablementBlocker.GovernmentCoordinationMissing, EnablementBlocker.TermsNotAccepted, EnablementBlocker.OrganizationSuspended],
            ScopeGrant.BlockersFor(organization));
    }

    [Fact]
    public void Terms_count_as_accepted_once_an_enrollment_is_submitted()
    {
        var enrolling = AnOrganization().Enrolling();
        Assert.Equal([EnablementBlocker.TermsNotAccepted], ScopeGrant.BlockersFor(enrolling.Organization));

        enrolling.SubmitEnrollment();

        Assert.Empty(ScopeGrant.BlockersFor(enrolling.Organization));
        Assert.True(enrolling.Organization.Enrollment!.TermsAcceptedAt > Defaults.Start);
    }

    [Fact]
    public void The_blocker_spellings_are_the_contract()
    {
        Assert.Equal(["GovernmentCoordinationMissing", "TermsNotAccepted", "OrganizationSuspended"], Enum.GetNames<EnablementBlocker>());
    }
}
