using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Amendments;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Amendments;

public sealed record AmendmentChoice(string Value, string Label);

/// <summary>What the request form offers to choose from.</summary>
public sealed record AmendmentChoices(IReadOnlyList<AmendmentChoice> Models, IReadOnlyList<AmendmentChoice> RenewableGrants);

/// <summary>The request form with its choices, for the shared partial that draws its fields.</summary>
public sealed record AmendmentFormView(AmendmentForm Form, AmendmentChoices Choices, bool ForStaff);

/// <summary>One surface of a request, as its partner reads it: the decision in their words, never the internal justification.</summary>
public sealed record PartnerSurfaceOutcome(Surface Surface, string State, StatusTone Tone, string? Message);

/// <summary>A request to change access as the partner who asked (or their colleagues) sees it.</summary>
public sealed record PartnerAmendmentView(
    Guid Id,
    AmendmentStatus Status,
    string StatusInWords,
    StatusTone Tone,
    DateTimeOffset RequestedAt,
    bool RequestedByStaff,
    IReadOnlyList<Surface> Surfaces,
    IReadOnlyList<string> ApiOrganizationIds,
    IReadOnlyList<string> CodexWorkspaceIds,
    IReadOnlyList<string> AccountEmails,
    IReadOnlyList<string> Models,
    IReadOnlyList<string> Renewals,
    string? Note,
    IReadOnlyList<PartnerSurfaceOutcome> Outcomes)
{
    public bool WaitsForAnswer => Status == AmendmentStatus.NeedsInfo;
}

/// <summary>
/// A partner's requests to change access. Always read for the signed-in partner's organization: another
/// organization's request is simply not found.
/// </summary>
public sealed class PartnerAmendments(PortalDbContext db)
{
    public async Task<IReadOnlyList<PartnerAmendmentView>> ListAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var amendments = await db.Amendments.AsNoTracking().Where(a => a.OrganizationId == organizationId)
            .OrderByDescending(a => a.RequestedAt).Take(100).ToListAsync(cancellationToken);
        var renewed = await RenewedIdentifiersAsync(organizationId, cancellationToken);
        return [.. amendments.Select(a => Describe(a, renewed))];
    }

    public async Task<PartnerAmendmentView?> GetAsync(Guid organizationId, Guid amendmentId, CancellationToken cancellationToken)
    {
        var amendment = await db.Amendments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == amendmentId && a.OrganizationId == organizationId, cancellationToken);
        return amendment is null ? null : Describe(amendment, await RenewedIdentifiersAsync(organizationId, cancellationToken));
    }

    /// <summary>What the request form offers: the catalog's models, and the organization's ended grants that can be renewed.</summary>
    public async Task<AmendmentChoices> ChoicesAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var models = (await db.Models.AsNoTracking().Select(m => new { m.ModelId, m.Name, m.InputPerMillion }).ToListAsync(cancellationToken))
            .OrderByDescending(m => m.InputPerMillion).Select(m => new AmendmentChoice(m.ModelId, m.Name)).ToList();
        var grants = await db.Grants.AsNoTracking().Where(g => g.OrganizationId == organizationId).ToListAsync(cancellationToken);
        var renewable = grants.Where(g => !g.IsLive && !grants.Any(o => o.IsLive && o.Surface == g.Surface && o.Identifier == g.Identifier))
            .OrderBy(g => g.Surface).ThenBy(g => g.Identifier, StringComparer.Ordinal)
            .Select(g => new AmendmentChoice(g.Id.ToString(), $"{g.Surface.DisplayName()} · {g.Identifier} ({Vocabulary.For(g.Status).Text.ToLowerInvariant()})"))
            .ToList();
        return new AmendmentChoices(models, renewable);
    }

    private async Task<Dictionary<Guid, string>> RenewedIdentifiersAsync(Guid organizationId, CancellationToken cancellationToken) =>
        await db.Grants.AsNoTracking().Where(g => g.OrganizationId == organizationId)
            .ToDictionaryAsync(g => g.Id, g => $"{g.Surface.DisplayName()} · {g.Identifier}", cancellationToken);

    public static PartnerAmendmentView Describe(Amendment amendment, IReadOnlyDictionary<Guid, string> grantNames)
    {
        ArgumentNullException.ThrowIfNull(amendment);
        ArgumentNullException.ThrowIfNull(grantNames);
        var (words, tone) = amendment.Status switch
        {
            AmendmentStatus.UnderReview => ("Under review", StatusTone.Waiting),
            AmendmentStatus.NeedsInfo => ("Waiting for your answer", StatusTone.ActionNeeded),
            _ => ("Decided", StatusTone.Neutral),
        };
        return new PartnerAmendmentView(amendment.Id, amendment.Status, words, tone, amendment.RequestedAt, amendment.RequestedByStaff, amendment.Surfaces,
            amendment.ApiOrganizationIds, amendment.CodexWorkspaceIds, amendment.AccountEmails, amendment.Models,
            [.. amendment.RenewGrantIds.Select(id => grantNames.GetValueOrDefault(id) ?? "An ended grant")], amendment.Note,
            [.. amendment.Surfaces.Select(s => Outcome(amendment, s))]);
    }

    private static PartnerSurfaceOutcome Outcome(Amendment amendment, Surface surface)
    {
        var decision = amendment.LatestDecision(surface);
        return decision?.Outcome switch
        {
            DecisionOutcome.Approve => new(surface, "Approved — not yet enabled", StatusTone.Waiting,
                "Enabled on a rolling basis, in a rollout wave: your status page says when it is enabled. What you already had keeps working."),
            DecisionOutcome.Decline => new(surface, "Not approved", StatusTone.Stopped, decision.ForPartner),
            DecisionOutcome.NeedsInfo when amendment.Status == AmendmentStatus.NeedsInfo => new(surface, "Question for you", StatusTone.ActionNeeded, null),
            _ => new(surface, "Under review", StatusTone.Waiting, null),
        };
    }
}
