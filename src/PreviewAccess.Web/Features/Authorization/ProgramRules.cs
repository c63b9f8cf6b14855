namespace PreviewAccess.Web.Features.Authorization;

/// <summary>Every change people make to the program, named once. Each use case asks <see cref="ProgramRules"/> before it changes anything.</summary>
public enum ProgramAction
{
    NominateOrganization,
    EditOrganization,
    HandOverOrganization,
    RecordGovernmentCoordination,
    SuspendOrganization,
    ReinstateOrganization,
    SendInvitation,
    ResendInvitation,
    RevokeInvitation,
    SubmitEnrollment,
    RecordDecision,

    /// <summary>Ask to add to a reviewed organization's scope: its partners, or its representative and admins on its behalf.</summary>
    RequestAmendment,

    /// <summary>Decide one surface of an amendment, as the enrollment's surfaces are decided.</summary>
    DecideAmendment,
    ConfirmSecondApproval,
    SuspendGrant,
    ReinstateGrant,
    RevokeGrant,
    RecertifyGrant,
    PlanWave,
    PlaceGrantsInWave,
    SteerWave,

    /// <summary>The enablement worker returns an organization whose invitations all ran out to Nominated.</summary>
    LapseInvitations,

    /// <summary>The organization's owner mails a colleague a link to join the organization's partner accounts.</summary>
    InviteColleague,

    /// <summary>The owner takes back a colleague's invitation that was not used yet.</summary>
    RevokeColleagueInvitation,

    /// <summary>The owner removes a colleague: their account stops working at once.</summary>
    RemoveColleague,

    /// <summary>The desk works a support case: assigns it, sets its status, answers the partner, adds internal notes.</summary>
    WorkSupportCase,

    /// <summary>A partner opens a support case for their own organization.</summary>
    OpenPartnerSupportCase,

    /// <summary>A partner replies on one of their own organization's support cases.</summary>
    ReplyToSupportCase,

    /// <summary>
    /// Edit the program's settings: the models and their prices, the cache multipliers, the unsupported countries, the
    /// phase and second approval (DOMAIN.md: program settings are the admin's).
    /// </summary>
    ChangeProgramSettings,

    /// <summary>Register a webhook endpoint, change or disable it, send it a test event: an admin's, like the rest of the Admin menu.</summary>
    ManageWebhooks,

    /// <summary>Delete a webhook endpoint with its deliveries: nothing more is sent to it.</summary>
    DeleteWebhook,

    /// <summary>Send a delivered or failed webhook delivery's event to its endpoint again.</summary>
    ResendWebhookDelivery,
}

/// <summary>Who, besides the system itself, may take an action.</summary>
public enum Reach
{
    /// <summary>Admins only (DOMAIN.md: the government register, program settings, staff).</summary>
    Admins,

    /// <summary>Admins and every account representative: program-wide work such as planning waves.</summary>
    ProgramStaff,

    /// <summary>Admins, and the account representative whose portfolio holds the organization.</summary>
    Portfolio,

    /// <summary>As <see cref="Portfolio"/>, and the organization's own partners.</summary>
    PortfolioOrPartner,

    /// <summary>Background work alone: no person asks for it.</summary>
    SystemOnly,

    /// <summary>
    /// The organization's owner alone (the partner who accepted its invitation): their team is theirs to manage, not
    /// the staff's, and not the other members'.
    /// </summary>
    OrganizationOwner,

    /// <summary>Support staff and admins: the support desk (DOMAIN.md: Support handles cases).</summary>
    SupportDesk,

    /// <summary>
    /// The organization's own partners alone. Staff answer a case as the desk; they never write as the partner.
    /// </summary>
    OrganizationPartners,
}

/// <summary>Who is asking: the signed-in person or the API key's owner, or the system (background work, the command line).</summary>
public sealed record Actor(Guid? UserId, IReadOnlySet<string> Roles, Guid? PartnerOrganizationId)
{
    /// <summary>No person: a background worker or the command line, which the operator runs.</summary>
    public static Actor System { get; } = new(null, new HashSet<string>(StringComparer.Ordinal), null) { IsSystem = true };

    public bool IsSystem { get; private init; }

    public bool IsAdmin => Roles.Contains(Data.Identity.Roles.Admin);

