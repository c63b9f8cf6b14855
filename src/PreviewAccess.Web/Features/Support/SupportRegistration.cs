namespace PreviewAccess.Web.Features.Support;

/// <summary>Support: cases (the partner's and the desk's), the lookup and scope, the diagnosis, feedback.</summary>
public static class SupportRegistration
{
    public static IServiceCollection AddSupport(this IServiceCollection services)
    {
        services.AddScoped<SupportCaseDesk>();
        services.AddScoped<OpenSupportCase>();
        services.AddScoped<SupportLookup>();
        services.AddScoped<PartnerSupportCases>();
        services.AddScoped<SendFeedback>();
        return services;
    }
}
