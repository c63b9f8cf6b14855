using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Settings;

namespace PreviewAccess.Web.Features.Review;

/// <summary>
/// What an approval is checked against, as the program stands when the reviewer decides: the model catalog, the
/// unsupported countries, and whether a grant waits for a second approver.
/// </summary>
public sealed record ApprovalRulesNow(IReadOnlySet<string> Catalog, IReadOnlySet<string> UnsupportedCountries, bool RequireSecondApproval)
{
    public ApprovalRequest Request(Surface surface, IReadOnlyCollection<string> identifiers, IReadOnlyCollection<string> models,
        IReadOnlyCollection<string> accountEmails, string justification, DateOnly? expiresOn) =>
        new(surface, identifiers, models, accountEmails, justification, expiresOn, RequireSecondApproval);
}

/// <summary>Reads <see cref="ApprovalRulesNow"/> for the two decisions that approve: an enrollment's and an amendment's.</summary>
public sealed class ApprovalRules(PortalDbContext db, ProgramSettingsQueries settings)
{
    public async Task<ApprovalRulesNow> ReadAsync(CancellationToken cancellationToken)
    {
        var catalog = await db.Models.AsNoTracking().Select(m => m.ModelId).ToListAsync(cancellationToken);
        var unsupported = await db.UnsupportedCountries.AsNoTracking().Select(c => c.Code).ToListAsync(cancellationToken);
        return new ApprovalRulesNow(catalog.ToHashSet(StringComparer.Ordinal), unsupported.ToHashSet(StringComparer.Ordinal),
            await settings.RequireSecondApprovalAsync(cancellationToken));
    }
}