    public bool IsAccountRep => Roles.Contains(Data.Identity.Roles.AccountRep);
}

/// <summary>The organization an action touches: whose portfolio it is in, and (for its team) which partner owns it.</summary>
public readonly record struct PortfolioOf(Guid OrganizationId, Guid AccountRepId, Guid? OwnerUserId = null);

/// <summary>
/// DOMAIN.md's Roles as one table: Admin owns the government register and the program's settings; an account representative acts on their own
/// portfolio (deciding, suspending, inviting, handing over, placing grants in waves); admins act on all; Support works
/// the support cases with the admins; partners change nothing here but their own organization's enrollment, amendment
/// requests and support cases, and the organization's owner its team (DOMAIN.md's partner members: nobody else, staff included, invites or removes a colleague). The pages
/// and the JSON API reach the program through
/// the same use cases, and each use case asks here, so the two cannot disagree.
/// </summary>
public static class ProgramRules
{
    public static Reach ReachOf(ProgramAction action) => action switch
    {
        ProgramAction.RecordGovernmentCoordination or ProgramAction.ChangeProgramSettings
            or ProgramAction.ManageWebhooks or ProgramAction.DeleteWebhook or ProgramAction.ResendWebhookDelivery => Reach.Admins,
        ProgramAction.PlanWave or ProgramAction.SteerWave => Reach.ProgramStaff,
        ProgramAction.SubmitEnrollment or ProgramAction.RequestAmendment => Reach.PortfolioOrPartner,
        ProgramAction.LapseInvitations => Reach.SystemOnly,
        ProgramAction.InviteColleague or ProgramAction.RevokeColleagueInvitation or ProgramAction.RemoveColleague => Reach.OrganizationOwner,
        ProgramAction.WorkSupportCase => Reach.SupportDesk,
        ProgramAction.OpenPartnerSupportCase or ProgramAction.ReplyToSupportCase => Reach.OrganizationPartners,
        _ => Reach.Portfolio,
    };

    /// <param name="organization">The organization the action touches; for a nomination, the portfolio it would join. Null for program-wide actions.</param>
    /// <returns>Null when the actor may; otherwise the sentence that says why not.</returns>
    public static string? Refusal(Actor actor, ProgramAction action, PortfolioOf? organization)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.IsSystem) return null;
        var reach = ReachOf(action);
        if (reach == Reach.SystemOnly) return "Only the portal itself does this.";
        if (reach == Reach.OrganizationOwner) return OwnerOf(actor, organization);
        if (reach == Reach.OrganizationPartners) return PartnerOf(actor, organization);
        if (actor.IsAdmin) return null;
        return reach switch
        {
            Reach.Admins => "Only an admin can do this.",
            Reach.ProgramStaff => actor.IsAccountRep ? null : "Only admins and account representatives can do this.",
            Reach.SupportDesk => actor.Roles.Contains(Data.Identity.Roles.Support) ? null : "Only support staff and admins work on support cases.",
            Reach.PortfolioOrPartner when actor.PartnerOrganizationId is { } own =>
                organization is { } target && target.OrganizationId == own ? null : "You can act only for your own organization.",
            _ => InPortfolio(actor, organization),
        };
    }

    private static string? OwnerOf(Actor actor, PortfolioOf? organization)
    {
        if (organization is not { } target) throw new InvalidOperationException("A team action names its organization.");
        if (actor.PartnerOrganizationId != target.OrganizationId) return "Only the organization's owner can change its team.";
        return target.OwnerUserId is { } owner && owner == actor.UserId ? null : "Only your organization's owner can invite or remove colleagues.";
    }

    private static string? PartnerOf(Actor actor, PortfolioOf? organization)
    {
        if (organization is not { } target) throw new InvalidOperationException("A partner's action names its organization.");
        return actor.PartnerOrganizationId is { } own && own == target.OrganizationId ? null : "Only the organization's own partners can do this.";
    }

    private static string? InPortfolio(Actor actor, PortfolioOf? organization)
    {
        if (!actor.IsAccountRep) return "Only admins and the organization's account representative can do this.";
        if (organization is not { } target) throw new InvalidOperationException("A portfolio action names its organization.");
        return target.AccountRepId == actor.UserId ? null : "This organization is in another account representative's portfolio: only they or an admin can change it.";
    }
}
