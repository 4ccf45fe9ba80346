using System.Diagnostics;
using System.Security.Cryptography;
using StreamML.Core.Entities;
using StreamML.Core.Events;
using StreamML.Core.Features;
using StreamML.Core.Generator;
using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.Core.Sources;
using StreamML.GrainInterfaces;

namespace StreamML.Cli.Bench;

/// <summary>The bare side of the comparison, and the model both sides score with: plain entity processors on plain threads.</summary>
internal static partial class BenchRunner
{
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
                Processor(entities, e.Entity, plan, remember).Process(new EventEnvelope(e, 0, record.Offset, 0), "bench", null, PredictionRoute.Fallback, null, e.TimeTicks, out _);
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
                        Processor(map, e.Entity, plan, entityOptions).Process(new EventEnvelope(e, p, record.Offset, 0), "bench", scorer, PredictionRoute.Champion, null, now, out var prediction);
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
}
