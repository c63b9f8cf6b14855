using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;

namespace PreviewAccess.Web.Features.ApiKeys;

public sealed record OwnApiKeyView(string Name, string DisplayPrefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;
}

/// <summary>A staff user's own API keys, read-only: admins create and revoke keys on the API keys page.</summary>
public sealed class OwnApiKeys(PortalDbContext db)
{
    public async Task<IReadOnlyList<OwnApiKeyView>> ListAsync(Guid userId, CancellationToken cancellationToken)
    {
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.OwnerId == userId)
            .Select(k => new { k.Name, k.DisplayPrefix, k.Scopes, k.CreatedAt, k.LastUsedAt, k.RevokedAt })
            .ToListAsync(cancellationToken);
        return keys.Select(k => new OwnApiKeyView(k.Name, k.DisplayPrefix, k.Scopes, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .OrderBy(k => k.RevokedAt is not null).ThenByDescending(k => k.CreatedAt)
            .ToList();
    }
}
