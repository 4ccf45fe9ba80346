using System.Buffers;
using CsCheck;
using StreamML.Core.Features;
using StreamML.Core.Schema;

namespace StreamML.Core.Tests.Features;

[Trait("Category", "BVT")]
public sealed class EntityWindowsPropertyTests
{
    private static readonly long Base = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    /// <summary>A random schema: 1-3 features, 1-4 windows of every kind and size, random aggregates and lateness bounds.</summary>
    internal static FeatureSchema RandomSchema(Random r, int capacity = 4_096)
    {
        var features = Enumerable.Range(0, r.Next(1, 4)).Select(i => new FeatureDefinition { Name = "f" + i, Required = false }).ToList();
        var windows = new List<WindowDefinition>();
        for (var w = 0; w < r.Next(1, 5); w++)
        {
            var kind = (WindowKind)r.Next(3);
            var definition = new WindowDefinition
            {
                Name = "w" + w,
                Kind = kind,
                Aggregates = (WindowAggregates)r.Next(1, (int)WindowAggregates.All + 1),
                EwmaAlpha = 0.1 + (r.NextDouble() * 0.9),
                Features = r.Next(3) == 0 ? [] : [.. features.Where(_ => r.Next(2) == 0).Select(f => f.Name)],
            };
            if (kind == WindowKind.Session)
            {
                definition.Gap = TimeSpan.FromSeconds(r.Next(1, 12));
            }
            else if (r.Next(2) == 0)
            {
                definition.Count = r.Next(1, 10);
            }
            else
            {
                definition.Duration = TimeSpan.FromSeconds(r.Next(1, 25));
            }

            windows.Add(definition);
        }

        return new FeatureSchema
        {
            Features = features,
            Windows = windows,
            IncludeRawValues = r.Next(4) != 0,
            MaxOutOfOrderness = TimeSpan.FromSeconds(r.Next(0, 6)),
            AllowedLateness = TimeSpan.FromSeconds(r.Next(0, 11)),
            WindowCapacity = capacity,
        };
    }

    /// <summary>A random stream: mostly forward in time with ties, some out-of-order and late events, some missing values.</summary>
    internal static List<(long Time, float[] Values)> RandomStream(Random r, int features, int length)
    {
        var stream = new List<(long, float[])>();
        var clock = Base;
        for (var i = 0; i < length; i++)
        {
            var step = r.Next(10) switch
            {
                0 => -TimeSpan.FromSeconds(r.Next(1, 20)).Ticks,
                1 or 2 => 0,
                3 => TimeSpan.FromSeconds(r.Next(10, 40)).Ticks,
                _ => TimeSpan.FromMilliseconds(r.Next(1, 4_000)).Ticks,
            };
            var time = clock + step;
            if (step > 0)
            {
                clock = time;
            }

            var values = new float[features];
            for (var f = 0; f < features; f++)
            {
                values[f] = r.Next(10) == 0 ? float.NaN : (float)((r.NextDouble() * 200) - 100);
            }

            stream.Add((time, values));
        }

        return stream;
    }

    private static void AssertSameFeatures(double[] expected, float[] actual, int step)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var e = (float)expected[i];
            if (!(e.Equals(actual[i]) || (float.IsNaN(e) && float.IsNaN(actual[i]))))
            {
                Assert.Fail($"event {step}, column {i}: expected {e:R}, got {actual[i]:R}");
            }
        }
    }

    [Fact]
    public void Process_MatchesTheNaiveModel_OnRandomSchemasAndStreams()
    {
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[1, 250]).Sample((seed, length) =>
        {
            var r = new Random(seed);
            var schema = RandomSchema(r);
            var plan = FeaturePlan.Compile(schema);
            var windows = new EntityWindows(plan);
            var naive = new NaiveWindows(schema);
            var features = new float[plan.VectorLength];
            var step = 0;
            foreach (var (time, values) in RandomStream(r, schema.Features.Count, length))
            {
                var (expectedAdmission, expected) = naive.Process(time, values);
                var admission = windows.Process(time, values, features);
                Assert.Equal(expectedAdmission, admission);
                if (expected is not null)
                {
                    AssertSameFeatures(expected, features, step);
                }

                step++;
            }

            Assert.Equal(naive.Accepted, windows.Accepted);
            Assert.Equal(naive.OutOfOrder, windows.OutOfOrder);
            Assert.Equal(naive.LateAccepted, windows.LateAccepted);
            Assert.Equal(naive.LateRejected, windows.LateRejected);
            Assert.Equal(0, windows.Truncated);
        }, iter: 400);
    }

    [Fact]
    public void SmallCapacity_TumblingAndSessionStayExact()
    {
        // With a tiny buffer, sliding windows may lose events, but buckets and sessions continue from their folded prefix.
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[1, 250]).Sample((seed, length) =>
        {
            var r = new Random(seed);
            var schema = RandomSchema(r, capacity: 16);
            foreach (var w in schema.Windows)
            {
                if (w.Kind == WindowKind.Sliding || w.Count is not null)
                {
                    w.Kind = WindowKind.Session;
                    w.Count = null;
                    w.Duration = null;
                    w.Gap = TimeSpan.FromSeconds(r.Next(1, 12));
                }
            }

            schema.MaxOutOfOrderness = TimeSpan.Zero;
            schema.AllowedLateness = TimeSpan.Zero;
            var plan = FeaturePlan.Compile(schema);
            var windows = new EntityWindows(plan);
            var naive = new NaiveWindows(schema);
            var features = new float[plan.VectorLength];
            var step = 0;
            foreach (var (time, values) in RandomStream(r, schema.Features.Count, length))
            {
                var (_, expected) = naive.Process(time, values);
                if (windows.Process(time, values, features) != EventAdmission.RejectedLate)
                {
                    AssertSameFeatures(expected!, features, step);
                }

                step++;
            }

            Assert.InRange(windows.BufferedEvents, 0, 16);
        }, iter: 300);
    }

    [Fact]
    public void Snapshot_MidStream_ContinuesIdentically()
    {
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[2, 200]).Sample((seed, length) =>
        {
            var r = new Random(seed);
            var schema = RandomSchema(r);
            var plan = FeaturePlan.Compile(schema);
            var stream = RandomStream(r, schema.Features.Count, length);
            var cut = r.Next(1, length);
            var straight = new EntityWindows(plan);
            var restored = new EntityWindows(plan);
            var a = new float[plan.VectorLength];
            var b = new float[plan.VectorLength];
            for (var i = 0; i < cut; i++)
            {
                straight.Process(stream[i].Time, stream[i].Values, a);
                restored.Process(stream[i].Time, stream[i].Values, b);
            }

            var buffer = new ArrayBufferWriter<byte>();
            restored.WriteTo(buffer);
            restored = EntityWindows.ReadFrom(plan, buffer.WrittenSpan);
            for (var i = cut; i < length; i++)
            {
                Assert.Equal(straight.Process(stream[i].Time, stream[i].Values, a), restored.Process(stream[i].Time, stream[i].Values, b));
                Assert.Equal(a, b);
            }

            Assert.Equal(straight.Accepted, restored.Accepted);
            Assert.Equal(straight.LateRejected, restored.LateRejected);
        }, iter: 300);
    }
}
