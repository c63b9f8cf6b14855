namespace PreviewAccess.Web.Features.Staff;

/// <summary>Staff users: the admin creates, edits and disables them.</summary>
public static class StaffRegistration
{
    public static IServiceCollection AddStaffAdministration(this IServiceCollection services)
    {
        services.AddScoped<StaffUsers>();
        return services;
    }
}
