using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Common;
using PreviewAccess.Web.Features.Accounts;
using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.Staff;

public sealed record StaffUserView(Guid Id, string DisplayName, string Email, string Role, bool IsDisabled, int Organizations, DateTimeOffset CreatedAt);

/// <param name="SendPasswordLink">No first password: the person is mailed a link to choose their own.</param>
public sealed record CreateStaffUserInput(string Email, string DisplayName, string Role, string Password, bool SendPasswordLink = false);

public sealed record ChangeStaffRoleInput(Guid UserId, string Role);

/// <summary>A staff user's second factor as the admin sees it: never the key or the codes.</summary>
public sealed record StaffSecondFactorView(bool AuthenticatorOn, int Passkeys);

public sealed class CreateStaffUserValidator : AbstractValidator<CreateStaffUserInput>
{
    public CreateStaffUserValidator()
    {
        RuleFor(x => x.Email).ValidEmail("staff user's email");
        RuleFor(x => x.DisplayName).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter the person's name.")
            .Must(n => n is null || n.Trim().Length <= 100).WithMessage("The name can be at most 100 characters.");
        RuleFor(x => x.Role).Must(StaffUsers.IsStaffRole).WithMessage("Choose Admin, Account representative or Support.");
        RuleFor(x => x.Password).Must(p => p is { Length: >= 12 }).WithMessage("Choose a first password of at least 12 characters.")
            .Must(p => p is null || p.Length <= 200).WithMessage("The password can be at most 200 characters.")
            .When(x => !x.SendPasswordLink);
        RuleFor(x => x.Password).Must(string.IsNullOrEmpty).WithMessage("Leave the first password empty: they choose it from the mail.")
            .When(x => x.SendPasswordLink);
    }
}

