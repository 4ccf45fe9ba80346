using Orleans.Configuration;
using Orleans.Dashboard;
using OpenTelemetry.Metrics;
using StreamML.Grains;
using StreamML.Silo.Api;
using StreamML.Silo.Security;
using StreamML.Silo.Telemetry;
using StreamML.Silo.Transport;
using StreamML.Storage;

namespace StreamML.Silo.Hosting;

/// <summary>Hosts a StreamML silo in a web application: Orleans, the HTTP API, the dashboard, Prometheus metrics and the console line.</summary>
public static class StreamMLSiloHostingExtensions
{
    private const string AspNetCoreLogCategory = "Microsoft.AspNetCore";

    /// <summary>Adds the StreamML silo and its services to <paramref name="builder"/>.</summary>
    /// <exception cref="StreamMLConfigurationException">The configuration is invalid; every problem is listed.</exception>
    public static WebApplicationBuilder AddStreamMLSilo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = StreamMLConfiguration.ReadValidated(builder.Configuration, ListenAddresses.OpenModeProblems(builder.Configuration));
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(builder.Configuration["URLS"]))
        {
            builder.WebHost.UseUrls(settings.Https.Enabled ? HttpsHosting.DefaultHttpsUrl : "http://localhost:8080");
        }

        builder.AddStreamMLHttps(settings.Https);
        var host = settings.Host;
        builder.UseOrleans(silo =>
        {
            if (settings.Clustering.Provider == ClusteringProvider.Localhost)
            {
                silo.UseLocalhostClustering(host.SiloPort, host.GatewayPort, serviceId: host.ServiceId, clusterId: host.ClusterId);
            }
            else
            {
                // Shared membership: every silo advertises its own address and ports.
                silo.UseStreamMLClustering(settings.Clustering);
                // The ports listen on the advertised address only, not on every interface of the machine.
                silo.ConfigureEndpoints(AdvertisedAddresses.Resolve(host), host.SiloPort, host.GatewayPort, listenOnAnyHostAddress: false);
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = host.ClusterId;
                    o.ServiceId = host.ServiceId;
                });
            }

            // A silo is declared dead only after several missed probes, so a long GC or a frozen process is not taken
            // for a crash, which would restart every pump it ran from its checkpoint.
            var membership = settings.Membership;
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = membership.ProbeTimeout;
                o.NumMissedProbesLimit = membership.MissedProbesLimit;
                o.NumProbedSilos = membership.ProbedSilos;
                o.NumVotesForDeathDeclaration = membership.VotesForDeathDeclaration;
                o.DeathVoteExpirationTimeout = membership.DeathVoteExpiration;
                o.IAmAliveTablePublishTimeout = membership.IAmAliveInterval;
            });

            if (settings.Tls.Enabled)
            {
                silo.UseStreamMLTls(settings.Tls);
            }

            silo.AddOrleansSchemaInitializer(host.GrainStorage, settings.Storage, settings.Clustering);
            silo.AddStreamML(settings, bindConfiguration: true);
            silo.AddDashboard();
        });

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = host.ShutdownTimeout);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(StreamMLDiagnostics.MeterName, "Microsoft.Orleans")
            .AddRuntimeInstrumentation()
            .AddProcessInstrumentation()
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());

        if (host.ConsoleProgress)
        {
            builder.Services.AddHostedService<ConsoleProgress>();
        }

        if (settings.Privacy.Pseudonymise)
        {
            // ASP.NET Core's request lines and route matching log the raw path, and GET and DELETE /v1/entities/{id}
            // take the raw id; added after the configuration's rules, this one wins over theirs.
            builder.Logging.AddFilter(AspNetCoreLogCategory, LogLevel.Warning);
        }

        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            ApiJson.Configure(o.SerializerOptions);

            // The API reads its request bodies with its own decoders, so these options only write answers and describe
            // them: strict numbers make the OpenAPI document say "number", not "number or numeric string".
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        builder.Services.AddStreamMLOpenApi();
        builder.Services.AddStreamMLSecurity(settings.Auth);
        builder.Services.AddStreamMLLimits(settings.Api);
        return builder;
    }

    /// <summary>Maps the StreamML endpoints, the OpenAPI document, the dashboard and the metrics endpoint, each behind its authorization policy.</summary>
    public static WebApplication MapStreamML(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStreamMLHttps();
        app.UseStreamMLSecurity();
        app.MapStreamMLApi();
        app.MapAuditApi();
        app.MapStreamMLOpenApi().RequireAuthorization(StreamMLPolicies.Reader);
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(StreamMLPolicies.Reader);
        app.MapOrleansDashboard("/dashboard").RequireAuthorization(StreamMLPolicies.Reader);
        return app;
    }
}
