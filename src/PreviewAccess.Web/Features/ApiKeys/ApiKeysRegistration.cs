namespace PreviewAccess.Web.Features.ApiKeys;

/// <summary>API keys: issuing and revoking them (admin, own), and verifying the key a request carries.</summary>
public static class ApiKeysRegistration
{
    public static IServiceCollection AddApiKeys(this IServiceCollection services)
    {
        services.AddScoped<ApiKeyAdministration>();
        services.AddSingleton<VerifiedApiKeys>();
        return services;
    }
}
