using System.Buffers;
using StreamML.Core.Entities;
using StreamML.Core.Events;
using StreamML.Core.Features;
using StreamML.Core.Schema;

namespace StreamML.Core.Tests.Entities;

/// <summary>An entity written and restored mid-stream must go on exactly as if it had never stopped.</summary>
[Trait("Category", "BVT")]
public sealed class EntitySnapshotContinuityTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero).UtcTicks;

    public static TheoryData<WindowKind> Kinds => new() { WindowKind.Session, WindowKind.Tumbling, WindowKind.Sliding };

    private static FeaturePlan PlanFor(WindowKind kind)
    {
        var window = new WindowDefinition
        {
            Name = "all",
            Kind = kind,
            Features = ["x"],
            Aggregates = WindowAggregates.Count | WindowAggregates.Sum | WindowAggregates.Mean | WindowAggregates.Max,
        };
        switch (kind)
        {
            case WindowKind.Session:
                window.Gap = TimeSpan.FromDays(3650);
                break;
            case WindowKind.Tumbling:
                window.Duration = TimeSpan.FromSeconds(7);
                break;
            default:
                window.Count = 5;
                break;
        }

        return FeaturePlan.Compile(new FeatureSchema
        {
            Model = "m",
            Features = [new FeatureDefinition { Name = "x" }],
            Windows = [window],
            MaxEventAge = null,
        });
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Restore_AtEveryPoint_ContinuesExactlyAsTheUninterruptedEntity(WindowKind kind)
    {
        var plan = PlanFor(kind);
        const int n = 60;
        var events = Enumerable.Range(0, n)
            .Select(i => new EventEnvelope(new StreamEvent($"e{i}", "ent", T0 + (i * TimeSpan.TicksPerSecond), [1 + (i * 7919 % 97)]), 3, 100 + i, 0))
            .ToArray();

        var reference = new EntityProcessor("ent", plan, new EntityOptions());
        var expected = new float[n][];
        for (var i = 0; i < n; i++)
        {
            reference.Process(events[i], "m", null, PredictionRoute.Fallback, null, T0, out _);
            expected[i] = reference.CurrentFeatures.ToArray();
        }

        for (var cut = 1; cut < n; cut++)
        {
            var p = new EntityProcessor("ent", plan, new EntityOptions());
            for (var i = 0; i < cut; i++)
            {
                p.Process(events[i], "m", null, PredictionRoute.Fallback, null, T0, out _);
            }

            var buffer = new ArrayBufferWriter<byte>();
            p.WriteTo(buffer);
            var restored = EntityProcessor.ReadFrom("ent", plan, new EntityOptions(), buffer.WrittenSpan);
            Assert.True(expected[cut - 1].AsSpan().SequenceEqual(restored.CurrentFeatures), $"{kind}: features right after a restore at {cut}");
            for (var i = cut; i < n; i++)
            {
                restored.Process(events[i], "m", null, PredictionRoute.Fallback, null, T0, out _);
                Assert.True(expected[i].AsSpan().SequenceEqual(restored.CurrentFeatures),
                    $"{kind}: restored after {cut} events, event {i}: [{string.Join(", ", restored.CurrentFeatures.ToArray())}] but expected [{string.Join(", ", expected[i])}]");
            }
        }
    }
}
