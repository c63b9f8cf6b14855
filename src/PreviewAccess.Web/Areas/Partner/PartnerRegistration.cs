namespace PreviewAccess.Web.Areas.Partner;

/// <summary>The partners' area: its own services.</summary>
public static class PartnerRegistration
{
    public static IServiceCollection AddPartnerArea(this IServiceCollection services) => services;
}
