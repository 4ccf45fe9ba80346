using StreamML.Core.Features;
using StreamML.Core.Schema;

namespace StreamML.Core.Tests.Features;

[Trait("Category", "BVT")]
public sealed class EntityWindowsTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero).UtcTicks;

    private static long At(double seconds) => T0 + (long)(seconds * TimeSpan.TicksPerSecond);

    private static (FeaturePlan Plan, EntityWindows Windows) Create(WindowDefinition window, TimeSpan? lateness = null)
    {
        var schema = new FeatureSchema
        {
            Features = [new() { Name = "x" }],
            Windows = [window],
            IncludeRawValues = false,
            MaxOutOfOrderness = TimeSpan.Zero,
            AllowedLateness = lateness ?? TimeSpan.FromMinutes(10),
        };
        var plan = FeaturePlan.Compile(schema);
        return (plan, new EntityWindows(plan));
    }

    private static float[] Feed(FeaturePlan plan, EntityWindows windows, double seconds, float x)
    {
        var features = new float[plan.VectorLength];
        Assert.NotEqual(EventAdmission.RejectedLate, windows.Process(At(seconds), [x], features));
        return features;
    }

    [Fact]
    public void FeaturePlan_NamesColumnsInLayoutOrder()
    {
        var plan = FeaturePlan.Compile(new FeatureSchema
        {
            Features = [new() { Name = "a" }, new() { Name = "b" }],
            Windows = [new() { Name = "w", Count = 4, Aggregates = WindowAggregates.Max | WindowAggregates.Count, Features = ["b"] }],
        });

        Assert.Equal(["a", "b", "w.b.count", "w.b.max"], plan.ColumnNames);
    }

    [Fact]
    public void SlidingCount_AllAggregates_HandWorked()
    {
        var (plan, w) = Create(new WindowDefinition { Name = "w", Count = 3, Aggregates = WindowAggregates.All, EwmaAlpha = 0.5 });
        Feed(plan, w, 0, 1);
        Feed(plan, w, 1, 2);
        Feed(plan, w, 2, 4);
        var f = Feed(plan, w, 4, 8); // window holds 2, 4, 8

        // count, sum, mean, min, max, variance, ewma, last, time_since_last, rate
        Assert.Equal(3f, f[0]);
        Assert.Equal(14f, f[1]);
        Assert.Equal(14f / 3, f[2]);
        Assert.Equal(2f, f[3]);
        Assert.Equal(8f, f[4]);
        Assert.Equal((float)(((2 - (14.0 / 3)) * (2 - (14.0 / 3)) + ((4 - (14.0 / 3)) * (4 - (14.0 / 3))) + ((8 - (14.0 / 3)) * (8 - (14.0 / 3)))) / 2), f[5]);
        Assert.Equal(5.5f, f[6]); // 2 → 0.5*4+0.5*2=3 → 0.5*8+0.5*3=5.5
        Assert.Equal(4f, f[7]);
        Assert.Equal(2f, f[8]);
        Assert.Equal(2f / 3, f[9]); // (3 - 1) intervals over the 3 seconds from the first to the current event
    }

    [Fact]
    public void SlidingDuration_KeepsOnlyTheLastDuration()
    {
        var (plan, w) = Create(new WindowDefinition { Name = "w", Duration = TimeSpan.FromSeconds(10), Aggregates = WindowAggregates.Count | WindowAggregates.Sum | WindowAggregates.Rate });
        Feed(plan, w, 0, 1);
        Feed(plan, w, 5, 2);
        var f = Feed(plan, w, 12, 3); // (2, 12]: 5 and 12

        Assert.Equal([2f, 5f, 0.2f], f);
    }

    [Fact]
    public void TumblingDuration_IsTheBucketSoFar()
    {
        var (plan, w) = Create(new WindowDefinition { Name = "w", Kind = WindowKind.Tumbling, Duration = TimeSpan.FromMinutes(1), Aggregates = WindowAggregates.Count | WindowAggregates.Sum });
        Feed(plan, w, 50, 1);
        Feed(plan, w, 59, 2);
        var next = Feed(plan, w, 61, 3);
        var more = Feed(plan, w, 70, 4);

        Assert.Equal([1f, 3f], next);
        Assert.Equal([2f, 7f], more);
    }

    [Fact]
    public void TumblingCount_RestartsEveryNEvents()
    {
        var (plan, w) = Create(new WindowDefinition { Name = "w", Kind = WindowKind.Tumbling, Count = 2, Aggregates = WindowAggregates.Sum });
        var sums = Enumerable.Range(0, 5).Select(i => Feed(plan, w, i, i + 1)[0]).ToArray();

        Assert.Equal([1f, 3f, 3f, 7f, 5f], sums);
    }

    [Fact]
    public void Session_GapStartsANewSession()
    {
        var (plan, w) = Create(new WindowDefinition { Name = "w", Kind = WindowKind.Session, Gap = TimeSpan.FromSeconds(30), Aggregates = WindowAggregates.Count | WindowAggregates.Sum });
        Feed(plan, w, 0, 1);
        var same = Feed(plan, w, 29, 2);
        var fresh = Feed(plan, w, 59, 4);

        Assert.Equal([2f, 3f], same);
        Assert.Equal([1f, 4f], fresh);
    }

    [Fact]
    public void MissingValues_AreSkippedByTheirFeature()
    {
        var (plan, w) = Create(new WindowDefinition { Name = "w", Count = 5, Aggregates = WindowAggregates.Count | WindowAggregates.Mean | WindowAggregates.Last });
        Feed(plan, w, 0, 2);
        Feed(plan, w, 1, float.NaN);
        var f = Feed(plan, w, 2, 4);

        Assert.Equal([2f, 3f, 2f], f);
    }

    [Fact]
    public void Lateness_OldEventsAreRefusedAndCounted()
    {
        var (plan, w) = Create(new WindowDefinition { Name = "w", Count = 5, Aggregates = WindowAggregates.Count }, lateness: TimeSpan.FromSeconds(10));
        var features = new float[plan.VectorLength];
        Assert.Equal(EventAdmission.Accepted, w.Process(At(100), [1], features));
        Assert.Equal(EventAdmission.AcceptedLate, w.Process(At(95), [1], features));

        // A late event's windows hold what came before it in event time: not the later event at 100 s.
        Assert.Equal(1f, features[0]);
        features[0] = -1;
        Assert.Equal(EventAdmission.RejectedLate, w.Process(At(89), [1], features));
        Assert.Equal(-1f, features[0]);

        Assert.Equal(2, w.Accepted);
        Assert.Equal(1, w.LateAccepted);
        Assert.Equal(1, w.OutOfOrder);
        Assert.Equal(1, w.LateRejected);
    }

    [Fact]
    public void Buffer_IsBoundedAndCountsTruncation()
    {
        var schema = new FeatureSchema
        {
            Features = [new() { Name = "x" }],
            Windows = [new() { Name = "w", Duration = TimeSpan.FromHours(1), Aggregates = WindowAggregates.Count }],
            WindowCapacity = 8,
            AllowedLateness = TimeSpan.FromHours(2),
            IncludeRawValues = false,
        };
        var plan = FeaturePlan.Compile(schema);
        var w = new EntityWindows(plan);
        var features = new float[1];
        for (var i = 0; i < 20; i++)
        {
            w.Process(At(i), [i], features);
        }

        Assert.Equal(8, w.BufferedEvents);
        Assert.Equal(8f, features[0]);
        Assert.Equal(12, w.Truncated);
    }

    [Fact]
    public void Process_SteadyState_DoesNotAllocate()
    {
        var plan = FeaturePlan.Compile(Core.Generator.GeneratorSchema.Create());
        var w = new EntityWindows(plan);
        var features = new float[plan.VectorLength];
        float[] values = [1000, 230, 20, 0.5f];
        for (var i = 0; i < 1_000; i++)
        {
            w.Process(At(i), values, features);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1_000; i < 11_000; i++)
        {
            w.Process(At(i), values, features);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
