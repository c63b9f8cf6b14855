using PreviewAccess.Domain.Enrollment;

namespace PreviewAccess.Web.Features.Review;

/// <summary>How a decision's outcome reads in audit actions (<c>decision.approved</c>, <c>amendment.needs-info</c>).</summary>
public static class DecisionAudit
{
    public static string AuditSlug(this DecisionOutcome decision) => decision switch
    {
        DecisionOutcome.Approve => "approved",
        DecisionOutcome.Decline => "declined",
        _ => "needs-info",
    };
}
