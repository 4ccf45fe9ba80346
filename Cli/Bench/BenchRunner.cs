using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamML.Core.Entities;
using StreamML.Core.Events;
using StreamML.Core.Features;
using StreamML.Core.Generator;
using StreamML.Core.Metrics;
using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.Core.Sources;
using StreamML.GrainInterfaces;
using StreamML.Grains.Options;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;
using StreamML.Silo.Hosting;

namespace StreamML.Cli.Bench;

/// <summary>
/// Runs the same stream, scored by the same model with the same feature code, twice in one process: a bare loop (no
/// Orleans, one thread per core, partitions split between threads so each entity lives on one thread) and the platform
/// end to end (generator → partition pumps → entity grains → predictions). Reports both rates and their ratio.
/// </summary>
internal static class BenchRunner
{
    public static async Task<BenchResult> RunAsync(BenchOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        var schema = GeneratorSchema.Create("bench");
        schema.MaxEventAge = null;
        var plan = FeaturePlan.Compile(schema);
        var entityOptions = new EntityOptions();
        var generator = StreamOptions(options);

        progress($"training the model (FastTree, {options.Trees} trees) on a labelled warm-up stream");
        var (info, artifact, examples) = TrainModel(plan, entityOptions, options);
        var model = ScoringModel.Load(info, artifact, plan.SchemaHash);

        progress($"bare loop: {options.Events:N0} events, {options.Entities:N0} entities, {Environment.ProcessorCount} threads");
        var bare = await RunBareAsync(plan, entityOptions, model, generator, cancellationToken).ConfigureAwait(false);

        progress("platform: in-process silo, generator source, partition pumps, entity grains");
        var platform = await RunPlatformAsync(schema, entityOptions, info, artifact, generator, null, null, null, cancellationToken).ConfigureAwait(false);

        PathResult? retraining = null, rerun = null;
        if (options.Retrain)
        {
            progress($"platform while retraining: the same events, {examples.Count:N0} labelled examples in the store, a new fit requested as soon as each finishes");
            retraining = await RunPlatformAsync(schema, entityOptions, info, artifact, generator, null, examples, options, cancellationToken).ConfigureAwait(false);
            if (retraining.Retrains is { Failed: > 0 } runs)
            {
                progress($"{runs.Failed} training runs failed during the pass; the last: {runs.LastError}");
            }

            // The first pass also pays for JIT tiering in a cold process (measured here at a third of a warm pass's rate),
            // so it cannot be the figure without retraining. The plain pass repeated after the retraining one is: if the
            // order favours anything, it favours the pass without retraining, so the ratio errs on the low side.
            progress("platform again, without retraining");
            rerun = await RunPlatformAsync(schema, entityOptions, info, artifact, generator, null, null, null, cancellationToken).ConfigureAwait(false);
        }

        PathResult? redis = null;
        if (options.Redis is { } connection)
        {
            progress($"redis streams: writing {options.Events:N0} events as JSON to {connection}");
            var streams = await RedisBench.FillAsync(connection, schema, generator, cancellationToken).ConfigureAwait(false);
            await using (streams.ConfigureAwait(false))
            {
                progress("platform over redis streams: in-process silo, redis source, partition pumps, entity grains");
                redis = await RunPlatformAsync(schema, entityOptions, info, artifact, generator, streams.Source, null, null, cancellationToken).ConfigureAwait(false);
            }
        }

        return new BenchResult
        {
            Events = options.Events,
            Entities = options.Entities,
            Cores = Environment.ProcessorCount,
            Model = $"FastTree {options.Trees} trees, {plan.VectorLength} features",
            BareEventsPerSecond = Math.Round(bare.EventsPerSecond, 1),
            PlatformEventsPerSecond = Math.Round(platform.EventsPerSecond, 1),
            Ratio = Math.Round(platform.EventsPerSecond / bare.EventsPerSecond, 4),
            P50Milliseconds = Math.Round(platform.P50, 3),
            P99Milliseconds = Math.Round(platform.P99, 3),
            BytesPerEntity = Math.Round(platform.BytesPerEntity, 0),
            BareBytesPerEntity = Math.Round(bare.BytesPerEntity, 0),
            ActiveEntities = platform.ActiveEntities,
            FallbackPredictions = platform.Fallbacks,
            RedisEventsPerSecond = redis is null ? null : Math.Round(redis.EventsPerSecond, 1),
            RedisRatio = redis is null ? null : Math.Round(redis.EventsPerSecond / platform.EventsPerSecond, 4),
            PlatformRerunEventsPerSecond = rerun is null ? null : Math.Round(rerun.EventsPerSecond, 1),
            PlatformRetrainingEventsPerSecond = retraining is null ? null : Math.Round(retraining.EventsPerSecond, 1),
            RetrainingRatio = retraining is null || rerun is null ? null : Math.Round(retraining.EventsPerSecond / rerun.EventsPerSecond, 4),
            RetrainsCompleted = retraining?.Retrains?.Completed,
            RetrainsFailed = retraining?.Retrains?.Failed,
            RetrainsDuringPass = retraining?.Retrains is { } r ? r.Completed + r.Failed + (r.Running ? 1 : 0) : null,
            RetrainingP50Milliseconds = retraining is null ? null : Math.Round(retraining.P50, 3),
            RetrainingP99Milliseconds = retraining is null ? null : Math.Round(retraining.P99, 3),
        };
    }

