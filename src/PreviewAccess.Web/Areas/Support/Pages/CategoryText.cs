using PreviewAccess.Domain.Support;

namespace PreviewAccess.Web.Areas.Support.Pages;

/// <summary>Case categories and statuses in words.</summary>
public static class CategoryText
{
    public static string Of(SupportCaseCategory category) => category switch
    {
        SupportCaseCategory.AccessProblem => "Access problem",
        SupportCaseCategory.TechnicalIssue => "Technical issue",
        SupportCaseCategory.SlowOrEmptyResponse => "Slow or empty response (safety checks)",
        _ => category.ToString(),
    };

    public static string Of(SupportCaseStatus status) => status switch
    {
        SupportCaseStatus.InProgress => "In progress",
        SupportCaseStatus.WaitingOnPartner => "Waiting on partner",
        _ => status.ToString(),
    };
}
