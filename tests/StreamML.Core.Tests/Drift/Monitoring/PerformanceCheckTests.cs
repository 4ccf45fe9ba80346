using StreamML.Core.Drift.Monitoring;

namespace StreamML.Core.Tests.Drift.Monitoring;

/// <summary>
/// The performance check: a version's live errors against the held-out errors it was judged on when trained. A version
/// that errs steadily more than it should has no change in its error stream for a change detector to find; this check
/// sees it, once per version.
/// </summary>
[Trait("Category", "BVT")]
public sealed class PerformanceCheckTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero).UtcTicks;

    private static DriftMonitor Monitor(double margin = 0.1) => new(new DriftMonitorOptions
    {
        ReferenceSize = 1_000,
        WindowSize = 1_000,
        MinimumCurrent = 300,
        PerformanceMargin = margin,
    });

    /// <summary>Bernoulli errors at <paramref name="rate"/>, in batches of 100, checking after each; the detections seen.</summary>
    private static List<DriftDetection> Feed(DriftMonitor monitor, int version, double rate, int count, int seed)
    {
        var random = new Random(seed);
        var found = new List<DriftDetection>();
        for (var i = 0; i < count; i += 100)
        {
            float[] errors = [.. Enumerable.Range(0, 100).Select(_ => random.NextDouble() < rate ? 1f : 0f)];
            monitor.AddErrors(version, errors, T0);
            if (monitor.CheckPerformance(T0) is { } d)
            {
                found.Add(d);
            }
        }

        return found;
    }

    [Fact]
    public void Check_VersionErringThreeTimesItsHoldout_IsReportedOnceWithBothRates()
    {
        var monitor = Monitor();
        monitor.ExpectErrors(4, mean: 0.1, variance: 0.09, count: 1_000);

        var found = Feed(monitor, 4, rate: 0.3, count: 5_000, seed: 1);

        var d = Assert.Single(found);
        Assert.Equal(DriftKind.Performance, d.Kind);
        Assert.Equal(4, d.Version);
        Assert.Equal(0.1, d.Threshold);
        Assert.InRange(d.Value, 0.24, 0.36);

        // Reported when the window first held enough errors, not later.
        Assert.InRange(d.Index, 299, 399);
    }

    [Fact]
    public void Check_VersionErringAsItsHoldoutSaid_IsNeverReported()
    {
        var monitor = Monitor();
        monitor.ExpectErrors(1, mean: 0.1, variance: 0.09, count: 1_000);

        Assert.Empty(Feed(monitor, 1, rate: 0.1, count: 50_000, seed: 2));
    }

    [Theory]
    [InlineData(0.1, false)]
    [InlineData(0.05, true)]
    public void Check_SignificantShortfall_IsReportedOnlyBeyondTheMargin(double margin, bool reported)
    {
        // Exactly 108 errors in every 1,000 against 0.1 held out: over a 50,000-error window that is 5.6 standard errors
        // above it, but only 8 % more error, inside a 10 % margin and outside a 5 % one.
        var monitor = new DriftMonitor(new DriftMonitorOptions { WindowSize = 50_000, MinimumCurrent = 50_000, PerformanceMargin = margin });
        monitor.ExpectErrors(1, mean: 0.1, variance: 0.09, count: 1_000_000);
        for (var i = 0; i < 50_000; i += 1_000)
        {
            monitor.AddErrors(1, [.. Enumerable.Range(0, 1_000).Select(k => k < 108 ? 1f : 0f)], T0);
        }

        Assert.Equal(reported, monitor.CheckPerformance(T0) is not null);
    }

    [Fact]
    public void Check_NoExpectationOrMarginZero_IsOff()
    {
        var unexpected = Monitor();
        Assert.Empty(Feed(unexpected, 1, rate: 0.5, count: 2_000, seed: 4));

        var off = Monitor(margin: 0);
        off.ExpectErrors(1, mean: 0.1, variance: 0.09, count: 1_000);
        Assert.Empty(Feed(off, 1, rate: 0.5, count: 2_000, seed: 4));
    }

    [Fact]
    public void Check_NextVersion_StartsAfreshWithItsOwnExpectation()
    {
        var monitor = Monitor();
        monitor.ExpectErrors(1, mean: 0.1, variance: 0.09, count: 1_000);
        Assert.Single(Feed(monitor, 1, rate: 0.3, count: 1_000, seed: 5));

        // Version 2 was judged at 0.3: the same errors are what it promised; its window does not hold version 1's.
        monitor.ExpectErrors(2, mean: 0.3, variance: 0.21, count: 1_000);
        Assert.Empty(Feed(monitor, 2, rate: 0.3, count: 5_000, seed: 6));

        // Version 3 promised 0.1 again and errs more: reported for version 3.
        monitor.ExpectErrors(3, mean: 0.1, variance: 0.09, count: 1_000);
        Assert.Equal(3, Assert.Single(Feed(monitor, 3, rate: 0.3, count: 1_000, seed: 7)).Version);
    }

    [Fact]
    public void Check_Regression_ComparesMeanAbsoluteErrors()
    {
        // Held out: MAE 1.0 with variance 0.25; live absolute errors |N(0, σ)| with mean 1.6.
        var monitor = Monitor();
        monitor.ExpectErrors(1, mean: 1.0, variance: 0.25, count: 500);
        var random = new Random(8);
        DriftDetection? found = null;
        for (var i = 0; i < 20 && found is null; i++)
        {
            float[] errors = [.. Enumerable.Range(0, 100).Select(_ => (float)(1.6 + ((random.NextDouble() - 0.5) * 0.8)))];
            monitor.AddErrors(1, errors, T0);
            found = monitor.CheckPerformance(T0);
        }

        Assert.NotNull(found);
        Assert.InRange(found.Value, 1.5, 1.7);
        Assert.Equal(1.0, found.Threshold);
    }

    [Fact]
    public void Options_NegativeMarginOrZeroZ_AreRefused()
    {
        Assert.NotEmpty(new DriftMonitorOptions { PerformanceMargin = -0.1 }.Validate());
        Assert.NotEmpty(new DriftMonitorOptions { PerformanceZ = 0 }.Validate());
        Assert.Empty(new DriftMonitorOptions().Validate());
    }
}
