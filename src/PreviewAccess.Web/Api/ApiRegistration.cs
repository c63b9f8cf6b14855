namespace PreviewAccess.Web.Api;

/// <summary>The JSON API of API.md: its services and its endpoint groups.</summary>
public static class ApiRegistration
{
    public static IServiceCollection AddPortalApi(this IServiceCollection services) => services;

    public static WebApplication MapPortalApi(this WebApplication app) => app;
}
