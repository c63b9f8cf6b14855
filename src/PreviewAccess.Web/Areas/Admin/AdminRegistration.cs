namespace PreviewAccess.Web.Areas.Admin;

/// <summary>The account representatives' and admins' area: its own services.</summary>
public static class AdminRegistration
{
    public static IServiceCollection AddAdminArea(this IServiceCollection services) => services;
}
