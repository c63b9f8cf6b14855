using PreviewAccess.Domain.Amendments;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Status;

/// <summary>
/// What is in progress for a surface (or one identifier of it), and why access is limited, in the partner's words
/// (issue 16, item 5). The status page and the "why can't I access?" page both say these sentences, so the two never
/// disagree: a surface under review, a request to change access that names it, government coordination not yet
/// recorded, a phased rollout. None of them says access is active.
/// </summary>
public static class InProgress
{
    public const string GovernmentCoordination =
        "Before access can be enabled, the program records that your organization's participation was shared with the government. "
        + "That step is not recorded yet; your account representative takes care of it, and there is nothing for you to do.";

    /// <param name="identifier">Narrows the sentences to one API organization ID or Codex workspace ID; null for the whole surface.</param>
    public static IReadOnlyList<string> For(PartnerSnapshot snapshot, Surface surface, string? identifier = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var sentences = new List<string>();
        var organization = snapshot.Organization;
        var named = PartnerStatus.Named(surface);

        if (organization.Status == OrganizationStatus.UnderReview && organization.Enrollment is { } enrollment && enrollment.Surfaces.Contains(surface)
            && organization.UndecidedSurfaces().Contains(surface) && (identifier is null || enrollment.Names(surface, identifier)))
        {
            sentences.Add($"Your enrollment's request for {named} is under review. Nothing is enabled for it until it is decided.");
        }
        else if (organization.OpenNeedsInfo is { } question && question.Surface == surface)
        {
            sentences.Add($"Your account representative asked a question about {named}. It is decided once you answer on your status page.");
        }

        foreach (var amendment in snapshot.PendingAmendments.Where(a => a.Surfaces.Contains(surface) && Names(a, surface, identifier, snapshot.Grants)))
        {
            sentences.Add(amendment.Status == AmendmentStatus.NeedsInfo
                ? $"Your request of {Vocabulary.Day(amendment.RequestedAt)} to change your {SurfaceWord(surface)} access waits for your answer to your account representative's question. Until it is decided, your current access stays as it is and nothing new is enabled."
                : $"Your request of {Vocabulary.Day(amendment.RequestedAt)} to change your {SurfaceWord(surface)} access is under review. Until it is decided, your current access stays as it is and nothing new is enabled.");
        }

        var waiting = snapshot.Grants.Where(g => g.Surface == surface && (identifier is null || g.Identifier == identifier)
            && g.Status is GrantStatus.Approved or GrantStatus.Scheduled or GrantStatus.Provisioning).ToList();
        if (waiting.Count > 0 && !organization.IsSuspended)
        {
            if (organization.GovernmentCoordination is null) sentences.Add(GovernmentCoordination);
            else sentences.Add($"Access is enabled in phases: {named} is approved{(identifier is null ? string.Empty : " for this " + surface.IdentifierName())} and waits for its rollout wave. You will receive an email when it is enabled.");
        }

        return sentences;
    }

    private static string SurfaceWord(Surface surface) => surface == Surface.Api ? "API" : surface.DisplayName();

    /// <summary>Whether the amendment concerns the identifier: it names it, renews its grant, or widens the surface it is on.</summary>
    private static bool Names(Amendment amendment, Surface surface, string? identifier, IReadOnlyList<ScopeGrant> grants) =>
        identifier is null
        || amendment.IdentifiersFor(surface).Contains(identifier, StringComparer.Ordinal)
        || grants.Any(g => g.Identifier == identifier && amendment.RenewGrantIds.Contains(g.Id))
        || (amendment.AccountEmails.Count > 0 || amendment.Models.Count > 0) && grants.Any(g => g.Surface == surface && g.Identifier == identifier && g.IsLive);
}
