using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Persistence.FileStorage;
using Orleans.Storage;
using StreamML.Core.Generator;
using StreamML.Core.Models;
using StreamML.Core.Sources;
using StackExchange.Redis;
using StreamML.Grains;
using StreamML.Grains.Alerts;
using StreamML.Grains.Options;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;
using StreamML.Transports.Http;
using StreamML.Storage;
using StreamML.Transports.Kafka;
using StreamML.Transports.RedisStreams;

namespace StreamML.Silo.Hosting;

/// <summary>
/// The StreamML wiring of a silo, shared by the host and the test cluster: options, silo-local services, grain storage,
/// the source and its pumps, and the HTTP ingest queue. Clustering is left to the caller.
/// </summary>
public static class StreamMLSiloBuilderExtensions
{
    /// <summary>Adds StreamML to a silo with already validated settings.</summary>
    public static ISiloBuilder AddStreamML(this ISiloBuilder silo, StreamMLSettings settings)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(settings);
        var services = silo.Services;
        var data = settings.DataPath;

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<TimeProvider>(PlatformContext.ClockKey, static (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.AddMetrics();
        services.AddSingleton(settings);
        services.AddSingleton(Options.Create(settings.Schema));
        services.AddSingleton(Options.Create(settings.Entity));
        services.AddSingleton(Options.Create(settings.Model));
        services.AddSingleton(Options.Create(settings.Pump));
        services.AddSingleton(Options.Create(settings.DeadLetter));
        services.AddSingleton(Options.Create(settings.Drift));
        services.AddSingleton(Options.Create(settings.Generator));
        services.AddSingleton(Options.Create(settings.Anomaly));
        services.AddSingleton(Options.Create(settings.Alerts));

        services.AddSingleton<PlatformContext>();
        services.AddSingleton<PlatformInstruments>();
        services.TryAddSingleton<IModelStore>(_ => new FileModelStore(Path.Combine(data, "models")));
        services.AddSingleton<ModelCache>();
        services.AddSingleton<TrainingPool>();
        services.AddSingleton<PredictionSink>();
        services.AddSingleton<ModelAnomalyDetector>();
        AddAlerting(services, settings.Alerts);
        AddHosted<ModelRouter>(services);
        AddHosted<DeadLetterSink>(services);
        AddHosted<ExampleSink>(services);
        AddHosted<DriftAggregator>(services);
        AddHosted<MetricsAggregator>(services);
        services.AddSingleton<IRecordDecoder, JsonRecordDecoder>();
        services.AddSingleton<Api.RequestDecoder>();

        services.AddSingleton(sp => new HttpIngestSource(settings.HttpQueueCapacity, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<HttpIngestPump>();

        switch (settings.Source)
        {
            case SourceKind.Generator:
                services.TryAddSingleton<IEventSource>(sp => new GeneratorSource(settings.Generator, sp.GetRequiredService<TimeProvider>()));
                break;
            case SourceKind.RedisStreams:
                services.TryAddSingleton<IEventSource>(sp => new RedisStreamsSource(
                    Connect(settings.Sources.RedisStreams.ConnectionString!), settings.Sources.RedisStreams, sp.GetRequiredService<TimeProvider>(), ownsConnection: true));
                break;
            case SourceKind.Kafka:
                services.TryAddSingleton<IEventSource>(_ => new KafkaSource(settings.Sources.Kafka));
                break;
            case SourceKind.EventHubs:
                services.TryAddSingleton<IEventSource>(_ => KafkaSource.ForEventHubs(settings.Sources.EventHubs));
                break;
        }

        if (settings.Source != SourceKind.None)
        {
            services.TryAddSingleton<ICheckpointStore>(_ => CreateCheckpointStore(settings.Checkpoints, data));
            AddHosted<PumpHost>(services);
        }

        if (string.Equals(settings.GrainStorage, "Memory", StringComparison.OrdinalIgnoreCase))
        {
            silo.AddMemoryGrainStorage(GrainStorageNames.Entities);
            silo.AddMemoryGrainStorage(GrainStorageNames.Control);
        }
        else if (!string.Equals(settings.GrainStorage, "File", StringComparison.OrdinalIgnoreCase))
        {
            settings.Storage.Provider = settings.GrainStorage;
            foreach (var name in new[] { GrainStorageNames.Entities, GrainStorageNames.Control })
            {
                StreamML.Storage.StreamMLStorage.AddGrainStorage(silo, name, settings.Storage);
            }
        }
        else
        {
            foreach (var name in new[] { GrainStorageNames.Entities, GrainStorageNames.Control })
            {
                silo.AddFileGrainStorage(name, o => o.RootDirectory = Path.Combine(data, "state", name));

                // Binary state: entity groups are byte blobs, which JSON would inflate into base64 text.
                services.AddOptions<FileGrainStorageOptions>(name)
                    .Configure<Orleans.Serialization.Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            }
        }

        return silo;
    }

    private static void AddAlerting(IServiceCollection services, AlertOptions alerts)
    {
        if (alerts.Log)
        {
            services.AddSingleton<IAlertSink, LogAlertSink>();
        }

        if (alerts.Webhook.Url is not null)
        {
            services.AddSingleton<IAlertSink, WebhookAlertSink>();
        }

        AddHosted<AlertDispatcher>(services);
        AddHosted<AlertReporter>(services);
    }

    private static ICheckpointStore CreateCheckpointStore(CheckpointSettings checkpoints, string data) =>
        checkpoints.Provider.ToUpperInvariant() switch
        {
            "REDIS" => new RedisCheckpointStore(Connect(checkpoints.Redis.ConnectionString!), checkpoints.RedisKeyPrefix),
            "AZUREBLOB" => new AzureBlobCheckpointStore(checkpoints.AzureBlob),
            _ => new FileCheckpointStore(Path.Combine(data, "checkpoints")),
        };

    /// <summary>
    /// Connects without failing when Redis is down at start-up: the connection keeps retrying in the background and
    /// the pumps report the source as unavailable until it answers.
    /// </summary>
    private static ConnectionMultiplexer Connect(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        return ConnectionMultiplexer.Connect(options);
    }

    private static void AddHosted<T>(IServiceCollection services)
        where T : class, IHostedService
    {
        services.AddSingleton<T>();
        services.AddHostedService(sp => sp.GetRequiredService<T>());
    }
}