    private static GeneratorOptions StreamOptions(BenchOptions options)
    {
        const double nominalRate = 10_000;
        return new GeneratorOptions
        {
            Entities = options.Entities,
            Partitions = options.Partitions,
            Seed = options.Seed,
            EventsPerSecond = 0,
            NominalEventsPerSecond = nominalRate,
            MaxEvents = options.Events,
            LabelFraction = 0,
            StartTime = TimeProvider.System.GetUtcNow().AddSeconds(-options.Events / nominalRate).AddMinutes(-1),
        };
    }

    private static (ModelVersionInfo Info, byte[] Artifact, List<LabelledExample> Examples) TrainModel(FeaturePlan plan, EntityOptions entityOptions, BenchOptions options)
    {
        var warmup = new GeneratorOptions
        {
            Entities = Math.Min(options.Entities, 2_000),
            Partitions = 1,
            Seed = options.Seed + 1,
            EventsPerSecond = 0,
            MaxEvents = 40_000,
            StartTime = TimeProvider.System.GetUtcNow().AddHours(-2),
        };
        var source = new GeneratorSource(warmup, TimeProvider.System);
        var entities = new Dictionary<string, EntityProcessor>(StringComparer.Ordinal);
        var set = new TrainingSet(plan.VectorLength);
        var examples = new List<LabelledExample>();
        var remember = new EntityOptions { RememberPredictions = 64, PredictionTtl = entityOptions.PredictionTtl };
        foreach (var record in ReadAll(source, 0))
        {
            if (record.Event is { } e)
            {
                Processor(entities, e.Entity, plan, remember).Process(e, "bench", null, PredictionRoute.Fallback, null, e.TimeTicks, out _);
            }
            else if (record.Label is { } l && entities.TryGetValue(l.Entity, out var p) && p.ApplyLabel(l, out var joined) == LabelOutcome.Matched)
            {
                set.Add(joined.Features.Span, (float)joined.Label, joined.EventTicks);
                examples.Add(new LabelledExample { Features = joined.Features.ToArray(), Label = (float)joined.Label, EventTicks = joined.EventTicks, Prediction = float.NaN });
            }
        }

        var trained = ModelTrainer.Train(set, ModelTask.BinaryClassification, new TrainingOptions { Trees = options.Trees });
        var info = new ModelVersionInfo
        {
            Model = "bench",
            Version = 1,
            SchemaHash = plan.SchemaHash,
            Task = ModelTask.BinaryClassification,
            Trainer = nameof(TrainerKind.FastTree),
            Columns = [.. plan.ColumnNames],
            CreatedAt = TimeProvider.System.GetUtcNow(),
            TrainingExamples = trained.TrainingExamples,
            Metrics = trained.Metrics,
            Status = ModelStatus.Champion,
            ArtifactSha256 = Convert.ToHexStringLower(SHA256.HashData(trained.Artifact)),
            Normalization = trained.Normalization,
            Reason = "bench",
        };
        return (info, trained.Artifact, examples);
    }

