using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.ApiKeys;
using PreviewAccess.Domain.Common;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.ApiKeys;

/// <summary>A key as the list shows it: never the secret, only the prefix that tells keys apart.</summary>
public sealed record ApiKeyView(
    Guid Id,
    string Name,
    Guid OwnerId,
    string OwnerName,
    string OwnerEmail,
    IReadOnlyList<string> Scopes,
    string DisplayPrefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;
}

/// <summary>A staff user who may own a key: active, not a partner.</summary>
public sealed record ApiKeyOwnerOption(Guid Id, string DisplayName, string Email);

public sealed record CreateApiKeyInput(string? Name, IReadOnlyList<string>? Scopes, Guid? OwnerId);

/// <summary>The one and only time the secret exists outside the caller's hands.</summary>
public sealed record CreatedApiKey(Guid Id, string Name, string DisplayPrefix, string Secret);

/// <summary>
/// API keys (admins only): create one for an active staff user (the key is returned once, only its hash is kept),
/// list them, revoke one. Every change writes an audit event in the same transaction; no event carries the secret.
/// </summary>
public sealed class ApiKeyAdministration(PortalDbContext db, UnitOfWork unitOfWork, AuditTrail audit, ICurrentActor actor, TimeProvider clock, VerifiedApiKeys verifiedKeys)
{
    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken cancellationToken)
    {
        var keys = await (from key in db.ApiKeys.AsNoTracking()
                          join user in db.Users.AsNoTracking() on key.OwnerId equals user.Id
                          select new { key.Id, key.Name, key.OwnerId, user.DisplayName, user.Email, key.Scopes, key.DisplayPrefix, key.CreatedAt, key.LastUsedAt, key.RevokedAt })
            .ToListAsync(cancellationToken);
        return keys
            .Select(k => new ApiKeyView(k.Id, k.Name, k.OwnerId, k.DisplayName, k.Email ?? string.Empty, k.Scopes, k.DisplayPrefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .OrderBy(k => k.RevokedAt is not null).ThenByDescending(k => k.CreatedAt)
            .ToList();
    }

    public async Task<ApiKeyView?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(k => k.Id == id);

    /// <summary>Active staff users (admins, representatives, support), by name.</summary>
    public async Task<IReadOnlyList<ApiKeyOwnerOption>> OwnersAsync(CancellationToken cancellationToken)
    {
        var staffRoles = Roles.StaffRoles.ToList();
        var owners = await (from user in db.Users.AsNoTracking()
                            where user.OrganizationId == null && !user.IsDisabled
                                  && db.UserRoles.Any(ur => ur.UserId == user.Id && db.Roles.Any(r => r.Id == ur.RoleId && staffRoles.Contains(r.Name!)))
                            select new { user.Id, user.DisplayName, user.Email })
            .ToListAsync(cancellationToken);
        return owners.Select(o => new ApiKeyOwnerOption(o.Id, o.DisplayName, o.Email ?? string.Empty))
            .OrderBy(o => o.DisplayName, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public async Task<Outcome<CreatedApiKey>> CreateAsync(CreateApiKeyInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim() ?? string.Empty;
        if (name.Length == 0) errors["name"] = ["Enter a name for the key."];
        else if (name.Length > ApiKey.MaxNameLength) errors["name"] = [$"The name can be at most {ApiKey.MaxNameLength} characters."];
        var scopes = (input.Scopes ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0) errors["scopes"] = ["Choose at least one scope."];
        else if (scopes.FirstOrDefault(s => !ApiScopes.All.Contains(s)) is { } unknown) errors["scopes"] = [$"'{unknown}' is not a scope; use {string.Join(", ", ApiScopes.All)}."];
        var ownerId = input.OwnerId ?? actor.UserId;
        if (ownerId is null) errors["ownerId"] = ["Choose the key's owner."];
        if (errors.Count > 0) return Outcome<CreatedApiKey>.Invalid(errors);

        var owner = (await OwnersAsync(cancellationToken)).FirstOrDefault(o => o.Id == ownerId);
        if (owner is null) return Outcome<CreatedApiKey>.Invalid("ownerId", "Choose an active staff user as the owner.");
        var ownerRoles = await RolesOfAsync(owner.Id, cancellationToken);
        var allowed = Roles.ApiScopesFor(ownerRoles);
        if (scopes.Where(s => !allowed.Contains(s)).ToList() is [_, ..] beyond)
        {
            return Outcome<CreatedApiKey>.Invalid("scopes",
                $"A key acts as its owner, and {owner.DisplayName} ({string.Join(", ", ownerRoles)}) may not use {string.Join(", ", beyond)}: " +
                "only admins and account representatives change the program. Leave it out, or choose another owner.");
        }

        try
        {
            return await unitOfWork.RunAsync(_ =>
            {
                var (key, secret) = ApiKey.Create(owner.Id, name, scopes, clock.GetUtcNow());
                db.ApiKeys.Add(key);
                audit.Record(AuditAction.ApiKeyCreated, "ApiKey", key.Id, null, new { key.Name, key.DisplayPrefix, key.Scopes, OwnerId = owner.Id, OwnerEmail = owner.Email }, null);
                return Task.FromResult(Outcome<CreatedApiKey>.Success(new CreatedApiKey(key.Id, key.Name, key.DisplayPrefix, secret)));
            }, outcome => outcome.Succeeded, cancellationToken);
        }
        catch (DomainException e)
        {
            // The key's own rules (name, scopes) are checked above field by field; should they drift apart, the refusal is
            // still about the request (a 400), not the state, though the domain names no field: so not Refused's 409.
            return Outcome<CreatedApiKey>.Invalid(string.Empty, e.Message);
        }
    }

    private async Task<List<string>> RolesOfAsync(Guid userId, CancellationToken cancellationToken) =>
        (await db.UserRoles.AsNoTracking().Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name)
            .ToListAsync(cancellationToken)).OfType<string>().Order(StringComparer.Ordinal).ToList();

    public async Task<Outcome<Guid>> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var outcome = await unitOfWork.RunUseCaseAsync(async ct =>
        {
            var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
            if (key is null) return Outcome<Guid>.NotFound("No such API key.");
            if (!key.IsActive) return Outcome<Guid>.Conflict("The key is already revoked.");
            key.Revoke(clock.GetUtcNow());
            audit.Record(AuditAction.ApiKeyRevoked, "ApiKey", key.Id, new { key.Name, key.DisplayPrefix, Status = "Active" }, new { key.Name, key.DisplayPrefix, Status = "Revoked", key.RevokedAt }, null);
            return Outcome<Guid>.Success(key.Id);
        }, cancellationToken);
        // Refused at once here; other instances stop trusting it within VerifiedApiKeys.Freshness.
        if (outcome.Succeeded) verifiedKeys.ForgetAll();
        return outcome;
    }
}
