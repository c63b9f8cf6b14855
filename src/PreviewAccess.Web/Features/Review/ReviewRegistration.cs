namespace PreviewAccess.Web.Features.Review;

/// <summary>Review: the queue of enrollments waiting for a decision, and the decision per surface.</summary>
public static class ReviewRegistration
{
    public static IServiceCollection AddReview(this IServiceCollection services)
    {
        services.AddScoped<RecordDecision>();
        services.AddScoped<ApprovalRules>();
        services.AddScoped<PendingReviews>();
        return services;
    }
}
