using System.ComponentModel;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using PreviewAccess.Data.Identity;
using PreviewAccess.Web.Features.ApiKeys;
using Scalar.AspNetCore;

namespace PreviewAccess.Web.Api;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> (public: clients are written against it) and the Scalar
/// reference UI at <c>/scalar</c> (staff only, signed in with the portal's cookie).
/// </summary>
public static class ApiDocumentation
{
    public const string StaffPolicy = "ApiReference";
    private const string SecuritySchemeName = "ApiKey";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.AddOpenApi(options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "PreviewAccess API",
                    Version = "v1",
                    Description = "The JSON API of the GPT-5.6 preview access program (API.md). Authenticate with `Authorization: Bearer <api key>`.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
                document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API key of a staff user, with the scopes access:check, org:read and/or org:write.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(DescribeRefusalsAsync);
            // Enums, timestamps and text have converters of the API's own (exact names, UTC with Z, the one rule for text);
            // describe them as what they write.
            options.AddSchemaTransformer((schema, context, _) =>
            {
                DescribeConvertedType(schema, context.JsonTypeInfo.Type);
                if (context.JsonTypeInfo.Type == typeof(string)) DescribeText(schema, context.JsonPropertyInfo);
                // Microsoft.AspNetCore.OpenApi 10.0 leaves out the [Description] of a property whose type is a nullable struct such
                // as DateTimeOffset? (OpenSupportCaseInput.OccurredAt). Such a schema is always inline, never a shared component.
                if (Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) is { IsEnum: false }
                    && context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: false) is [DescriptionAttribute described, ..])
                {
                    schema.Description ??= described.Description;
                }

                return Task.CompletedTask;
            });
        });

        services.AddAuthorizationBuilder().AddPolicy(StaffPolicy, policy => policy.RequireRole(Roles.StaffRoles));
        return services;
    }

    /// <summary>
    /// What the pipeline answers before an endpoint runs, read from the endpoint's own metadata (as the authorization and
    /// rate-limiting middleware read it), so that no endpoint lists these by hand and none can be forgotten: the key
    /// and 401 where authorization applies, 403 where its policy asks more than a valid key (a scope), 429 where a rate
    /// limiter applies. An answer the endpoint describes itself is left as it is.
    /// </summary>
    private static async Task DescribeRefusalsAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var services = context.ApplicationServices;
        var policy = metadata.OfType<IAllowAnonymous>().Any() ? null : await AuthorizationPolicy.CombineAsync(
            services.GetRequiredService<IAuthorizationPolicyProvider>(), metadata.OfType<IAuthorizeData>(), metadata.OfType<AuthorizationPolicy>());
        var rateLimited = !metadata.OfType<DisableRateLimitingAttribute>().Any()
            && (metadata.OfType<EnableRateLimitingAttribute>().Any() || services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter is not null);
        if (policy is null && !rateLimited) return;

        var document = context.Document!;
        document.AddComponent(nameof(ProblemDetails), await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken));
        var problem = new OpenApiSchemaReference(nameof(ProblemDetails), document);
        operation.Responses ??= [];

        if (policy is not null)
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] });
            operation.Responses.TryAdd("401", Problem(problem, "Unauthorized: no API key, or one that is not valid (unknown, revoked, or its owner disabled).",
                ("WWW-Authenticate", "Bearer: the scheme to authenticate with.", JsonSchemaType.String)));

            if (policy.Requirements.Any(requirement => requirement is not DenyAnonymousAuthorizationRequirement))
            {
                var scopes = policy.Requirements.OfType<ClaimsAuthorizationRequirement>()
                    .Where(requirement => requirement.ClaimType == ApiKeyDefaults.ScopeClaim)
                    .SelectMany(requirement => requirement.AllowedValues ?? [])
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                operation.Responses.TryAdd("403", Problem(problem, scopes.Count > 0
                    ? $"Forbidden: the API key does not carry the scope this endpoint needs: {string.Join(", ", scopes)}."
                    : "Forbidden: this API key may not use this endpoint."));
            }
        }

        if (rateLimited)
        {
            operation.Responses.TryAdd("429", Problem(problem, "Too Many Requests: past this endpoint's rate limit.",
                ("Retry-After", "Seconds to wait before trying again.", JsonSchemaType.Integer)));
        }
    }

    private static OpenApiResponse Problem(IOpenApiSchema schema, string description, params (string Name, string Description, JsonSchemaType Type)[] headers) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/problem+json"] = new() { Schema = schema } },
        Headers = headers.Length == 0 ? null : headers.ToDictionary(
            header => header.Name,
            header => (IOpenApiHeader)new OpenApiHeader { Description = header.Description, Schema = new OpenApiSchema { Type = header.Type } },
            StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>
    /// Text read by <see cref="NormalizedTextConverter"/>, which the schema exporter cannot see into: a string, nullable
    /// where the property is declared so, with the property's [Description].
    /// </summary>
    private static void DescribeText(OpenApiSchema schema, System.Text.Json.Serialization.Metadata.JsonPropertyInfo? property)
    {
        var nullable = property is { IsGetNullable: true } or { IsSetNullable: true };
        schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        if (property?.AttributeProvider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: false) is [DescriptionAttribute described, ..])
        {
            schema.Description ??= described.Description;
        }
    }

    private static void DescribeConvertedType(OpenApiSchema schema, Type declared)
    {
        var type = Nullable.GetUnderlyingType(declared) ?? declared;
        var nullable = Nullable.GetUnderlyingType(declared) is not null;
        var element = type == typeof(string) ? null : type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        if (type.IsEnum)
        {
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            schema.Enum = EnumNames(type);
        }
        else if (element is { IsEnum: true })
        {
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = EnumNames(element) };
        }
        else if (element == typeof(string))
        {
            schema.Items ??= new OpenApiSchema { Type = JsonSchemaType.String };
        }
        else if (type == typeof(DateTimeOffset))
        {
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            schema.Format = "date-time";
        }
        else if (type == typeof(decimal))
        {
            // Exact decimals, never binary floating point: the contract's money.
            schema.Format = "decimal";
        }
    }

    private static List<JsonNode> EnumNames(Type enumType) => [.. Enum.GetNames(enumType).Select(name => (JsonNode)JsonValue.Create(name))];

    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/scalar", (options, context) =>
            {
                // Scalar's page configures itself with one inline module script: it runs under a nonce of this
                // response alone. Its bundle comes from this portal, fonts included; nothing loads from a CDN.
                // Hex, so that no HTML encoding of the attribute can make it differ from the header.
                var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                options.Nonce = nonce;
                options.DefaultFonts = false;
                options.Telemetry = false;
                options.Title = "PreviewAccess API";
                // Nothing that talks to Scalar's own services: no AI agent, no MCP, no hosted developer toolbar.
                options.DisableAgent().DisableMcp().HideDeveloperTools();
                options.AddPreferredSecuritySchemes(SecuritySchemeName);
                context.Response.Headers.ContentSecurityPolicy =
                    $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
            })
            .RequireAuthorization(StaffPolicy);
        return app;
    }
}
