using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Review;

/// <summary>
/// A reviewer's decision on one surface, the same for an enrollment (<see cref="RecordDecision"/>, where <see cref="Id"/>
/// is the organization's) and for an amendment (<see cref="Amendments.DecideAmendment"/>, where it is the amendment's).
/// <see cref="ExpectedVersion"/> is the version of that same organization or amendment the reviewer saw, when they saw one.
/// The identifiers, models, account emails and expiry are read for an approval only; <see cref="PartnerMessage"/> for a decline.
/// </summary>
public sealed record SurfaceDecisionInput(
    Guid Id,
    Surface Surface,
    DecisionOutcome Decision,
    IReadOnlyList<string> Identifiers,
    IReadOnlyList<string> Models,
    IReadOnlyList<string> AccountEmails,
    string Justification,
    DateOnly? ExpiresOn,
    int? ExpectedVersion = null,
    string? PartnerMessage = null);

/// <summary>
/// The body of a decision in API.md, for an enrollment (<c>POST /organizations/{id}/decisions</c>) and an amendment
/// (<c>POST /amendments/{id}/decisions</c>) alike. <c>expiresOn</c> is optional in API.md; its default keeps it out of the
/// schema's <c>required</c>. So is <c>partnerMessage</c>, this portal's addition: what a declined partner is told instead
/// of the justification (an amendment's decline requires it, which the domain says on that field).
/// </summary>
public sealed record SurfaceDecisionRequest(
    Surface? Surface,
    DecisionOutcome? Decision,
    IReadOnlyList<string>? Identifiers,
    IReadOnlyList<string>? Models,
    IReadOnlyList<string>? AccountEmails,
    string? Justification,
    DateOnly? ExpiresOn = null,
    string? PartnerMessage = null)
{
    /// <summary>
    /// The decision on <paramref name="id"/> this body asks for, or a 400 on <c>surface</c> and <c>decision</c> when it
    /// leaves them out; a list left out counts as empty and a missing justification as empty, for the domain to refuse.
    /// </summary>
    public Outcome<SurfaceDecisionInput> Read(Guid id)
    {
        if (Surface is { } surface && Decision is { } decision)
        {
            return Outcome<SurfaceDecisionInput>.Success(new SurfaceDecisionInput(id, surface, decision, Identifiers ?? [], Models ?? [],
                AccountEmails ?? [], Justification ?? string.Empty, ExpiresOn, PartnerMessage: PartnerMessage));
        }

        var missing = new Dictionary<string, string[]>();
        if (Surface is null) missing["surface"] = ["Choose the surface: Api or Codex."];
        if (Decision is null) missing["decision"] = ["Choose the decision: Approve, Decline or NeedsInfo."];
        return Outcome<SurfaceDecisionInput>.Invalid(missing);
    }
}
