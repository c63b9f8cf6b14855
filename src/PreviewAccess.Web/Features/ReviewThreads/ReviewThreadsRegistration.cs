namespace PreviewAccess.Web.Features.ReviewThreads;

/// <summary>The conversations a "more information" decision opens, on enrollments and amendments alike.</summary>
public static class ReviewThreadsRegistration
{
    public static IServiceCollection AddReviewThreads(this IServiceCollection services)
    {
        services.AddScoped<ReviewThreadQueries>();
        services.AddScoped<WriteInThread>();
        return services;
    }
}
