using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Tests.TestData;
using static PreviewAccess.Domain.Tests.TestData.Builders;

namespace PreviewAccess.Domain.Tests.Access;

/// <summary>The four ways rule 5 (<see cref="AccessReason.Suspended"/>) can hold.</summary>
public enum SuspensionCause
{
    OrganizationSuspended,
    GrantSuspended,
    GrantRevoked,
    GrantExpired,
}

/// <summary>
/// The order of DOMAIN.md's checks is the rule: for each adjacent pair, a case where both conditions
/// hold gets the earlier reason. The last theory stacks every condition from rule N onward.
/// </summary>
public sealed class DecisionOrderTests
{
    public static TheoryData<SuspensionCause> SuspensionCauses => new(Enum.GetValues<SuspensionCause>());

    public static TheoryData<GrantStatus> NotYetEnabledStatuses => new(
        GrantStatus.PendingSecondApproval, GrantStatus.Approved, GrantStatus.Scheduled, GrantStatus.Provisioning);

    /// <summary>An API grant for <see cref="Defaults.ApiOrg"/>, Sol only, <see cref="Defaults.Email"/> only, in <paramref name="status"/>.</summary>
    private static Scenario ApiGrantIn(GrantStatus status) =>
        AnOrganization().UnderReview()
            .Approve(Surface.Api, a => a.Models(Defaults.Sol).RequiringSecondApproval())
            .GrantsIn(status);

    private static Scenario SuspendedBy(SuspensionCause cause) => cause switch
    {
        SuspensionCause.OrganizationSuspended => ApiGrantIn(GrantStatus.Enabled).Suspend(),
        SuspensionCause.GrantSuspended => ApiGrantIn(GrantStatus.Suspended),
        SuspensionCause.GrantRevoked => ApiGrantIn(GrantStatus.Revoked),
        SuspensionCause.GrantExpired => ApiGrantIn(GrantStatus.Expired),
        _ => throw new ArgumentOutOfRangeException(nameof(cause)),
    };

    [Fact]
    public void Rule_1_before_2_ChatGPT_with_an_unknown_identifier_and_email_is_not_in_preview()
    {
        var decision = ApiGrantIn(GrantStatus.Enabled).Decide(Ask.ChatGpt(Defaults.StrangerApiOrg, Defaults.StrangerEmail));

        Assert.Equal(AccessReason.SurfaceNotInPreview, decision.Reason);
    }

    [Fact]
    public void Rule_2_before_3_an_unknown_identifier_and_email_on_a_surface_nobody_is_approved_for_are_unknown()
    {
        // The only organization in the directory has no Codex grant; the request names none of its identifiers or emails.
        var decision = ApiGrantIn(GrantStatus.Enabled).Decide(Ask.Codex(Defaults.StrangerWorkspace, Defaults.StrangerEmail));

        Assert.Equal(AccessReason.UnknownIdentifier, decision.Reason);
    }

    [Fact]
    public void Rule_3_before_4_an_identifier_in_no_grant_on_a_surface_without_grants_is_not_approved_for_the_surface()
    {
        // Found by its approved email; no Codex grant at all, and the workspace is in no grant either.
        var decision = ApiGrantIn(GrantStatus.Enabled).Decide(Ask.Codex(Defaults.StrangerWorkspace, Defaults.Email));

        Assert.Equal(AccessReason.NotApprovedForSurface, decision.Reason);
    }

    [Theory]
    [MemberData(nameof(SuspensionCauses))]
    public void Rule_4_before_5_an_identifier_out_of_scope_of_a_suspended_organization_is_out_of_scope(SuspensionCause cause)
    {
        var decision = SuspendedBy(cause).Decide(Ask.Api(Defaults.OtherApiOrg));

        Assert.Equal(AccessReason.IdentifierNotInScope, decision.Reason);
    }

    [Theory]
    [MemberData(nameof(SuspensionCauses))]
    public void Rule_5_before_6_a_suspended_grant_asked_for_with_an_unapproved_email_is_suspended(SuspensionCause cause)
    {
        var decision = SuspendedBy(cause).Decide(Ask.Api(email: Defaults.OtherEmail));

        Assert.Equal(AccessReason.Suspended, decision.Reason);
    }

    [Fact]
    public void Rule_6_before_7_an_unapproved_email_asking_for_an_excluded_model_is_not_approved()
    {
        var decision = ApiGrantIn(GrantStatus.Enabled).Decide(Ask.Api(email: Defaults.OtherEmail, model: Defaults.Luna));

        Assert.Equal(AccessReason.EmailNotApproved, decision.Reason);
    }

    [Theory]
    [MemberData(nameof(NotYetEnabledStatuses))]
    public void Rule_7_before_8_an_excluded_model_on_a_grant_not_yet_enabled_is_not_included(GrantStatus status)
    {
        var decision = ApiGrantIn(status).Decide(Ask.Api(model: Defaults.Luna));

        Assert.Equal(AccessReason.ModelNotIncluded, decision.Reason);
    }

    [Theory]
    [MemberData(nameof(NotYetEnabledStatuses))]
    public void Rule_8_before_9_a_grant_not_yet_enabled_asked_for_from_an_unsupported_country_is_not_yet_enabled(GrantStatus status)
    {
        var decision = ApiGrantIn(status).Decide(Ask.Api(country: "RU"));

        Assert.Equal(AccessReason.NotYetEnabled, decision.Reason);
    }

    [Fact]
    public void Rule_9_before_10_an_enabled_grant_asked_for_from_an_unsupported_country_is_refused_for_its_region()
    {
        var scenario = ApiGrantIn(GrantStatus.Enabled);

        Assert.Equal(AccessReason.UnsupportedRegion, scenario.Decide(Ask.Api(country: "KP")).Reason);
        Assert.Equal(AccessReason.Allowed, scenario.Decide(Ask.Api(country: "GB")).Reason);
    }

    [Theory]
    [InlineData(1, AccessReason.SurfaceNotInPreview)]
    [InlineData(2, AccessReason.UnknownIdentifier)]
    [InlineData(3, AccessReason.NotApprovedForSurface)]
    [InlineData(4, AccessReason.IdentifierNotInScope)]
    [InlineData(5, AccessReason.Suspended)]
    [InlineData(6, AccessReason.EmailNotApproved)]
    [InlineData(7, AccessReason.ModelNotIncluded)]
    [InlineData(8, AccessReason.NotYetEnabled)]
    [InlineData(9, AccessReason.UnsupportedRegion)]
    [InlineData(10, AccessReason.Allowed)]
    public void When_every_condition_from_rule_N_onward_holds_rule_N_decides(int rule, AccessReason expected)
    {
        var scenario = ApiGrantIn(rule <= 8 ? GrantStatus.Provisioning : GrantStatus.Enabled);
        if (rule <= 5) scenario.Suspend();

        var request = new AccessRequest(
            Surface: rule <= 1 ? Surface.ChatGPT : rule <= 3 ? Surface.Codex : Surface.Api,
            Identifier: rule <= 2 ? Defaults.StrangerWorkspace : rule <= 3 ? Defaults.OtherWorkspace : rule <= 4 ? Defaults.OtherApiOrg : Defaults.ApiOrg,
            Email: rule <= 2 ? Defaults.StrangerEmail : rule <= 6 ? Defaults.OtherEmail : Defaults.Email,
            ModelId: rule <= 7 ? Defaults.Luna : Defaults.Sol,
            Country: rule <= 9 ? "RU" : null);

        Assert.Equal(expected, scenario.Decide(request).Reason);
    }
}
