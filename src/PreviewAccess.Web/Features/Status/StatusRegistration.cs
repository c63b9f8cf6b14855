namespace PreviewAccess.Web.Features.Status;

/// <summary>The partner's own view: the organization's status and why access is or is not there.</summary>
public static class StatusRegistration
{
    public static IServiceCollection AddPartnerStatus(this IServiceCollection services)
    {
        services.AddScoped<PartnerSnapshots>();
        services.AddScoped<PartnerStatus>();
        services.AddScoped<DiagnosePartnerAccess>();
        return services;
    }
}