/// <summary>
/// Staff users (admins only): create, change role, disable and enable. Disabling changes the security stamp, so
/// every session of that person ends at its next check; changing the role does the same, so the new role applies
/// from their next sign-in. Nobody changes or disables their own account, and a representative who still has
/// organizations must hand them over first: every organization keeps exactly one active representative.
/// </summary>
public sealed class StaffUsers(PortalDbContext db, UnitOfWork unitOfWork, UserManager<PortalUser> users, AuditTrail audit, ICurrentActor actor, TimeProvider clock,
    VerifiedApiKeys verifiedKeys, PasswordLinks passwordLinks)
{
    private readonly CreateStaffUserValidator _validator = new();

    public static bool IsStaffRole(string? role) => role is not null && Roles.StaffRoles.Contains(role);

    public async Task<IReadOnlyList<StaffUserView>> ListAsync(CancellationToken cancellationToken)
    {
        var staff = await (from user in db.Users.AsNoTracking()
                           join userRole in db.UserRoles on user.Id equals userRole.UserId
                           join role in db.Roles on userRole.RoleId equals role.Id
                           where user.OrganizationId == null && role.Name != Roles.Partner
                           select new { user.Id, user.DisplayName, user.Email, Role = role.Name!, user.IsDisabled, user.CreatedAt })
            .ToListAsync(cancellationToken);
        var portfolios = await db.Organizations.AsNoTracking().GroupBy(o => o.AccountRepId)
            .Select(g => new { RepId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.RepId, g => g.Count, cancellationToken);
        return staff.GroupBy(s => s.Id)
            .Select(g => g.First() with { Role = string.Join(", ", g.Select(s => s.Role).Order()) })
            .Select(s => new StaffUserView(s.Id, s.DisplayName, s.Email ?? string.Empty, s.Role, s.IsDisabled, portfolios.GetValueOrDefault(s.Id), s.CreatedAt))
            .OrderBy(s => s.IsDisabled).ThenBy(s => s.DisplayName, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public async Task<StaffUserView?> GetAsync(Guid userId, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(s => s.Id == userId);

    public async Task<Outcome<Guid>> CreateAsync(CreateStaffUserInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validation = await _validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<Guid>.Invalid(validation);
        var email = EmailAddress.Normalize(input.Email);
        if (await users.FindByEmailAsync(email) is not null) return Outcome<Guid>.Invalid("email", "Someone already has an account with this email.");

        return await unitOfWork.RunAsync(async _ =>
        {
            var user = new PortalUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = input.DisplayName.Trim(),
                CreatedAt = clock.GetUtcNow(),
            };
            var created = input.SendPasswordLink ? await users.CreateAsync(user) : await users.CreateAsync(user, input.Password);
            if (!created.Succeeded) return Outcome<Guid>.Invalid(IdentityErrors(created));
            var added = await users.AddToRoleAsync(user, input.Role);
            if (!added.Succeeded) return Outcome<Guid>.Invalid("role", string.Join(" ", added.Errors.Select(e => e.Description)));
            // The link leaves with the account or not at all: it is queued in this transaction.
            if (input.SendPasswordLink) await passwordLinks.QueueFirstPasswordMailAsync(user);
            audit.Record(AuditAction.StaffCreated, "User", user.Id, null, new { user.Email, user.DisplayName, input.Role, PasswordBy = input.SendPasswordLink ? "mailed link" : "first password" }, null);
            return Outcome<Guid>.Success(user.Id);
        }, outcome => outcome.Succeeded, cancellationToken);
    }

    public async Task<Outcome<Guid>> ChangeRoleAsync(ChangeStaffRoleInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!IsStaffRole(input.Role)) return Outcome<Guid>.Invalid("role", "Choose Admin, Account representative or Support.");
        return await ChangeAsync(input.UserId, async (user, roles) =>
        {
            if (roles.SequenceEqual([input.Role])) return Outcome<Guid>.Invalid("role", "The person already has this role.");
            if (roles.Contains(Roles.AccountRep) && input.Role != Roles.AccountRep && await PortfolioAsync(user.Id, cancellationToken) is > 0 and var count)
            {
                return Outcome<Guid>.Conflict($"{user.DisplayName} is the account representative of {count} organization(s). Hand them over to another representative first.");
            }

            Check(await users.RemoveFromRolesAsync(user, roles));
            Check(await users.AddToRoleAsync(user, input.Role));
            Check(await users.UpdateSecurityStampAsync(user));
            audit.Record(AuditAction.StaffRoleChanged, "User", user.Id, new { Roles = roles }, new { Roles = new[] { input.Role } }, null);
            return Outcome<Guid>.Success(user.Id);
        }, cancellationToken);
    }

    public Task<Outcome<Guid>> DisableAsync(Guid userId, CancellationToken cancellationToken) =>
        ChangeAsync(userId, async (user, roles) =>
        {
            if (user.IsDisabled) return Outcome<Guid>.Conflict("This account is already disabled.");
            if (roles.Contains(Roles.AccountRep) && await PortfolioAsync(user.Id, cancellationToken) is > 0 and var count)
            {
                return Outcome<Guid>.Conflict($"{user.DisplayName} is the account representative of {count} organization(s). Hand them over to another representative first.");
            }

            user.IsDisabled = true;
            Check(await users.UpdateAsync(user));
            // A new stamp invalidates every cookie issued before it: their sessions end.
            Check(await users.UpdateSecurityStampAsync(user));
            audit.Record(AuditAction.StaffDisabled, "User", user.Id, new { IsDisabled = false }, new { IsDisabled = true }, null);
            return Outcome<Guid>.Success(user.Id);
        }, cancellationToken);

    public Task<Outcome<Guid>> EnableAsync(Guid userId, CancellationToken cancellationToken) =>
        ChangeAsync(userId, async (user, _) =>
        {
            if (!user.IsDisabled) return Outcome<Guid>.Conflict("This account is not disabled.");
            user.IsDisabled = false;
            Check(await users.UpdateAsync(user));
            audit.Record(AuditAction.StaffEnabled, "User", user.Id, new { IsDisabled = true }, new { IsDisabled = false }, null);
            return Outcome<Guid>.Success(user.Id);
        }, cancellationToken);

    public async Task<StaffSecondFactorView?> SecondFactorAsync(Guid userId)
    {
        if (await users.FindByIdAsync(userId.ToString()) is not { OrganizationId: null } user) return null;
        return new StaffSecondFactorView(await users.GetTwoFactorEnabledAsync(user), (await users.GetPasskeysAsync(user)).Count);
    }

    /// <summary>
    /// For a colleague who lost their phone: their authenticator app, recovery codes and passkeys are removed and their
    /// sessions end; at their next sign-in (with the password) they set up a new second factor before reaching their area.
    /// </summary>
    public Task<Outcome<Guid>> ResetSecondFactorAsync(Guid userId, CancellationToken cancellationToken) =>
        ChangeAsync(userId, async (user, _) =>
        {
            var passkeys = await users.GetPasskeysAsync(user);
            var before = new { TwoFactorEnabled = await users.GetTwoFactorEnabledAsync(user), RecoveryCodes = await users.CountRecoveryCodesAsync(user), Passkeys = passkeys.Count };
            Check(await users.SetTwoFactorEnabledAsync(user, false));
            Check(await users.ResetAuthenticatorKeyAsync(user));
            await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
            foreach (var passkey in passkeys) Check(await users.RemovePasskeyAsync(user, passkey.CredentialId));
            // A new stamp ends every session they have, including one signed in with the lost factor.
            Check(await users.UpdateSecurityStampAsync(user));
            audit.Record(AuditAction.StaffSecondFactorReset, "User", user.Id, before, new { TwoFactorEnabled = false, RecoveryCodes = 0, Passkeys = 0 }, null);
            return Outcome<Guid>.Success(user.Id);
        }, cancellationToken);

    private async Task<Outcome<Guid>> ChangeAsync(Guid userId, Func<PortalUser, IReadOnlyList<string>, Task<Outcome<Guid>>> change, CancellationToken cancellationToken)
    {
        if (userId == actor.UserId) return Outcome<Guid>.Conflict("You cannot change or disable your own account; ask another admin.");
        var outcome = await unitOfWork.RunUseCaseAsync(async _ =>
        {
            var user = await users.FindByIdAsync(userId.ToString());
            if (user is null || user.OrganizationId is not null) return Outcome<Guid>.NotFound("No such staff user.");
            var roles = (await users.GetRolesAsync(user)).Order().ToList();
            if (!roles.Any(IsStaffRole)) return Outcome<Guid>.NotFound("No such staff user.");
            return await change(user, roles);
        }, cancellationToken);
        // Their API keys follow the change at once here, and within VerifiedApiKeys.Freshness on other instances.
        if (outcome.Succeeded) verifiedKeys.ForgetAll();
        return outcome;
    }

    private Task<int> PortfolioAsync(Guid repId, CancellationToken cancellationToken) =>
        db.Organizations.CountAsync(o => o.AccountRepId == repId, cancellationToken);

    private static Dictionary<string, string[]> IdentityErrors(IdentityResult result)
    {
        var errors = new Dictionary<string, List<string>>();
        foreach (var error in result.Errors)
        {
            var field = error.Code.StartsWith("Password", StringComparison.Ordinal) ? "password"
                : error.Code.Contains("Email", StringComparison.Ordinal) || error.Code.Contains("UserName", StringComparison.Ordinal) ? "email"
                : string.Empty;
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(error.Description);
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>Identity refusing a change part-way is a refusal by the account's state: the unit rolls back, a 409 says why.</summary>
    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new DomainException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
