using FluentValidation;
using Microsoft.AspNetCore.Identity;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Organizations;

public sealed record NominateOrganizationInput(string Name, string Country, string AccountRepEmail, bool TrustedAccessForCyber = false, bool PreviousAlphaParticipant = false);

public sealed class NominateOrganizationValidator : AbstractValidator<NominateOrganizationInput>
{
    public NominateOrganizationValidator()
    {
        RuleFor(x => x.Name).ValidName();
        RuleFor(x => x.Country).ValidCountry();
        RuleFor(x => x.AccountRepEmail).ValidEmail("account representative's email");
    }
}

/// <summary>An account representative puts an organization forward. It enters the program only through an invitation that follows.</summary>
public sealed class NominateOrganization(PortalDbContext db, UnitOfWork unitOfWork, AuditTrail audit, StaffDirectory staff, ProgramPermissions permissions, TimeProvider clock)
{
    private readonly NominateOrganizationValidator _validator = new();

    public async Task<Outcome<Guid>> HandleAsync(NominateOrganizationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validation = await _validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<Guid>.Invalid(validation);

        var rep = await staff.FindAccountRepAsync(input.AccountRepEmail);
        if (rep is null) return Outcome<Guid>.Invalid("accountRepEmail", "No account representative has this email.");
        // A representative puts organizations forward into their own portfolio; an admin into anyone's.
        if (permissions.Refusal(ProgramAction.NominateOrganization, new PortfolioOf(Guid.Empty, rep.Id)) is { } refusal) return Outcome<Guid>.Forbidden(refusal);

        var organization = Organization.Nominate(input.Name, input.Country, rep.Id, clock.GetUtcNow(), input.TrustedAccessForCyber, input.PreviousAlphaParticipant);
        await unitOfWork.RunAsync(_ =>
        {
            db.Organizations.Add(organization);
            audit.Record(AuditAction.OrganizationNominated, "Organization", organization.Id, null, OrganizationChanges.AuditState.Of(organization), organization.Id);
            return Task.CompletedTask;
        }, cancellationToken);
        return Outcome<Guid>.Success(organization.Id);
    }
}

/// <summary>Finds staff users by email and role.</summary>
public sealed class StaffDirectory(UserManager<PortalUser> users)
{
    public async Task<PortalUser?> FindAccountRepAsync(string email)
    {
        var user = await users.FindByEmailAsync(Domain.Common.EmailAddress.Normalize(email));
        return user is { IsDisabled: false, OrganizationId: null } && await users.IsInRoleAsync(user, Roles.AccountRep) ? user : null;
    }
}
