using System.Buffers;
using StreamML.Core.Entities;
using StreamML.Core.Events;
using StreamML.Core.Features;
using StreamML.Core.Generator;

namespace StreamML.Core.Tests.Entities;

/// <summary>What an entity's labels reveal feeds its next feature vectors: last label, weighted label mean, events since.</summary>
[Trait("Category", "BVT")]
public sealed class LabelFeatureTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero).UtcTicks;

    private static FeaturePlan PlanWithLabels()
    {
        var schema = GeneratorSchema.Create();
        schema.LabelFeatures = true;
        schema.LabelEwmaAlpha = 0.25;
        return FeaturePlan.Compile(schema);
    }

    private static EventEnvelope Event(string id, int second) =>
        EventEnvelope.NotFromLog(new StreamEvent(id, "m-1", T0 + (second * TimeSpan.TicksPerSecond), [1000 + second, 230, 20, 0.5f]));

    private static float[] Labels(EntityProcessor p, FeaturePlan plan) => p.CurrentFeatures.Slice(plan.LabelOffset, 3).ToArray();

    [Fact]
    public void Compile_LabelFeatures_AppendsNamedColumnsAndChangesTheHash()
    {
        var plain = FeaturePlan.Compile(GeneratorSchema.Create());
        var plan = PlanWithLabels();

        Assert.Equal(-1, plain.LabelOffset);
        Assert.Equal(plain.VectorLength + 3, plan.VectorLength);
        Assert.Equal(plain.VectorLength, plan.LabelOffset);
        Assert.Equal(["label.last", "label.ewma", "label.events_since"], plan.ColumnNames.Skip(plan.LabelOffset));
        Assert.NotEqual(plain.SchemaHash, plan.SchemaHash);
    }

    [Fact]
    public void Process_SeesOnlyLabelsThatArrivedBeforeIt()
    {
        var plan = PlanWithLabels();
        var p = new EntityProcessor("m-1", plan, new EntityOptions());

        p.Process(Event("a", 0), "m", null, PredictionRoute.Champion, null, T0, out var first);
        Assert.All(Labels(p, plan), v => Assert.True(float.IsNaN(v)));
        Assert.Equal(0.5f, first.Probability);

        Assert.Equal(LabelOutcome.Matched, p.ApplyLabel(new LabelEvent("a", "m-1", 1), out var joined));

        // The example joined for training carries the features the event was scored with: no label yet.
        Assert.True(float.IsNaN(joined.Features.Span[plan.LabelOffset]));

        p.Process(Event("b", 1), "m", null, PredictionRoute.Champion, null, T0, out var second);
        Assert.Equal([1f, 1f, 0f], Labels(p, plan));

        // Without a model, the entity's weighted label mean is its fallback probability.
        Assert.True(second.IsFallback);
        Assert.Equal(1f, second.Probability);

        p.Process(Event("c", 2), "m", null, PredictionRoute.Champion, null, T0, out _);
        Assert.Equal([1f, 1f, 1f], Labels(p, plan));

        // A label whose prediction is gone still reveals the outcome; a duplicate changes nothing.
        Assert.Equal(LabelOutcome.Unmatched, p.ApplyLabel(new LabelEvent("gone", "m-1", 0), out _));
        Assert.Equal(LabelOutcome.Matched, p.ApplyLabel(new LabelEvent("b", "m-1", 0), out _));
        Assert.Equal(LabelOutcome.Duplicate, p.ApplyLabel(new LabelEvent("b", "m-1", 1), out _));
        p.Process(Event("d", 3), "m", null, PredictionRoute.Champion, null, T0, out var fourth);

        // Mean: 1 → 1 + 0.25 (0 - 1) = 0.75 → 0.75 + 0.25 (0 - 0.75) = 0.5625.
        Assert.Equal([0f, 0.5625f, 0f], Labels(p, plan));
        Assert.Equal(0.5625f, fourth.Probability);
    }

    [Fact]
    public void Snapshot_KeepsTheLabelMemory()
    {
        var plan = PlanWithLabels();
        var options = new EntityOptions();
        var p = new EntityProcessor("m-1", plan, options);
        p.Process(Event("a", 0), "m", null, PredictionRoute.Champion, null, T0, out _);
        p.ApplyLabel(new LabelEvent("a", "m-1", 1), out _);
        p.Process(Event("b", 1), "m", null, PredictionRoute.Champion, null, T0, out _);
        p.ApplyLabel(new LabelEvent("b", "m-1", 0), out _);

        var buffer = new ArrayBufferWriter<byte>();
        p.WriteTo(buffer);
        var restored = EntityProcessor.ReadFrom("m-1", plan, options, buffer.WrittenSpan);
        p.Process(Event("c", 2), "m", null, PredictionRoute.Champion, null, T0, out _);
        restored.Process(Event("c", 2), "m", null, PredictionRoute.Champion, null, T0, out _);

        Assert.Equal([0f, 0.75f, 0f], Labels(restored, plan));
        Assert.Equal(Labels(p, plan), Labels(restored, plan));
    }
}
