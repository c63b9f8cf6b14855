using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Invitations;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Web.Features.Organizations;

/// <summary>An organization as the API returns it and the pages show it (API.md, Organizations).</summary>
public sealed record OrganizationView(
    Guid Id,
    string Name,
    string Country,
    string AccountRepEmail,
    OrganizationStatus Status,
    bool TrustedAccessForCyber,
    bool PreviousAlphaParticipant,
    GovernmentCoordinationView? GovernmentCoordination,
    EnrollmentView? Enrollment,
    IReadOnlyList<GrantView> Grants,
    IReadOnlyList<InvitationView> Invitations,
    int Version,
    [property: System.Text.Json.Serialization.JsonIgnore] Guid AccountRepId);

public sealed record GovernmentCoordinationView(DateOnly SharedOn, string Reference);

public sealed record EnrollmentView(
    string LegalName,
    string Country,
    IReadOnlyList<Surface> Surfaces,
    IReadOnlyList<string> ApiOrganizationIds,
    IReadOnlyList<string> CodexWorkspaceIds,
    IReadOnlyList<string> AccountEmails,
    string IntendedUse,
    bool CustomerFacing,
    bool TermsAccepted,
    DateTimeOffset SubmittedAt,
    bool SubmittedByStaff,
    IReadOnlyList<DecisionView> Decisions);

public sealed record DecisionView(Surface Surface, string Decision, string Justification, DateTimeOffset DecidedAt);

/// <summary>A grant (API.md, Decisions and grants).</summary>
public sealed record GrantView(
    Guid Id,
    Guid OrganizationId,
    Surface Surface,
    string Identifier,
    IReadOnlyList<string> Models,
    IReadOnlyList<string> AccountEmails,
    GrantStatus Status,
    IReadOnlyList<EnablementBlocker> Blockers,
    Guid? WaveId,
    DateOnly? ExpiresOn)
{
    public static GrantView From(ScopeGrant grant, Organization organization)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(organization);
        return new GrantView(grant.Id, grant.OrganizationId, grant.Surface, grant.Identifier, grant.Models, grant.AccountEmails, grant.Status,
            grant.Status == GrantStatus.Scheduled ? ScopeGrant.BlockersFor(organization) : [], grant.WaveId, grant.ExpiresOn);
    }
}

/// <summary>An invitation. The accept link is never part of it: it exists only in the response that created it, and in the mail.</summary>
public sealed record InvitationView(Guid Id, string Email, InvitationStatus Status, DateTimeOffset SentAt, DateTimeOffset ExpiresAt)
{
    public static InvitationView From(Invitation invitation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        return new InvitationView(invitation.Id, invitation.Email, invitation.StatusAt(now), invitation.SentAt, invitation.ExpiresAt);
    }
}
