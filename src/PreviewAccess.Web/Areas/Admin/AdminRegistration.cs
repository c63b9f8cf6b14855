using PreviewAccess.Web.Features.Admin.ApiKeys;
using PreviewAccess.Web.Features.Admin.Audit;
using PreviewAccess.Web.Features.Admin.Dashboard;
using PreviewAccess.Web.Features.Admin.Government;
using PreviewAccess.Web.Features.Admin.Grants;
using PreviewAccess.Web.Features.Admin.Invitations;
using PreviewAccess.Web.Features.Admin.Organizations;
using PreviewAccess.Web.Features.Admin.Review;
using PreviewAccess.Web.Features.Admin.Staff;
using PreviewAccess.Web.Features.Admin.Waves;

namespace PreviewAccess.Web.Areas.Admin;

/// <summary>The account representatives' and admins' area: its own services.</summary>
public static class AdminRegistration
{
    public static IServiceCollection AddAdminArea(this IServiceCollection services)
    {
        services.AddScoped<ProgramDashboard>();
        services.AddScoped<AccountRepresentatives>();
        services.AddScoped<OrganizationTimeline>();
        services.AddScoped<PendingReviews>();
        services.AddScoped<InvitationList>();
        services.AddScoped<BulkInvitation>();
        services.AddScoped<GrantDetails>();
        services.AddScoped<GovernmentRegister>();
        services.AddScoped<AuditLog>();
        services.AddScoped<StaffUsers>();
        services.AddScoped<ApiKeyAdministration>();
        services.AddSingleton<KeyFormSubmissions>();
        services.AddScoped<WaveBoard>();
        return services;
    }
}
