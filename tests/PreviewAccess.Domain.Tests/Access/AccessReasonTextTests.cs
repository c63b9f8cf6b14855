using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Tests.TestData;

namespace PreviewAccess.Domain.Tests.Access;

/// <summary>The words a person reads next to each reason: DOMAIN.md's table, as sentences.</summary>
public sealed class AccessReasonTextTests
{
    /// <summary>DOMAIN.md's "next step" column, verbatim.</summary>
    public static TheoryData<AccessReason, string> NextStepsFromDomainMd => new()
    {
        { AccessReason.SurfaceNotInPreview, "the preview covers the API and Codex only, not ChatGPT" },
        { AccessReason.UnknownIdentifier, "check that you use the approved API organization or Codex workspace" },
        { AccessReason.NotApprovedForSurface, "access covers the API, Codex or both: confirm which your approval includes" },
        { AccessReason.IdentifierNotInScope, "access may be enabled for a different API organization or Codex workspace" },
        { AccessReason.Suspended, "contact your account representative" },
        { AccessReason.EmailNotApproved, "sign in with the approved account email" },
        { AccessReason.ModelNotIncluded, "contact your account representative" },
        { AccessReason.NotYetEnabled, "access is enabled on a rolling basis; completing enrollment does not activate it" },
        { AccessReason.UnsupportedRegion, "disconnect any VPN or proxy and try again" },
        { AccessReason.Allowed, "—" },
    };

    [Theory]
    [MemberData(nameof(NextStepsFromDomainMd))]
    public void The_next_step_is_the_one_in_DOMAIN_md(AccessReason reason, string domainText)
    {
        Assert.Equal(AsSentence(domainText), reason.NextStep());
    }

    [Fact]
    public void Every_reason_code_has_a_next_step_in_the_table()
    {
        Assert.Equal(Enum.GetValues<AccessReason>().Length, NextStepsFromDomainMd.Count);
    }

    [Fact]
    public void Every_reason_code_has_its_own_plain_language_message()
    {
        var messages = Enum.GetValues<AccessReason>().Select(r => r.Message()).ToList();

        Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace(m)));
        Assert.Equal(messages.Count, messages.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_ChatGPT_message_says_the_model_is_not_in_ChatGPT_during_the_preview()
    {
        Assert.Contains("not available in ChatGPT during the preview", AccessReason.SurfaceNotInPreview.Message(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DecisionScenarios.All), MemberType = typeof(DecisionScenarios))]
    public void A_decision_carries_the_message_and_next_step_of_its_reason(string situation)
    {
        var (scenario, request, expected) = DecisionScenarios.Build(situation);

        var decision = scenario.Decide(request);

        Assert.Equal(expected.Message(), decision.Message);
        Assert.Equal(expected.NextStep(), decision.NextStep);
    }

    [Fact]
    public void The_reason_code_spellings_are_the_contract()
    {
        string[] contract =
        [
            "SurfaceNotInPreview", "UnknownIdentifier", "NotApprovedForSurface", "IdentifierNotInScope", "Suspended",
            "EmailNotApproved", "ModelNotIncluded", "NotYetEnabled", "UnsupportedRegion", "Allowed",
        ];

        Assert.Equal(contract.Order(StringComparer.Ordinal), Enum.GetNames<AccessReason>().Order(StringComparer.Ordinal));
    }

    private static string AsSentence(string domainText) =>
        domainText == "—" ? domainText : char.ToUpperInvariant(domainText[0]) + domainText[1..] + ".";
}
