using System.Buffers;
using StreamML.Core.Entities;
using StreamML.Core.Events;
using StreamML.Core.Features;
using StreamML.Core.Generator;
using StreamML.Core.Models;
using StreamML.Testing.Models;

namespace StreamML.Core.Tests.Entities;

[Trait("Category", "BVT")]
public sealed class EntityProcessorTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero).UtcTicks;
    private static readonly FeaturePlan Plan = FeaturePlan.Compile(GeneratorSchema.Create());

    private static EventEnvelope Event(string id, int second, int partition = -1, long sequence = 0) =>
        new(new StreamEvent(id, "m-1", T0 + (second * TimeSpan.TicksPerSecond), [1000 + second, 230, 20, 0.5f]), partition, sequence, 0);

    private static EventOutcome Process(EntityProcessor p, in EventEnvelope e, out Prediction prediction) =>
        p.Process(e, "default", null, PredictionRoute.Champion, null, T0, out prediction);

    [Fact]
    public void Process_WithoutModel_GivesAMarkedFallback()
    {
        var p = new EntityProcessor("m-1", Plan, new EntityOptions());
        Assert.Equal(EventOutcome.Scored, Process(p, Event("a", 0), out var prediction));

        Assert.True(prediction.IsFallback);
        Assert.Equal(0, prediction.ModelVersion);
        Assert.True(float.IsNaN(prediction.Score));
        Assert.Equal(0.5f, prediction.Probability);
        Assert.Equal(Plan.VectorLength, p.CurrentFeatures.Length);
        Assert.Equal(1000f, p.CurrentFeatures[0]);
    }

    [Fact]
    public void Process_ReplayedOffsets_AreSkippedPerPartition()
    {
        var p = new EntityProcessor("m-1", Plan, new EntityOptions());
        Assert.Equal(EventOutcome.Scored, Process(p, Event("a", 0, partition: 0, sequence: 10), out _));
        Assert.Equal(EventOutcome.Scored, Process(p, Event("b", 1, partition: 1, sequence: 5), out _));
        Assert.Equal(EventOutcome.Duplicate, Process(p, Event("a", 0, partition: 0, sequence: 10), out _));
        Assert.Equal(EventOutcome.Duplicate, Process(p, Event("x", 2, partition: 0, sequence: 9), out _));
        Assert.Equal(EventOutcome.Scored, Process(p, Event("c", 3, partition: 0, sequence: 11), out _));
        Assert.Equal(EventOutcome.Scored, Process(p, Event("d", 4, partition: -1), out _));
        Assert.Equal(EventOutcome.Scored, Process(p, Event("d", 4, partition: -1), out _));

        Assert.Equal(2, p.Duplicates);
        Assert.Equal(5, p.Scored);
        Assert.Equal(new Dictionary<int, long> { [0] = 11, [1] = 5 }, p.AppliedOffsets.ToDictionary(kv => kv.Key, kv => kv.Value));
    }

    [Fact]
    public void ApplyLabel_JoinsOnceWithinTheRingAndTtl()
    {
        var p = new EntityProcessor("m-1", Plan, new EntityOptions { RememberPredictions = 3, PredictionTtl = TimeSpan.FromMinutes(1) });
        for (var i = 0; i < 5; i++)
        {
            Process(p, Event("e" + i, i), out _);
        }

        Assert.Equal(LabelOutcome.Unmatched, p.ApplyLabel(new LabelEvent("e0", "m-1", 1), out _));
        Assert.Equal(LabelOutcome.Matched, p.ApplyLabel(new LabelEvent("e3", "m-1", 1), out var joined));
        Assert.Equal("e3", joined.EventId);
        Assert.Equal(1003f, joined.Features.Span[0]);
        Assert.Equal(LabelOutcome.Duplicate, p.ApplyLabel(new LabelEvent("e3", "m-1", 0), out _));
        Assert.Equal(LabelOutcome.Expired, p.ApplyLabel(new LabelEvent("e4", "m-1", 1, T0 + TimeSpan.FromMinutes(5).Ticks), out _));
        Assert.Equal(1, p.LabelsMatched);
    }

    [Fact]
    public void Snapshot_RestoresOffsetsWindowsAndRememberedPredictions()
    {
        var options = new EntityOptions { RememberPredictions = 4 };
        var p = new EntityProcessor("m-1", Plan, options);
        for (var i = 0; i < 6; i++)
        {
            Process(p, Event("e" + i, i, partition: 2, sequence: 100 + i), out _);
        }

        var buffer = new ArrayBufferWriter<byte>();
        p.WriteTo(buffer);
        var restored = EntityProcessor.ReadFrom("m-1", Plan, options, buffer.WrittenSpan);

        Assert.Equal(EventOutcome.Duplicate, Process(restored, Event("e5", 5, partition: 2, sequence: 105), out _));
        Assert.Equal(LabelOutcome.Matched, restored.ApplyLabel(new LabelEvent("e4", "m-1", 1), out var joined));
        Assert.Equal(1004f, joined.Features.Span[0]);
        Assert.Equal(EventOutcome.Scored, Process(restored, Event("e6", 6, partition: 2, sequence: 106), out _));
        Process(p, Event("e6", 6, partition: 2, sequence: 106), out _);
        Assert.Equal(p.CurrentFeatures.ToArray(), restored.CurrentFeatures.ToArray());
    }

    [Fact]
    public void Process_AnomalyScore_NaNWhileNewThenHighForAnOutlier()
    {
        var p = new EntityProcessor("m-1", Plan, new EntityOptions());
        var random = new Random(4);
        EventEnvelope Reading(int i, float power) =>
            EventEnvelope.NotFromLog(new("r" + i, "m-1", T0 + (i * TimeSpan.TicksPerSecond), [power, 230 + (float)random.NextDouble(), 20 + (float)random.NextDouble(), 0.5f + (0.1f * (float)random.NextDouble())]));

        for (var i = 0; i < 200; i++)
        {
            Process(p, Reading(i, 1000 + (10 * (float)random.NextDouble())), out var prediction);
            Assert.Equal(i < Core.Anomaly.RobustZScore.WarmUpEvents, float.IsNaN(prediction.AnomalyScore));
        }

        Process(p, Reading(200, 1005), out var usual);
        Process(p, Reading(201, 5000), out var spike);
        Assert.InRange(usual.AnomalyScore, 0f, 3.5f);
        Assert.True(spike.AnomalyScore > 100, $"spike scored {spike.AnomalyScore}");
        Assert.True(float.IsNaN(spike.ModelAnomalyScore), "the model-level score is the host's to set");
    }

    [Fact]
    public void Snapshot_KeepsTheAnomalyBaselineAndReadsSnapshotsWithoutOne()
    {
        var options = new EntityOptions();
        var p = new EntityProcessor("m-1", Plan, options);
        for (var i = 0; i < 50; i++)
        {
            Process(p, Event("e" + i, i), out _);
        }

        var buffer = new ArrayBufferWriter<byte>();
        p.WriteTo(buffer);
        var restored = EntityProcessor.ReadFrom("m-1", Plan, options, buffer.WrittenSpan);
        Process(p, Event("x", 60), out var expected);
        Process(restored, Event("x", 60), out var actual);
        Assert.False(float.IsNaN(actual.AnomalyScore));
        Assert.Equal(expected.AnomalyScore, actual.AnomalyScore);

        // A snapshot written before the baseline was stored ends after the prediction ring: 8 bytes for the count and
        // array length of an empty baseline, then 24 for the label memory (two doubles and a long), shorter here.
        var fresh = new EntityProcessor("m-2", Plan, options);
        var freshBuffer = new ArrayBufferWriter<byte>();
        fresh.WriteTo(freshBuffer);
        var withoutLabels = EntityProcessor.ReadFrom("m-2", Plan, options, freshBuffer.WrittenSpan[..^24]);
        Process(withoutLabels, Event("y", 1), out _);
        var legacy = EntityProcessor.ReadFrom("m-2", Plan, options, freshBuffer.WrittenSpan[..^32]);
        Process(legacy, Event("y", 1), out var first);
        Assert.True(float.IsNaN(first.AnomalyScore));
    }

    [Fact]
    public void Snapshot_OtherSchema_IsRefused()
    {
        var p = new EntityProcessor("m-1", Plan, new EntityOptions());
        Process(p, Event("a", 0), out _);
        var buffer = new ArrayBufferWriter<byte>();
        p.WriteTo(buffer);
        var other = GeneratorSchema.Create();
        other.Windows.RemoveAt(1);

        Assert.Throws<InvalidDataException>(() => EntityProcessor.ReadFrom("m-1", FeaturePlan.Compile(other), new EntityOptions(), buffer.WrittenSpan));
        Assert.Throws<InvalidDataException>(() => EntityProcessor.ReadFrom("m-1", Plan, new EntityOptions(), buffer.WrittenSpan[..10]));
    }

    [Fact]
    public void Process_WithModel_ScoresWithTheServingVersion()
    {
        var trained = ModelTrainer.Train(TestModels.UniformSet(Plan.VectorLength, 400, seed: 5), Core.Schema.ModelTask.BinaryClassification, new TrainingOptions { Trees = 10 });
        var info = TestModels.Describe(trained, "default", Plan.SchemaHash, Core.Schema.ModelTask.BinaryClassification, Plan.ColumnNames, version: 7);
        var model = ScoringModel.Load(info, trained.Artifact, Plan.SchemaHash);
        var scorer = model.Rent();
        var p = new EntityProcessor("m-1", Plan, new EntityOptions());

        p.Process(Event("a", 0), "default", scorer, PredictionRoute.Canary, scorer, T0, out var prediction);

        Assert.False(prediction.IsFallback);
        Assert.Equal(7, prediction.ModelVersion);
        Assert.Equal(PredictionRoute.Canary, prediction.Route);
        Assert.Equal(7, prediction.ShadowVersion);
        Assert.Equal(prediction.Probability, prediction.ShadowProbability);
        Assert.InRange(prediction.Probability, 0f, 1f);
        model.Return(scorer);
    }
}
