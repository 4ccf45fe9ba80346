using BenchmarkDotNet.Attributes;
using StreamML.Core.Entities;
using StreamML.Core.Events;
using StreamML.Core.Features;
using StreamML.Core.Generator;
using StreamML.Core.Models;
using StreamML.Core.Schema;
using StreamML.Core.Sources;
using StreamML.Testing.Models;
using StreamML.Testing.Platform;

namespace StreamML.Benchmarks;

/// <summary>
/// The per-event hot path without Orleans: windows and aggregates, then the feature vector scored by a FastTree model.
/// Every invocation replays the same generated stream into fresh entities, so figures are per event.
/// </summary>
[MemoryDiagnoser]
public class EntityProcessorBenchmarks
{
    private const int Events = 50_000;
    private readonly EntityOptions _options = new();
    private FeaturePlan _plan = null!;
    private EventEnvelope[] _events = [];
    private ScoringModel _model = null!;
    private ModelScorer _scorer = null!;

    /// <summary>Distinct entities in the stream: 1,000 is hot (50 events each), 25,000 is sparse (2 each).</summary>
    [Params(1_000, 25_000)]
    public int Entities { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var schema = GeneratorSchema.Create("bench");
        schema.MaxEventAge = null;
        _plan = FeaturePlan.Compile(schema);
        _events = [.. Read(new GeneratorOptions { Entities = Entities, Partitions = 1, Seed = 11, EventsPerSecond = 0, MaxEvents = Events, LabelFraction = 0, StartTime = Start })
            .Where(r => r.Event is not null).Select(r => new EventEnvelope(r.Event!, 0, r.Offset, 0))];
        _model = Train();
        _scorer = _model.Rent();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model.Return(_scorer);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public int FeaturesOnly() => Run(null);

    [Benchmark(OperationsPerInvoke = Events)]
    public int FeaturesAndFastTree() => Run(_scorer);

    private int Run(ModelScorer? scorer)
    {
        var entities = new Dictionary<string, EntityProcessor>(Entities, StringComparer.Ordinal);
        var scored = 0;
        foreach (var e in _events)
        {
            var entity = e.Event.Entity;
            if (!entities.TryGetValue(entity, out var processor))
            {
                processor = new EntityProcessor(entity, _plan, _options);
                entities.Add(entity, processor);
            }

            processor.Process(e, "bench", scorer, scorer is null ? PredictionRoute.Fallback : PredictionRoute.Champion, null, e.Event.TimeTicks, out var prediction);
            scored += prediction.IsFallback ? 0 : 1;
        }

        return scored;
    }

    private ScoringModel Train()
    {
        var entities = new Dictionary<string, EntityProcessor>(StringComparer.Ordinal);
        var set = new TrainingSet(_plan.VectorLength);
        var remember = new EntityOptions { RememberPredictions = 64 };
        foreach (var record in Read(new GeneratorOptions { Entities = 500, Partitions = 1, Seed = 12, EventsPerSecond = 0, MaxEvents = 20_000, StartTime = Start }))
        {
            if (record.Event is { } e)
            {
                if (!entities.TryGetValue(e.Entity, out var p))
                {
                    p = new EntityProcessor(e.Entity, _plan, remember);
                    entities.Add(e.Entity, p);
                }

                p.Process(new EventEnvelope(e, 0, record.Offset, 0), "bench", null, PredictionRoute.Fallback, null, e.TimeTicks, out _);
            }
            else if (record.Label is { } l && entities.TryGetValue(l.Entity, out var p) && p.ApplyLabel(l, out var joined) == LabelOutcome.Matched)
            {
                set.Add(joined.Features.Span, (float)joined.Label, joined.EventTicks);
            }
        }

        var trained = ModelTrainer.Train(set, ModelTask.BinaryClassification, new TrainingOptions { Trees = 100 });
        var info = TestModels.Describe(trained, "bench", _plan.SchemaHash, ModelTask.BinaryClassification, _plan.ColumnNames, reason: "bench", withFigures: true);
        return ScoringModel.Load(info, trained.Artifact, _plan.SchemaHash);
    }

    private static DateTimeOffset Start => TimeProvider.System.GetUtcNow().AddHours(-3);

    private static IEnumerable<SourceRecord> Read(GeneratorOptions options) => GeneratorRecords.ReadAllAsync(options).ToBlockingEnumerable();
}
