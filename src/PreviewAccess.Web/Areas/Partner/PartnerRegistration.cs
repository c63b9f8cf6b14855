using PreviewAccess.Web.Features.Catalog;
using PreviewAccess.Web.Features.Enrollment;
using PreviewAccess.Web.Features.Invitations;
using PreviewAccess.Web.Features.Status;
using PreviewAccess.Web.Features.Support;

namespace PreviewAccess.Web.Areas.Partner;

/// <summary>The partners' area: its own services.</summary>
public static class PartnerRegistration
{
    public static IServiceCollection AddPartnerArea(this IServiceCollection services)
    {
        services.AddOptions<PartnerOptions>().BindConfiguration(PartnerOptions.Section)
            .Validate(o => o.AcceptInvitationPermitsPerMinute >= 1, "Partner:AcceptInvitationPermitsPerMinute must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<AcceptInvitationRateLimit>();

        services.AddScoped<PartnerSnapshots>();
        services.AddScoped<PartnerStatus>();
        services.AddScoped<PartnerEnrollment>();
        services.AddScoped<DiagnosePartnerAccess>();
        services.AddScoped<PartnerSupportCases>();
        services.AddScoped<SendFeedback>();
        services.AddScoped<CostEstimator>();
        services.AddScoped<InvitationPreview>();
        return services;
    }
}
