using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Dashboard;
using PreviewAccess.Web.Features.Government;
using PreviewAccess.Web.Features.Grants;
using PreviewAccess.Web.Features.Invitations;
using PreviewAccess.Web.Features.Organizations;
using PreviewAccess.Web.Features.Review;
using PreviewAccess.Web.Features.Rollout;
using PreviewAccess.Web.Features.Staff;

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
