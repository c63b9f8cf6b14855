using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using static PreviewAccess.Domain.Tests.TestData.Builders;

namespace PreviewAccess.Domain.Tests.TestData;

/// <summary>A built organization, a question about it, and the answer DOMAIN.md gives.</summary>
public sealed record DecisionCase(Scenario Scenario, AccessRequest Request, AccessReason Expected);

/// <summary>
/// One named situation per reason code (several for the reasons with several causes). Each call builds a
/// fresh organization from the builder it is given, so a test can set the informational flags first.
/// </summary>
public static class DecisionScenarios
{
    private static readonly IReadOnlyDictionary<string, Func<OrganizationBuilder, DecisionCase>> Cases =
        new Dictionary<string, Func<OrganizationBuilder, DecisionCase>>(StringComparer.Ordinal)
        {
            ["ChatGPT for an enabled API organization"] = b =>
                new(EnabledApi(b), Ask.ChatGpt(), AccessReason.SurfaceNotInPreview),
            ["Identifier and email known to no organization"] = b =>
                new(EnabledApi(b), Ask.Api(Defaults.StrangerApiOrg, Defaults.StrangerEmail), AccessReason.UnknownIdentifier),
            ["Codex asked for, only the API approved"] = b =>
                new(EnabledApi(b), Ask.Codex(), AccessReason.NotApprovedForSurface),
            ["Codex asked for, Codex declined"] = b =>
                new(b.UnderReview().Decline(Surface.Codex).Approve(Surface.Api).GrantsIn(GrantStatus.Enabled), Ask.Codex(),
                    AccessReason.NotApprovedForSurface),
            ["Enrolled and submitted, nothing decided yet"] = b =>
                new(b.UnderReview(), Ask.Api(), AccessReason.NotApprovedForSurface),
            ["Another API organization of the same enrollment"] = b =>
                new(EnabledApi(b), Ask.Api(Defaults.OtherApiOrg), AccessReason.IdentifierNotInScope),
            ["Unknown identifier, found by its approved email"] = b =>
                new(EnabledApi(b), Ask.Api(Defaults.StrangerApiOrg), AccessReason.IdentifierNotInScope),
            ["Organization suspended"] = b =>
                new(EnabledApi(b).Suspend(), Ask.Api(), AccessReason.Suspended),
            ["Grant suspended"] = b =>
                new(ApiGrantIn(b, GrantStatus.Suspended), Ask.Api(), AccessReason.Suspended),
            ["Grant revoked"] = b =>
                new(ApiGrantIn(b, GrantStatus.Revoked), Ask.Api(), AccessReason.Suspended),
            ["Grant expired"] = b =>
                new(ApiGrantIn(b, GrantStatus.Expired), Ask.Api(), AccessReason.Suspended),
            ["Email of the enrollment, not approved on the grant"] = b =>
                new(EnabledApi(b), Ask.Api(email: Defaults.OtherEmail), AccessReason.EmailNotApproved),
            ["Model outside the grant"] = b =>
                new(b.UnderReview().Approve(Surface.Api, a => a.Models(Defaults.Sol)).GrantsIn(GrantStatus.Enabled),
                    Ask.Api(model: Defaults.Luna), AccessReason.ModelNotIncluded),
            ["Grant pending second approval"] = b =>
                new(ApiGrantIn(b, GrantStatus.PendingSecondApproval), Ask.Api(), AccessReason.NotYetEnabled),
            ["Grant approved"] = b =>
                new(ApiGrantIn(b, GrantStatus.Approved), Ask.Api(), AccessReason.NotYetEnabled),
            ["Grant scheduled in a wave"] = b =>
                new(ApiGrantIn(b, GrantStatus.Scheduled), Ask.Api(), AccessReason.NotYetEnabled),
            ["Grant provisioning"] = b =>
                new(ApiGrantIn(b, GrantStatus.Provisioning), Ask.Api(), AccessReason.NotYetEnabled),
            ["Request from an unsupported country"] = b =>
                new(EnabledApi(b), Ask.Api(country: "RU"), AccessReason.UnsupportedRegion),
            ["Enabled API grant, supported country"] = b =>
                new(EnabledApi(b), Ask.Api(country: "US"), AccessReason.Allowed),
            ["Enabled Codex grant, no country"] = b =>
                new(b.UnderReview().Approve(Surface.Codex).GrantsIn(GrantStatus.Enabled), Ask.Codex(), AccessReason.Allowed),
        };

    public static IEnumerable<string> Names => Cases.Keys;

    public static TheoryData<string> All => new(Cases.Keys);

    public static DecisionCase Build(string name, OrganizationBuilder? builder = null) => Cases[name](builder ?? AnOrganization());

    private static Scenario EnabledApi(OrganizationBuilder builder) => ApiGrantIn(builder, GrantStatus.Enabled);

    private static Scenario ApiGrantIn(OrganizationBuilder builder, GrantStatus status) =>
        builder.UnderReview().Approve(Surface.Api, a => a.RequiringSecondApproval()).GrantsIn(status);
}
