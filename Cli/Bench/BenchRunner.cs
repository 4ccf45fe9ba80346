using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using StreamML.Core.Entities;
using StreamML.Core.Features;
using StreamML.Core.Generator;
using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.Core.Sources;
using StreamML.GrainInterfaces;
using StreamML.Grains.Options;
using StreamML.Silo.Hosting;

namespace StreamML.Cli.Bench;

/// <summary>
/// Runs the same stream, scored by the same model with the same feature code, twice in one process: a bare loop (no
/// Orleans, one thread per core, partitions split between threads so each entity lives on one thread) and the platform
/// end to end (generator → partition pumps → entity grains → predictions). Reports both rates and their ratio.
/// </summary>
internal static partial class BenchRunner
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

            var platform = await InProcessPlatform.StartAsync(settings, WarningsToStandardError, cancellationToken).ConfigureAwait(false);
            await using (platform.ConfigureAwait(false))
            {
                await platform.WhenReadyAsync(cancellationToken).ConfigureAwait(false);
                if (platform.ReadFigures().ServingVersion == 0)
                {
                    throw new InvalidOperationException("the platform did not load the bench model");
                }

                var before = platform.ReadFigures();
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

                var source = unbounded ?? new GeneratorSource(generator, TimeProvider.System);
                var load = retrainExamples is null
                    ? null
                    : await RetrainingLoad.StartAsync(platform.Grains, info.Model, retrainExamples, cancellationToken).ConfigureAwait(false);
                if (load is not null)
                {
                    await load.MarkAsync().ConfigureAwait(false);
                }

                var watch = Stopwatch.StartNew();
                var run = await platform.StartSourceAsync(source, cancellationToken).ConfigureAwait(false);
                await using (run.ConfigureAwait(false))
                {
                    if (unbounded is null)
                    {
                        await run.WhenCompletedAsync(cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        // A log has no end: the run is over when every event written to it has been scored.
                        await run.WhenPredictedAsync(generator.MaxEvents ?? long.MaxValue, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
                    }

                    watch.Stop();
                    var retrains = load is null ? ((int, int, bool, string?)?)null : await load.StopAsync(settings.Model.TrainingTimeLimit).ConfigureAwait(false);
                    var after = platform.ReadFigures();
                    var scored = after.Predictions - before.Predictions;
                    if (scored != generator.MaxEvents)
                    {
                        throw new InvalidOperationException($"the platform scored {scored:N0} events of {generator.MaxEvents:N0}");
                    }

                    var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
                    var active = platform.ReadFigures().ActiveEntities;
                    return new PathResult(
                        scored / watch.Elapsed.TotalSeconds,
                        (memoryAfter - memoryBefore) / (double)Math.Max(1, active),
                        after.LatencyQuantileSince(before, 0.50),
                        after.LatencyQuantileSince(before, 0.99),
                        active,
                        after.Fallbacks - before.Fallbacks)
                    {
                        Retrains = retrains,
                    };
                }
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

    /// <summary>
    /// The silo's warnings (a starved timer on a busy machine, say) go to stderr, so that stdout holds nothing but the
    /// result and <c>--json</c> stays parseable.
    /// </summary>
    private static void WarningsToStandardError(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    private sealed record PathResult(double EventsPerSecond, double BytesPerEntity, double P50, double P99, long ActiveEntities, long Fallbacks)
    {
        /// <summary>Training runs completed and failed during the pass, when it ran with retraining.</summary>
        public (int Completed, int Failed, bool Running, string? LastError)? Retrains { get; init; }
    }
}
