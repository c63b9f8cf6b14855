namespace PreviewAccess.Web.Features.Members;

/// <summary>Partner teams: the owner invites and removes colleagues; members and staff see the team.</summary>
public static class MembersRegistration
{
    public static IServiceCollection AddMembers(this IServiceCollection services)
    {
        services.AddScoped<PartnerTeam>();
        services.AddScoped<ColleagueInvitations>();
        services.AddScoped<RemoveColleague>();
        services.AddScoped<JoinOrganization>();
        return services;
    }
}
