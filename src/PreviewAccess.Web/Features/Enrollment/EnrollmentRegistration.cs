namespace PreviewAccess.Web.Features.Enrollment;

/// <summary>Enrollment: the partner submits what the organization asks for.</summary>
public static class EnrollmentRegistration
{
    public static IServiceCollection AddEnrollment(this IServiceCollection services)
    {
        services.AddScoped<SubmitEnrollment>();
        services.AddScoped<PartnerEnrollment>();
        return services;
    }
}
