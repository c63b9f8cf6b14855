using Microsoft.AspNetCore.Authentication;
using PreviewAccess.Web.Features.Access;
using PreviewAccess.Web.Features.Amendments;
using PreviewAccess.Web.Features.ApiKeys;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Catalog;
using PreviewAccess.Web.Features.Enrollment;
using PreviewAccess.Web.Features.Grants;
using PreviewAccess.Web.Features.Invitations;
using PreviewAccess.Web.Features.Organizations;
using PreviewAccess.Web.Features.Review;
using PreviewAccess.Web.Features.Rollout;
using PreviewAccess.Web.Features.Support;

namespace PreviewAccess.Web.Api;

/// <summary>The JSON API of API.md: its services and its endpoint groups.</summary>
public static class ApiRegistration
{
    public static IServiceCollection AddPortalApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));

        // A second scheme beside the cookie (which stays the default for pages); only the /api group uses it.
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null);
        services.AddAuthorizationBuilder().AddApiScopePolicies();
        services.AddApiRateLimits();
        services.AddApiDocumentation();
        services.AddExceptionHandler<ApiBadRequestHandler>();
        // A body the endpoint cannot read throws in every environment (not only Development), so that the handler above
        // answers it with the error on the field that caused it instead of a bare 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddHostedService<IdempotentRequestsCleanup>();
        return services;
    }

    public static WebApplication MapPortalApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // After routing and authorization (UsePortalPipeline), before the endpoints run at the end of the pipeline:
        // the limiter sees the endpoint's policy and the API key that authorization authenticated.
        app.UseRateLimiter();
        // After authorization, so that the key a retry is recognised by belongs to the API key that was verified.
        app.UseMiddleware<IdempotentPosts>();
        app.MapApiDocumentation();

        var api = app.MapGroup("/api/v1").RequireAuthorization(ApiScopePolicies.AnyKey);
        api.MapAccessApi();
        api.MapOrganizationsApi();
        api.MapInvitationsApi();
        api.MapEnrollmentApi();
        api.MapDecisionsApi();
        api.MapAmendmentsApi();
        api.MapGrantsApi();
        api.MapSupportApi();
        api.MapCatalogApi();
        api.MapAuditApi();
        api.MapWavesApi();
        return app;
    }
}
