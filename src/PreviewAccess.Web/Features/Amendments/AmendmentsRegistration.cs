namespace PreviewAccess.Web.Features.Amendments;

/// <summary>Amendments: a reviewed organization asks for more scope, and a reviewer decides it per surface as a delta.</summary>
public static class AmendmentsRegistration
{
    public static IServiceCollection AddAmendments(this IServiceCollection services)
    {
        services.AddScoped<RequestAmendment>();
        services.AddScoped<DecideAmendment>();
        services.AddScoped<AmendmentQueries>();
        services.AddScoped<PartnerAmendments>();
        return services;
    }
}
