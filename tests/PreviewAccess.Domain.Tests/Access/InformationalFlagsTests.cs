using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Tests.TestData;
using static PreviewAccess.Domain.Tests.TestData.Builders;

namespace PreviewAccess.Domain.Tests.Access;

/// <summary>
/// Trusted Access for Cyber and an earlier alpha are recorded and shown, and never grant anything:
/// no decision, and no step of the lifecycle, depends on them.
/// </summary>
public sealed class InformationalFlagsTests
{
    private static readonly (bool TrustedAccessForCyber, bool PreviousAlpha)[] FlagCombinations =
        [(false, false), (true, false), (false, true), (true, true)];

    [Theory]
    [MemberData(nameof(DecisionScenarios.All), MemberType = typeof(DecisionScenarios))]
    public void Setting_the_flags_on_an_organization_changes_no_decision(string situation)
    {
        var (scenario, request, expected) = DecisionScenarios.Build(situation);

        var decisions = FlagCombinations.Select(flags =>
        {
            scenario.Organization.SetInformationalFlags(flags.TrustedAccessForCyber, flags.PreviousAlpha);
            Assert.Equal(flags.TrustedAccessForCyber, scenario.Organization.TrustedAccessForCyber);
            Assert.Equal(flags.PreviousAlpha, scenario.Organization.PreviousAlphaParticipant);
            var facts = OrganizationFacts.From(scenario.Organization, scenario.Grants);
            return AccessPolicy.Decide(request, new InMemoryAccessDirectory([facts]), Defaults.UnsupportedCountries, scenario.Now);
        }).ToList();

        Assert.All(decisions, d => Assert.Equal(new AccessDecision(expected, decisions[0].OrganizationId), d));
    }

    [Theory]
    [MemberData(nameof(DecisionScenarios.All), MemberType = typeof(DecisionScenarios))]
    public void An_organization_nominated_with_the_flags_goes_through_the_same_lifecycle_to_the_same_decision(string situation)
    {
        var decisions = FlagCombinations
            .Select(flags => DecisionScenarios.Build(situation, AnOrganization().WithFlags(flags.TrustedAccessForCyber, flags.PreviousAlpha)))
            .Select(c => (c.Expected, c.Scenario.Decide(c.Request).Reason))
            .ToList();

        Assert.All(decisions, d => Assert.Equal(d.Expected, d.Reason));
    }

    [Fact]
    public void The_facts_the_decision_reads_have_no_place_for_the_flags()
    {
        var properties = typeof(OrganizationFacts).GetProperties().Select(p => p.Name).ToList();

        Assert.DoesNotContain(properties, p => p.Contains("Cyber", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(properties, p => p.Contains("Alpha", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Both_flags_do_not_let_an_organization_skip_the_invitation()
    {
        var scenario = AnOrganization().WithFlags(true, true).Nominated();

        Assert.Throws<DomainException>(() => scenario.SubmitEnrollment());
        Assert.Equal(AccessReason.UnknownIdentifier, scenario.Decide(Ask.Api()).Reason);
    }

    [Fact]
    public void Both_flags_do_not_make_a_submitted_enrollment_active()
    {
        var scenario = AnOrganization().WithFlags(true, true).UnderReview();

        Assert.Empty(scenario.Grants);
        Assert.Equal(AccessReason.NotApprovedForSurface, scenario.Decide(Ask.Api()).Reason);
    }

    [Fact]
    public void Both_flags_do_not_open_the_government_coordination_gate()
    {
        var scenario = AnOrganization().WithFlags(true, true).WithoutGovernmentCoordination().UnderReview()
            .Approve(Surface.Api).GrantsIn(GrantStatus.Scheduled);

        Assert.Throws<DomainException>(() => scenario.Grant.StartProvisioning(scenario.Organization));
        Assert.Equal([EnablementBlocker.GovernmentCoordinationMissing], ScopeGrant.BlockersFor(scenario.Organization));
    }

    [Fact]
    public void Both_flags_do_not_let_an_organization_in_an_unsupported_country_be_approved()
    {
        var scenario = AnOrganization().WithFlags(true, true).In("IR").UnderReview();

        Assert.Throws<DomainException>(() => scenario.Approve(Surface.Api));
    }

    [Fact]
    public void The_flags_are_recorded_as_given_at_nomination()
    {
        var organization = AnOrganization().WithFlags(trustedAccessForCyber: true, previousAlphaParticipant: false).Nominated().Organization;

        Assert.True(organization.TrustedAccessForCyber);
        Assert.False(organization.PreviousAlphaParticipant);
    }
}