    private static async Task<PathResult> RunBareAsync(FeaturePlan plan, EntityOptions entityOptions, ScoringModel model, GeneratorOptions generator, CancellationToken cancellationToken)
    {
        var source = new GeneratorSource(generator, TimeProvider.System);
        var partitions = await source.GetPartitionsAsync(cancellationToken).ConfigureAwait(false);
        var threads = Environment.ProcessorCount;
        var maps = new Dictionary<string, EntityProcessor>[threads];
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(w => Task.Factory.StartNew(
            () =>
            {
                var map = maps[w] = new Dictionary<string, EntityProcessor>(StringComparer.Ordinal);
                var scorer = model.Rent();
                long events = 0;
                double checksum = 0;
                foreach (var p in partitions.Where(p => p % threads == w))
                {
                    foreach (var record in ReadAll(source, p))
                    {
                        if (record.Event is not { } e)
                        {
                            continue;
                        }

                        var now = TimeProvider.System.GetUtcNow().UtcTicks;
                        Processor(map, e.Entity, plan, entityOptions).Process(e, "bench", scorer, PredictionRoute.Champion, null, now, out var prediction);
                        checksum += prediction.Probability;
                        events++;
                    }
                }

                model.Return(scorer);
                return (events, checksum);
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        var results = await Task.WhenAll(workers).ConfigureAwait(false);
        watch.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var entities = maps.Sum(m => m.Count);
        GC.KeepAlive(maps);
        var total = results.Sum(r => r.events);
        return new PathResult(total / watch.Elapsed.TotalSeconds, (after - before) / (double)Math.Max(1, entities), double.NaN, double.NaN, entities, 0);
    }

    /// <summary>
    /// One platform pass; with <paramref name="retrainExamples"/>, retraining is kept busy on them the whole pass, with the
    /// training settings of <paramref name="training"/>.
    /// </summary>
    private static async Task<PathResult> RunPlatformAsync(
        FeatureSchema schema,
        EntityOptions entityOptions,
        ModelVersionInfo info,
        byte[] artifact,
        GeneratorOptions generator,
        IEventSource? unbounded,
        IReadOnlyList<LabelledExample>? retrainExamples,
        BenchOptions? training,
        CancellationToken cancellationToken)
    {
        var data = Path.Combine(Path.GetTempPath(), "streamml-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            await new FileModelStore(Path.Combine(data, "models")).SaveAsync(info, artifact, cancellationToken).ConfigureAwait(false);
            var settings = new StreamMLSettings
            {
                Host =
                {
                    DataDirectory = data,
                    Source = SourceKind.None,
                    ConsoleProgress = false,
                    SiloPort = FreePort(),
                    GatewayPort = FreePort(),
                },
                Schema = schema,
                Entity = entityOptions,
                Generator = generator,
            };

            // The routing must not change mid-pass: new versions stay candidates. Training keeps the platform's defaults
            // unless --training-window or --training-nice say otherwise.
            settings.Model.Rollout.AutoRollout = AutoRolloutMode.None;
            if (training?.TrainingWindow is { } window)
            {
                settings.Model.TrainingWindow = window;
            }

            if (training?.TrainingNice is { } nice)
            {
                settings.Model.TrainingNice = nice;
            }

            var builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(settings.Host.SiloPort, settings.Host.GatewayPort);
                silo.AddStreamML(settings);
            });
            using var host = builder.Build();
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var services = host.Services;
                var router = services.GetRequiredService<ModelRouter>();
                await router.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (router.Current.Champion is null)
                {
                    throw new InvalidOperationException("the platform did not load the bench model");
                }

                var instruments = services.GetRequiredService<PlatformInstruments>();
                var latency = LatencyHistogram.NewBuckets();
                instruments.Latency.CopyTo(latency);
                var predictionsBefore = instruments.PredictionTotal;
                var fallbacksBefore = instruments.FallbackTotal;
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var before = GC.GetTotalMemory(forceFullCollection: true);

                using var pumps = new PumpHost(
                    unbounded ?? new GeneratorSource(generator, TimeProvider.System),
                    new InMemoryCheckpointStore(),
                    services.GetRequiredService<IGrainFactory>(),
                    services.GetRequiredService<IRecordDecoder>(),
                    services.GetRequiredService<DeadLetterSink>(),
                    instruments,
                    Options.Create(settings.Pump),
                    TimeProvider.System,
                    services.GetRequiredService<IClusterMembershipService>(),
                    services.GetRequiredService<ILocalSiloDetails>(),
                    router,
                    services.GetRequiredService<PlatformContext>(),
                    services.GetRequiredService<ILogger<PumpHost>>());
                var load = retrainExamples is null
                    ? null
                    : await RetrainingLoad.StartAsync(services.GetRequiredService<IGrainFactory>(), info.Model, retrainExamples, cancellationToken).ConfigureAwait(false);
                if (load is not null)
                {
                    await load.MarkAsync().ConfigureAwait(false);
                }

                var watch = Stopwatch.StartNew();
                await pumps.StartAsync(cancellationToken).ConfigureAwait(false);
                if (unbounded is null)
                {
                    await pumps.WhenCompletedAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // A log has no end: the run is over when every event written to it has been scored.
                    var seen = 0L;
                    var lastProgress = Stopwatch.StartNew();
                    while (instruments.PredictionTotal - predictionsBefore is var done && done < generator.MaxEvents)
                    {
                        if (done != seen)
                        {
                            seen = done;
                            lastProgress.Restart();
                        }
                        else if (lastProgress.Elapsed > TimeSpan.FromSeconds(60))
                        {
                            throw new InvalidOperationException($"the platform stopped at {done:N0} of {generator.MaxEvents:N0} events read from the log");
                        }

                        await Task.Delay(10, cancellationToken).ConfigureAwait(false);
                    }
                }

                watch.Stop();
                var retrains = load is null ? ((int, int, bool, string?)?)null : await load.StopAsync(settings.Model.TrainingTimeLimit).ConfigureAwait(false);
                var scored = instruments.PredictionTotal - predictionsBefore;
                if (scored != generator.MaxEvents)
                {
                    throw new InvalidOperationException($"the platform scored {scored:N0} events of {generator.MaxEvents:N0}");
                }

                var after = GC.GetTotalMemory(forceFullCollection: true);
                var active = instruments.ActiveEntities;
                var now = LatencyHistogram.NewBuckets();
                instruments.Latency.CopyTo(now);
                var result = new PathResult(
                    scored / watch.Elapsed.TotalSeconds,
                    (after - before) / (double)Math.Max(1, active),
                    LatencyHistogram.QuantileOfDelta(now, latency, 0.50) / 1_000,
                    LatencyHistogram.QuantileOfDelta(now, latency, 0.99) / 1_000,
                    active,
                    instruments.FallbackTotal - fallbacksBefore)
                {
                    Retrains = retrains,
                };
                await pumps.StopAsync(CancellationToken.None).ConfigureAwait(false);
                return result;
            }
            finally
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static EntityProcessor Processor(Dictionary<string, EntityProcessor> map, string entity, FeaturePlan plan, EntityOptions options)
    {
        if (!map.TryGetValue(entity, out var processor))
        {
            processor = new EntityProcessor(entity, plan, options);
            map.Add(entity, processor);
        }

        return processor;
    }

    private static IEnumerable<SourceRecord> ReadAll(GeneratorSource source, int partition)
    {
        var reader = source.OpenAsync(partition, null).AsTask().GetAwaiter().GetResult();
        var buffer = new SourceRecord[1_024];
        while (true)
        {
            var n = reader.ReadAsync(buffer).AsTask().GetAwaiter().GetResult();
            if (n < 0)
            {
                yield break;
            }

            for (var i = 0; i < n; i++)
            {
                yield return buffer[i];
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record PathResult(double EventsPerSecond, double BytesPerEntity, double P50, double P99, long ActiveEntities, long Fallbacks)
    {
        /// <summary>Training runs completed and failed during the pass, when it ran with retraining.</summary>
        public (int Completed, int Failed, bool Running, string? LastError)? Retrains { get; init; }
    }
}
