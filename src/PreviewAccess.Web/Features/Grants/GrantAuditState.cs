using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;

namespace PreviewAccess.Web.Features.Grants;

/// <summary>
/// What the audit log keeps of a grant a decision created or changed: its scope, status and end, and (for the new and
/// the renewed) the reviewer's justification; <c>status</c> is what webhooks read.
/// </summary>
public sealed record GrantAuditState(Surface Surface, string Identifier, IReadOnlyList<string> Models, IReadOnlyList<string> AccountEmails, GrantStatus Status,
    DateOnly? ExpiresOn, Guid? WaveId, string? Justification = null, Guid? AmendmentId = null)
{
    public static GrantAuditState Of(ScopeGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return new(grant.Surface, grant.Identifier, [.. grant.Models], [.. grant.AccountEmails], grant.Status, grant.ExpiresOn, grant.WaveId);
    }
}
