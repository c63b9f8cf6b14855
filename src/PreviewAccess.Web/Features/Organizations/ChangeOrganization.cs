using FluentValidation;
using PreviewAccess.Domain.Organizations;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Organizations;

public sealed record EditOrganizationInput(Guid Id, int Version, string Name, string Country, bool TrustedAccessForCyber, bool PreviousAlphaParticipant);

public sealed class EditOrganizationValidator : AbstractValidator<EditOrganizationInput>
{
    public EditOrganizationValidator()
    {
        RuleFor(x => x.Name).ValidName();
        RuleFor(x => x.Country).ValidCountry();
    }
}

public sealed record HandOverOrganizationInput(Guid Id, int Version, string AccountRepEmail);

public sealed record RecordGovernmentCoordinationInput(Guid Id, DateOnly SharedOn, string Reference);

public sealed class RecordGovernmentCoordinationValidator : AbstractValidator<RecordGovernmentCoordinationInput>
{
    public RecordGovernmentCoordinationValidator(TimeProvider clock)
    {
        RuleFor(x => x.SharedOn).NotEqual(default(DateOnly)).WithMessage("Enter the date the participation was shared.")
            .Must(d => d <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)).WithMessage("The date cannot be in the future.");
        RuleFor(x => x.Reference).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage("Enter the reference of the record.")
            .Must(r => r is null || r.Trim().Length <= GovernmentCoordination.MaxReferenceLength).WithMessage($"The reference can be at most {GovernmentCoordination.MaxReferenceLength} characters.");
    }
}

public sealed record OrganizationReasonInput(Guid Id, string Reason, int? Version = null);

public sealed class OrganizationReasonValidator : AbstractValidator<OrganizationReasonInput>
{
    public OrganizationReasonValidator() => RuleFor(x => x.Reason).ValidReason();
}

/// <summary>The staff's changes to an organization: edit, hand over, government coordination, suspend, reinstate.</summary>
public sealed class ChangeOrganization(OrganizationChanges changes, StaffDirectory staff, ICurrentActor actor, TimeProvider clock)
{
    private readonly EditOrganizationValidator _edit = new();
    private readonly OrganizationReasonValidator _reason = new();

    public async Task<Outcome<Guid>> EditAsync(EditOrganizationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validation = await _edit.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<Guid>.Invalid(validation);
        return await changes.RunAsync(input.Id, input.Version, ProgramAction.EditOrganization, AuditAction.OrganizationEdited, (organization, _) =>
        {
            organization.Rename(input.Name);
            organization.ChangeCountry(input.Country);
            organization.SetInformationalFlags(input.TrustedAccessForCyber, input.PreviousAlphaParticipant);
            return organization.Id;
        }, cancellationToken);
    }

    public async Task<Outcome<Guid>> HandOverAsync(HandOverOrganizationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rep = await staff.FindAccountRepAsync(input.AccountRepEmail ?? string.Empty);
        if (rep is null) return Outcome<Guid>.Invalid("accountRepEmail", "No account representative has this email.");
        return await changes.RunAsync(input.Id, input.Version, ProgramAction.HandOverOrganization, AuditAction.OrganizationHandedOver, (organization, _) =>
        {
            organization.HandOverTo(rep.Id);
            return organization.Id;
        }, cancellationToken);
    }

    public async Task<Outcome<Guid>> RecordGovernmentCoordinationAsync(RecordGovernmentCoordinationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validation = await new RecordGovernmentCoordinationValidator(clock).ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<Guid>.Invalid(validation);
        return await changes.RunAsync(input.Id, null, ProgramAction.RecordGovernmentCoordination, AuditAction.GovernmentCoordinationRecorded, (organization, now) =>
        {
            organization.RecordGovernmentCoordination(new GovernmentCoordination(input.SharedOn, input.Reference, actor.UserId ?? Guid.Empty, now));
            return organization.Id;
        }, cancellationToken);
    }

    public Task<Outcome<Guid>> SuspendAsync(OrganizationReasonInput input, CancellationToken cancellationToken) =>
        WithReasonAsync(input, ProgramAction.SuspendOrganization, AuditAction.OrganizationSuspended, o => o.Suspend(input.Reason), cancellationToken);

    public Task<Outcome<Guid>> ReinstateAsync(OrganizationReasonInput input, CancellationToken cancellationToken) =>
        WithReasonAsync(input, ProgramAction.ReinstateOrganization, AuditAction.OrganizationReinstated, o => o.Reinstate(input.Reason), cancellationToken);

    private async Task<Outcome<Guid>> WithReasonAsync(OrganizationReasonInput input, ProgramAction permission, AuditAction action, Action<Organization> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validation = await _reason.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<Guid>.Invalid(validation);
        return await changes.RunAsync(input.Id, input.Version, permission, action, (organization, _) =>
        {
            change(organization);
            return organization.Id;
        }, cancellationToken);
    }
}
