namespace PreviewAccess.Web.Features.Authorization;

/// <summary>Who may do what in the program: one rule per use case (<see cref="ProgramRules"/>), asked by pages and API alike.</summary>
public static class AuthorizationRegistration
{
    public static IServiceCollection AddProgramAuthorization(this IServiceCollection services)
    {
        services.AddScoped<ProgramPermissions>();
        return services;
    }
}
