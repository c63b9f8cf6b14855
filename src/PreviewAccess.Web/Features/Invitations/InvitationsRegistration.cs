namespace PreviewAccess.Web.Features.Invitations;

/// <summary>Invitations: sending them one by one or from a spreadsheet, their list, and accepting one.</summary>
public static class InvitationsRegistration
{
    public static IServiceCollection AddInvitations(this IServiceCollection services)
    {
        services.AddOptions<PartnerOptions>().BindConfiguration(PartnerOptions.Section)
            .Validate(o => o.AcceptInvitationPermitsPerMinute >= 1, "Partner:AcceptInvitationPermitsPerMinute must be at least 1.")
            .ValidateOnStart();
        services.AddScoped<InvitationSender>();
        services.AddScoped<InvitationAcceptance>();
        services.AddScoped<InvitationList>();
        services.AddScoped<BulkInvitation>();
        services.AddScoped<InvitationPreview>();
        services.AddSingleton<AcceptInvitationRateLimit>();
        return services;
    }
}
