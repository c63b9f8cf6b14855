using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Audit;

namespace PreviewAccess.Web.Features.Authorization;

/// <summary>
/// <see cref="ProgramRules"/> asked for the current actor. The use cases refuse with it (a 403 on the API, the
/// access-denied page on pages); the pages ask it only to leave out the buttons a person could not use.
/// </summary>
public sealed class ProgramPermissions(ICurrentActor actor)
{
    public string? Refusal(ProgramAction action, PortfolioOf? organization = null) => ProgramRules.Refusal(actor.Actor, action, organization);

    public string? Refusal(ProgramAction action, Organization organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return Refusal(action, new PortfolioOf(organization.Id, organization.AccountRepId));
    }

    public bool Allows(ProgramAction action, Guid organizationId, Guid accountRepId) =>
        Refusal(action, new PortfolioOf(organizationId, accountRepId)) is null;

    public bool Allows(ProgramAction action) => Refusal(action) is null;
}
