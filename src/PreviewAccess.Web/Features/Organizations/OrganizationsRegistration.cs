namespace PreviewAccess.Web.Features.Organizations;

/// <summary>Organizations: nominating and changing them, the staff who own them, who hears from the program, their lists and timelines.</summary>
public static class OrganizationsRegistration
{
    public static IServiceCollection AddOrganizations(this IServiceCollection services)
    {
        services.AddScoped<StaffDirectory>();
        services.AddScoped<OrganizationChanges>();
        services.AddScoped<OrganizationQueries>();
        services.AddScoped<NominateOrganization>();
        services.AddScoped<ChangeOrganization>();
        services.AddScoped<AccountRepresentatives>();
        services.AddScoped<OrganizationTimeline>();
        services.AddScoped<IdentifierHolders>();
        services.AddScoped<PartnerContacts>();
        return services;
    }
}
