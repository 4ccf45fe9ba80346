using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.IdentityModel.Tokens;
using StreamML.Contracts;
using Microsoft.Extensions.Options;

namespace StreamML.Silo.Security;

/// <summary>Wires who may call the HTTP API: the JWT and API-key schemes, the role policies and the mode's start-up line.</summary>
internal static partial class StreamMLSecurityExtensions
{
    /// <summary>The scheme every request is authenticated with; it hands the request to the API-key or JWT scheme by its headers.</summary>
    public const string Scheme = "StreamML";

    /// <summary>The API-key scheme.</summary>
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>Registers authentication and the role policies of <paramref name="auth"/>'s mode.</summary>
    public static IServiceCollection AddStreamMLSecurity(this IServiceCollection services, StreamMLAuthOptions auth)
    {
        services.AddSingleton<ApiKeyRing>();
        services.AddSingleton<AuditLog>();
        var jwt = auth.JwtConfigured;
        var authentication = services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "API key or JWT bearer", o => o.ForwardDefaultSelector = context => SchemeFor(context.Request, jwt, auth.ApiKeys.Count > 0))
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, null);
        if (jwt)
        {
            authentication.AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, o => ConfigureJwt(o, auth.Jwt));
        }

        services.AddAuthorization(o => StreamMLPolicies.Add(o, auth.Mode));
        return services;
    }

    /// <summary>Adds authentication and authorization to the pipeline and says at start-up how the API is protected.</summary>
    public static WebApplication UseStreamMLSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        var audit = app.Services.GetRequiredService<AuditLog>();
        app.Use((context, next) =>
        {
            // The route's pattern, not the path: a path can hold an entity id, which the audit log must not keep.
            if (context.User.IsInRole(StreamMLRoles.Admin))
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                audit.Record(Caller.NameOf(context.User), "admin.request", $"{context.Request.Method} {(route.StartsWith('/') ? route : "/" + route)}");
            }

            return next(context);
        });
        app.UseStreamMLLimits();
        app.UseAuthorization();
        var auth = app.Services.GetRequiredService<IOptions<StreamMLAuthOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StreamMLSecurityExtensions).Namespace!);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
            if (auth.Mode == AuthMode.Required)
            {
                LogRequired(logger, string.Join(", ", addresses), auth.ApiKeys.Count, auth.JwtConfigured);
            }
            else if (addresses.All(ListenAddresses.IsLoopback))
            {
                LogOpen(logger, string.Join(", ", addresses));
            }
            else
            {
                // The configuration was checked before start; an address bound in code is caught here.
                LogOpenBeyondLoopback(logger, string.Join(", ", addresses));
                app.Lifetime.StopApplication();
            }
        });
        return app;
    }

    private static string SchemeFor(HttpRequest request, bool jwt, bool apiKeys)
    {
        if (request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName))
        {
            return ApiKeyScheme;
        }

        var bearer = request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        return jwt && (bearer || !apiKeys) ? JwtBearerDefaults.AuthenticationScheme : ApiKeyScheme;
    }

    private static void ConfigureJwt(JwtBearerOptions options, JwtAuthOptions jwt)
    {
        if (!string.IsNullOrWhiteSpace(jwt.Authority))
        {
            options.Authority = jwt.Authority;
        }

        options.Audience = jwt.Audience;
        options.TokenValidationParameters.ValidAudience = jwt.Audience;
        if (jwt.SigningKeys.Count > 0)
        {
            // Tokens from the authority (when there is one) keep validating against its discovered keys and issuer;
            // these add the configured ones.
            options.TokenValidationParameters.ValidIssuer = jwt.Issuer;
            options.TokenValidationParameters.IssuerSigningKeys = [.. jwt.SigningKeys.Select(k => new SymmetricSecurityKey(Convert.FromBase64String(k)))];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The HTTP API is open on loopback ({Addresses}): StreamML:Auth:Mode is Open, so anyone on this machine can call it without credentials; set StreamML:Auth:Mode=Required to ask for them (docs/security.md).")]
    private static partial void LogOpen(ILogger logger, string addresses);

    [LoggerMessage(Level = LogLevel.Information, Message = "The HTTP API on {Addresses} requires credentials: {ApiKeys} API keys configured; JWT bearer tokens accepted: {JwtAccepted}.")]
    private static partial void LogRequired(ILogger logger, string addresses, int apiKeys, bool jwtAccepted);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The HTTP API listens beyond loopback ({Addresses}) while StreamML:Auth:Mode is Open; stopping. Set StreamML:Auth:Mode=Required (docs/security.md).")]
    private static partial void LogOpenBeyondLoopback(ILogger logger, string addresses);
}
