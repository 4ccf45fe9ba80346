using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Persistence.FileStorage;
using Orleans.Storage;
using StreamML.Core.Generator;
using StreamML.Core.Models;
using StreamML.Core.Sources;
using StreamML.Grains;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;
using StreamML.Silo.Ingest;

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
        services.AddMetrics();
        services.AddSingleton(settings);
        services.AddSingleton(Options.Create(settings.Schema));
        services.AddSingleton(Options.Create(settings.Entity));
        services.AddSingleton(Options.Create(settings.Model));
        services.AddSingleton(Options.Create(settings.Pump));
        services.AddSingleton(Options.Create(settings.DeadLetter));
        services.AddSingleton(Options.Create(settings.Generator));

        services.AddSingleton<PlatformContext>();
        services.AddSingleton<PlatformInstruments>();
        services.TryAddSingleton<IModelStore>(_ => new FileModelStore(Path.Combine(data, "models")));
        services.AddSingleton<ModelCache>();
        services.AddSingleton<TrainingPool>();
        services.AddSingleton<PredictionSink>();
        AddHosted<ModelRouter>(services);
        AddHosted<DeadLetterSink>(services);
        AddHosted<ExampleSink>(services);
        AddHosted<MetricsAggregator>(services);
        services.AddSingleton<IRecordDecoder, JsonRecordDecoder>();
        services.AddSingleton<Api.RequestDecoder>();

        services.AddSingleton(sp => new HttpIngestSource(settings.HttpQueueCapacity, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<HttpIngestPump>();

        if (settings.Source == SourceKind.Generator)
        {
            services.TryAddSingleton<IEventSource>(sp => new GeneratorSource(settings.Generator, sp.GetRequiredService<TimeProvider>()));
        }

        if (settings.Source != SourceKind.None)
        {
            services.TryAddSingleton<ICheckpointStore>(_ => new FileCheckpointStore(Path.Combine(data, "checkpoints")));
            AddHosted<PumpHost>(services);
        }

        if (string.Equals(settings.GrainStorage, "Memory", StringComparison.OrdinalIgnoreCase))
        {
            silo.AddMemoryGrainStorage(StreamMLStorage.Entities);
            silo.AddMemoryGrainStorage(StreamMLStorage.Control);
        }
        else
        {
            foreach (var name in new[] { StreamMLStorage.Entities, StreamMLStorage.Control })
            {
                silo.AddFileGrainStorage(name, o => o.RootDirectory = Path.Combine(data, "state", name));

                // Binary state: entity groups are byte blobs, which JSON would inflate into base64 text.
                services.AddOptions<FileGrainStorageOptions>(name)
                    .Configure<Orleans.Serialization.Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            }
        }

        return silo;
    }

    private static void AddHosted<T>(IServiceCollection services)
        where T : class, IHostedService
    {
        services.AddSingleton<T>();
        services.AddHostedService(sp => sp.GetRequiredService<T>());
    }
}
