using StreamML.Core.Drift.Monitoring;

namespace StreamML.Core.Tests.Drift.Monitoring;

[Trait("Category", "BVT")]
public sealed class DriftMonitorTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero).UtcTicks;

    private static float[] Normal(Random rng, int n, double mean, double sd) =>
        [.. Enumerable.Range(0, n).Select(_ => (float)(mean + (sd * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()))))];

    private static DriftMonitor Monitor(TimeSpan? cooldown = null) => new(new DriftMonitorOptions
    {
        ReferenceSize = 1_000,
        WindowSize = 1_000,
        MinimumCurrent = 500,
        Consecutive = 3,
        Cooldown = cooldown ?? TimeSpan.FromMinutes(5),
    });

    /// <summary>Feeds <paramref name="batches"/> batches of 200 values and evaluates after each; returns every detection.</summary>
    private static List<DriftDetection> Run(DriftMonitor monitor, Random rng, int batches, double mean, ref long now)
    {
        var detections = new List<DriftDetection>();
        for (var b = 0; b < batches; b++)
        {
            monitor.Add(1, "power", DriftKind.Data, Normal(rng, 200, mean, 1));
            now += TimeSpan.TicksPerSecond;
            detections.AddRange(monitor.Evaluate(now));
        }

        return detections;
    }

    [Fact]
    public void Evaluate_StationaryStream_RaisesNothing()
    {
        var rng = new Random(1);
        var monitor = Monitor();
        var now = T0;

        var detections = Run(monitor, rng, 200, 0, ref now);

        Assert.Empty(detections);
        var status = Assert.Single(monitor.Status());
        Assert.Equal(1_000, status.ReferenceCount);
        Assert.True(status.Psi < 0.1, $"PSI {status.Psi}");
    }

    [Fact]
    public void Evaluate_ShiftedMean_DetectsOnceWithItsFigures()
    {
        var rng = new Random(2);
        var monitor = Monitor();
        var now = T0;
        Run(monitor, rng, 20, 0, ref now);

        var detections = Run(monitor, rng, 40, 1.5, ref now);

        var detection = Assert.Single(detections);
        Assert.Equal(DriftKind.Data, detection.Kind);
        Assert.Equal("power", detection.Signal);
        Assert.Equal("psi", detection.Statistic);
        Assert.True(detection.Value >= 0.1);
        Assert.True(detection.JensenShannon > 0);
        Assert.Equal(1, detection.Version);
    }

    [Fact]
    public void Evaluate_DriftThatComesBackAfterTheCooldown_IsDetectedAgain()
    {
        var rng = new Random(3);
        var monitor = Monitor(TimeSpan.FromSeconds(30));
        var now = T0;
        Run(monitor, rng, 20, 0, ref now);

        var first = Run(monitor, rng, 20, 2, ref now);
        var back = Run(monitor, rng, 40, 0, ref now);
        var second = Run(monitor, rng, 20, 2, ref now);

        Assert.Single(first);
        Assert.Empty(back);
        Assert.Single(second);
    }

    [Fact]
    public void AddErrors_ErrorRateJumps_ConceptDriftWithTheIndexItFiredAt()
    {
        var rng = new Random(4);
        var monitor = Monitor();
        var errors = Enumerable.Range(0, 4_000).Select(i => rng.NextDouble() < (i < 2_000 ? 0.1 : 0.5) ? 1f : 0f).ToArray();

        var detection = monitor.AddErrors(1, errors, T0);

        Assert.NotNull(detection);
        Assert.Equal(DriftKind.Concept, detection.Kind);
        Assert.Equal("ADWIN", detection.Statistic);
        Assert.InRange(detection.Index, 2_000, 2_600);
    }

    [Fact]
    public void Add_NewVersion_StartsANewReference()
    {
        var rng = new Random(5);
        var monitor = Monitor();
        var now = T0;
        Run(monitor, rng, 20, 0, ref now);

        monitor.Add(2, "power", DriftKind.Data, Normal(rng, 200, 3, 1));
        var detections = monitor.Evaluate(now + TimeSpan.TicksPerSecond);

        Assert.Empty(detections);
        Assert.Equal(2, monitor.Version);
        Assert.Equal(200, Assert.Single(monitor.Status()).ReferenceCount);
    }

    [Fact]
    public void SeedReference_TrainingData_IsTheReferenceAndServedTrafficIsCurrent()
    {
        var rng = new Random(6);
        var monitor = Monitor();
        monitor.SeedReference(1, "power", DriftKind.Data, Normal(rng, 400, 0, 1));
        var now = T0;

        var shifted = Run(monitor, rng, 20, 2, ref now);

        var detection = Assert.Single(shifted);
        Assert.Equal("power", detection.Signal);
        Assert.Equal(["power"], monitor.SeededSignals());
        var status = Assert.Single(monitor.Status());
        Assert.Equal(400, status.ReferenceCount);
        Assert.Equal(1_000, status.CurrentCount);
    }
}
