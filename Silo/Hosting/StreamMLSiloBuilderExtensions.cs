using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Persistence.FileStorage;
using Orleans.Storage;
using StreamML.Core.Encryption;
using StreamML.Core.Generator;
using StreamML.Core.Models;
using StreamML.Core.Privacy;
using StreamML.Core.Sources;
using StackExchange.Redis;
using StreamML.Grains;
using StreamML.Grains.Alerts;
using StreamML.Grains.Entities;
using StreamML.Grains.Options;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;
using StreamML.Silo.Protection;
using StreamML.Transports.Http;
using StreamML.Storage;
using StreamML.Storage.Encryption;
using StreamML.Storage.Models;
using StreamML.Transports.Kafka;
using StreamML.Transports.RedisStreams;

namespace StreamML.Silo.Hosting;

/// <summary>
/// The StreamML wiring of a silo, shared by the host and the test cluster: options, silo-local services, grain storage,
/// the source and its pumps, and the HTTP ingest queue. Clustering is left to the caller.
/// </summary>
public static class StreamMLSiloBuilderExtensions
{
    private static readonly string[] StorageNames = [GrainStorageNames.Entities, GrainStorageNames.Control];

    /// <summary>Adds StreamML to a silo with settings built in code; the options are handed out as built.</summary>
    /// <exception cref="StreamMLConfigurationException">The settings are invalid; every problem is listed.</exception>
    public static ISiloBuilder AddStreamML(this ISiloBuilder silo, StreamMLSettings settings)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new StreamMLConfigurationException(problems);
        }

        return silo.AddStreamML(settings, bindConfiguration: false);
    }

    /// <summary>
    /// Adds StreamML to a silo with validated <paramref name="settings"/>, which decide the wiring (source, grain storage,
    /// alert sinks). With <paramref name="bindConfiguration"/>, the options are bound from configuration, where the
    /// settings were read from; otherwise they are the settings' own.
    /// </summary>
    internal static ISiloBuilder AddStreamML(this ISiloBuilder silo, StreamMLSettings settings, bool bindConfiguration)
    {
        var services = silo.Services;
        var host = settings.Host;
        var data = host.DataPath;

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<TimeProvider>(PlatformContext.ClockKey, static (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.AddMetrics();
        foreach (var section in StreamMLSections.All)
        {
            section.Register(services, settings, bindConfiguration);
        }

        services.AddSingleton<PlatformContext>();
        services.AddSingleton<PlatformInstruments>();
        services.TryAddSingleton<IModelStore>(sp => CreateModelStore(OptionsOf<ModelStoreSettings>(sp), data, ModelSigningOptionsValidator.SignerOf(OptionsOf<ModelSigningOptions>(sp))));
        services.AddSingleton<ModelCache>();
        services.AddSingleton<TrainingPool>();
        services.AddSingleton<PredictionSink>();
        services.AddSingleton<ModelAnomalyDetector>();
        services.AddSingleton<GroupOutcomeSink>();
        AddAlerting(services, settings.Alerts);
        AddHosted<ModelRouter>(services);
        AddHosted<DeadLetterSink>(services);
        AddHosted<ExampleSink>(services);
        AddHosted<DriftAggregator>(services);
        AddHosted<MetricsAggregator>(services);
        services.AddSingleton(sp => PrivacyKey.CreatePseudonymiser(OptionsOf<PrivacyOptions>(sp)));
        services.AddSingleton(sp => RecordDecoders.Json(sp.GetRequiredService<PlatformContext>(), sp.GetRequiredService<Pseudonymiser>()));
        services.AddSingleton<PartitionPumpFactory>();
        services.AddSingleton<Api.RequestDecoder>();

        services.AddSingleton(sp => new HttpIngestSource(OptionsOf<StreamMLHostOptions>(sp).HttpQueueCapacity, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<HttpIngestPump>();

        AddSource(services, host.Source);
        if (host.Source != SourceKind.None)
        {
            services.TryAddSingleton<ICheckpointStore>(sp => CreateCheckpointStore(OptionsOf<CheckpointSettings>(sp), data));
            AddHosted<PumpHost>(services);
        }

        foreach (var name in StorageNames)
        {
            if (host.GrainStorage == GrainStorageProvider.File)
            {
                silo.AddCrashSafeFileGrainStorage(name, o => o.RootDirectory = Path.Combine(data, "state", name));

                // Binary state: entity groups are byte blobs, which JSON would inflate into base64 text.
                services.AddOptions<FileGrainStorageOptions>(name)
                    .Configure<Orleans.Serialization.Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            }
            else
            {
                silo.AddStreamMLGrainStorage(name, host.GrainStorage, settings.Storage);
            }
        }

        if (settings.Encryption.Enabled)
        {
            AddEncryptionAtRest(silo);
        }

        return silo;
    }

    /// <summary>
    /// Encrypts grain state and model artefacts; last, so it wraps whichever grain storage and model store the wiring
    /// above (or the caller, before it) registered.
    /// </summary>
    private static void AddEncryptionAtRest(ISiloBuilder silo)
    {
        var services = silo.Services;
        services.AddSingleton(sp => EncryptionKeys.CreateCipher(OptionsOf<EncryptionOptions>(sp)));
        silo.AddGrainStateEncryption(StorageNames);
        var store = services.Last(d => d.ServiceType == typeof(IModelStore) && !d.IsKeyedService);
        services.Remove(store);
        services.AddSingleton<IModelStore>(sp => new EncryptingModelStore(CreateModelStore(store, sp), sp.GetRequiredService<EnvelopeCipher>()));
    }

    private static IModelStore CreateModelStore(ServiceDescriptor registered, IServiceProvider services) =>
        (IModelStore)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!));

    private static void AddSource(IServiceCollection services, SourceKind source)
    {
        switch (source)
        {
            case SourceKind.Generator:
                services.TryAddSingleton<IEventSource>(sp => new GeneratorSource(OptionsOf<GeneratorOptions>(sp), sp.GetRequiredService<TimeProvider>()));
                break;
            case SourceKind.RedisStreams:
                services.TryAddSingleton<IEventSource>(sp =>
                {
                    var redis = OptionsOf<RedisStreamsOptions>(sp);
                    return new RedisStreamsSource(Connect(redis.ConnectionString!), redis, sp.GetRequiredService<TimeProvider>(), ownsConnection: true);
                });
                break;
            case SourceKind.Kafka:
                services.TryAddSingleton<IEventSource>(sp => new KafkaSource(OptionsOf<KafkaSourceOptions>(sp)));
                break;
            case SourceKind.EventHubs:
                services.TryAddSingleton<IEventSource>(sp => KafkaSource.ForEventHubs(OptionsOf<EventHubsKafkaOptions>(sp)));
                break;
        }
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

    private static ICheckpointStore CreateCheckpointStore(CheckpointSettings checkpoints, string data) => checkpoints.Provider switch
    {
        CheckpointProvider.Redis => new RedisCheckpointStore(Connect(checkpoints.Redis.ConnectionString!), checkpoints.RedisKeyPrefix),
        CheckpointProvider.AzureBlob => new AzureBlobCheckpointStore(checkpoints.AzureBlob),
        _ => new FileCheckpointStore(Path.Combine(data, "checkpoints")),
    };

    private static IModelStore CreateModelStore(ModelStoreSettings store, string data, ModelSigner? signer) => store.Provider switch
    {
        ModelStoreProvider.AzureBlob => new AzureBlobModelStore(store.AzureBlob, signer),
        ModelStoreProvider.PostgreSql => new PostgresModelStore(store.PostgreSql, signer),
        ModelStoreProvider.Redis => new RedisModelStore(Connect(store.Redis.ConnectionString!), store.Redis.KeyPrefix, signer, ownsConnection: true),
        _ => new FileModelStore(Path.Combine(data, "models"), signer),
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

    private static T OptionsOf<T>(IServiceProvider services)
        where T : class => services.GetRequiredService<IOptions<T>>().Value;

    private static void AddHosted<T>(IServiceCollection services)
        where T : class, IHostedService
    {
        services.AddSingleton<T>();
        services.AddHostedService(sp => sp.GetRequiredService<T>());
    }
}
