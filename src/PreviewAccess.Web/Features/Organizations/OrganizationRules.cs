using FluentValidation;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Organizations;

namespace PreviewAccess.Web.Features.Organizations;

/// <summary>Field rules shared by the organization use cases' validators.</summary>
public static class OrganizationRules
{
    public static IRuleBuilderOptions<T, string> ValidName<T>(this IRuleBuilder<T, string> rule) => rule
        .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter the organization's name.")
        .Must(n => n is null || n.Trim().Length <= Organization.MaxNameLength).WithMessage($"The name can be at most {Organization.MaxNameLength} characters.");

    public static IRuleBuilderOptions<T, string> ValidCountry<T>(this IRuleBuilder<T, string> rule) => rule
        .Must(Countries.IsValid).WithMessage(Countries.Expected);

    public static IRuleBuilderOptions<T, string> ValidEmail<T>(this IRuleBuilder<T, string> rule, string what) => rule
        .Must(EmailAddress.IsValid).WithMessage($"Enter the {what} as a valid email address.");

    public static IRuleBuilderOptions<T, string> ValidReason<T>(this IRuleBuilder<T, string> rule) => rule
        .Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage("Give a reason.")
        .Must(r => r is null || r.Trim().Length <= Organization.MaxReasonLength).WithMessage($"The reason can be at most {Organization.MaxReasonLength} characters.");
}
