using Microsoft.OpenApi;
using StreamML.Contracts;

namespace StreamML.Silo.Api;

/// <summary>
/// The OpenAPI document of the HTTP API, served at <c>/openapi/v1.json</c>: every <c>/v1</c> route and the health
/// probes, with their request and response schemas and the two ways a caller authenticates.
/// </summary>
public static class StreamMLOpenApi
{
    /// <summary>The document's name, which is also its version in the route.</summary>
    public const string DocumentName = "v1";

    /// <summary>The route the document is served at.</summary>
    public const string Route = "/openapi/{documentName}.json";

    /// <summary>The security scheme of an API key sent in the <c>X-Api-Key</c> header.</summary>
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>The security scheme of a JWT bearer token (Entra ID in Azure) sent in the <c>Authorization</c> header.</summary>
    public const string BearerScheme = "Bearer";

    /// <summary>The header an API key travels in.</summary>
    public const string ApiKeyHeader = StreamMLHeaders.ApiKey;

    /// <summary>Adds the document's generator to <paramref name="services"/>.</summary>
    public static IServiceCollection AddStreamMLOpenApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOpenApi(DocumentName, options =>
        {
            // The dashboard and the metrics endpoint are for people and scrapers, not part of the API contract.
            options.ShouldInclude = description => description.RelativePath is { } path && (path.StartsWith("v1/", StringComparison.Ordinal) || path is "healthz" or "readyz");
            options.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>Serves the document at <see cref="Route"/>; the returned builder takes the route's authorization policy.</summary>
    public static IEndpointConventionBuilder MapStreamMLOpenApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapOpenApi(Route);
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "StreamML",
            Version = DocumentName,
            Description = "Machine learning on event streams: send events and labels, score, read entities, steer model rollouts, watch drift and alerts.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyHeader,
            Description = "An API key made with `streamml keys create`.",
        };
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT bearer token (Entra ID in Azure).",
        };

        // Either scheme will do; the platform's authentication mode decides whether one is needed at all.
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
        ];
    }
}
