using Orleans.Configuration;
using Orleans.Dashboard;
using OpenTelemetry.Metrics;
using StreamML.Grains;
using StreamML.Silo.Api;
using StreamML.Silo.Telemetry;

namespace StreamML.Silo.Hosting;

/// <summary>Hosts a StreamML silo in a web application: Orleans, the HTTP API, the dashboard, Prometheus metrics and the console line.</summary>
public static class StreamMLSiloHostingExtensions
{
    /// <summary>Adds the StreamML silo and its services to <paramref name="builder"/>.</summary>
    /// <exception cref="StreamMLConfigurationException">The configuration is invalid; every problem is listed.</exception>
    public static WebApplicationBuilder AddStreamMLSilo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(builder.Configuration["URLS"]))
        {
            builder.WebHost.UseUrls("http://localhost:8080");
        }

        var settings = StreamMLConfiguration.ReadValidated(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            if (string.Equals(settings.Clustering.Provider, "Localhost", StringComparison.OrdinalIgnoreCase))
            {
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
            }
            else
            {
                // Shared membership: every silo advertises its own address and ports, and a killed silo is declared
                // dead within seconds so its partitions and entity groups move to the survivors quickly.
                StreamML.Storage.StreamMLStorage.UseClustering(silo, settings.Clustering);
                silo.ConfigureEndpoints(System.Net.IPAddress.Parse(settings.AdvertisedAddress), settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = settings.ClusterId;
                    o.ServiceId = settings.ServiceId;
                });
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromSeconds(2);
                    o.NumMissedProbesLimit = 2;
                    o.NumVotesForDeathDeclaration = 1;
                    o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
                });
            }

            settings.Storage.Provider = settings.GrainStorage;
            StreamML.Storage.StreamMLStorage.AddSchemaInitializer(silo, settings.Storage, settings.Clustering);
            silo.AddStreamML(settings);
            silo.AddDashboard();
        });

        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(StreamMLDiagnostics.MeterName, "Microsoft.Orleans")
            .AddRuntimeInstrumentation()
            .AddProcessInstrumentation()
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());

        if (settings.ConsoleProgress)
        {
            builder.Services.AddHostedService<ConsoleProgress>();
        }

        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        return builder;
    }

    /// <summary>Maps the StreamML endpoints, the dashboard and the metrics endpoint.</summary>
    public static WebApplication MapStreamML(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapStreamMLApi();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOrleansDashboard("/dashboard");
        return app;
    }
}
