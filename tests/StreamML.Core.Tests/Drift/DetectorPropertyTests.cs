using CsCheck;
using StreamML.Core.Drift;
using StreamML.Core.Drift.Detectors;

namespace StreamML.Core.Tests.Drift;

/// <summary>Invariants every detector must keep on arbitrary streams.</summary>
[Trait("Category", "BVT")]
public sealed class DetectorPropertyTests
{
    /// <summary>A stream with one change: a stationary part then a shifted part, real-valued or 0/1.</summary>
    private static readonly Gen<(int Seed, int Length, int Change, bool Binary)> GenStream =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[1, 2500], Gen.Double[0, 1], Gen.Bool)
            .Select(t => (t.Item1, t.Item2, (int)(t.Item2 * t.Item3), t.Item4));

    private static double[] Build((int Seed, int Length, int Change, bool Binary) s)
    {
        var rng = new Random(s.Seed);
        var p0 = rng.NextDouble() * 0.5;
        var p1 = rng.NextDouble();
        var shift = (rng.NextDouble() * 4) - 2;
        var values = new double[s.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = s.Binary
                ? (rng.NextDouble() < (i < s.Change ? p0 : p1) ? 1 : 0)
                : rng.NextDouble() + (i < s.Change ? 0 : shift);
        }

        return values;
    }

    private static readonly Func<IDriftDetector>[] Factories =
    [
        () => new Adwin(),
        () => new Adwin(clock: 1, minWindowLength: 2, gracePeriod: 0),
        () => new PageHinkley(threshold: 5),
        () => new PageHinkley(threshold: 3, mode: PageHinkleyMode.Down),
        () => new Ddm(),
        () => new Eddm(),
        () => new HddmA(),
        () => new HddmA(twoSidedTest: true),
    ];

    private static readonly Gen<Func<IDriftDetector>> GenFactory = Gen.Int[0, Factories.Length - 1].Select(i => Factories[i]);

    [Fact]
    public void RoundTrip_RandomStreamAndCut_SameFlagsAsUninterrupted()
    {
        Gen.Select(GenFactory, GenStream, Gen.Double[0, 1]).Sample((create, spec, at) =>
        {
            var stream = Build(spec);
            var cut = (int)(stream.Length * at);
            var expected = DetectorRun.Flags(create(), stream);

            var original = create();
            foreach (var x in stream[..cut])
            {
                original.Update(x);
            }

            var restored = create();
            DetectorStateTests.Load(restored, DetectorStateTests.Save(original));
            Assert.Equal(expected[cut..], DetectorRun.Flags(restored, stream[cut..]));
        }, iter: 300);
    }

    [Fact]
    public void Reset_AfterAnyPrefix_BehavesLikeNewDetector()
    {
        Gen.Select(GenFactory, GenStream, GenStream).Sample((create, prefixSpec, restSpec) =>
        {
            var used = create();
            foreach (var x in Build(prefixSpec))
            {
                used.Update(x);
            }

            used.Reset();
            Assert.False(used.DriftDetected);
            Assert.False(used.WarningDetected);
            Assert.Equal(DetectorStateTests.Save(create()), DetectorStateTests.Save(used));

            var rest = Build(restSpec);
            Assert.Equal(DetectorRun.Flags(create(), rest), DetectorRun.Flags(used, rest));
        }, iter: 300);
    }

    [Fact]
    public void Adwin_BeforeFirstTest_NoDrift()
    {
        // No cut is tested before the clock first strikes and the window exceeds grace_period.
        Gen.Select(Gen.Int[1, 64], Gen.Int[0, 200], GenStream).Sample((clock, grace, spec) =>
        {
            var (drift, _) = DetectorRun.Indices(new Adwin(clock: clock, gracePeriod: grace, minWindowLength: 1), Build(spec));
            Assert.All(drift, i => Assert.True(i + 1 >= clock && i + 1 > grace));
        }, iter: 300);
    }

    [Fact]
    public void PageHinkley_BeforeMinInstances_NoDrift()
    {
        Gen.Select(Gen.Int[1, 100], GenStream).Sample((minInstances, spec) =>
        {
            var (drift, _) = DetectorRun.Indices(new PageHinkley(minInstances: minInstances, threshold: 1), Build(spec));
            Assert.All(drift, i => Assert.True(i + 1 >= minInstances));
        }, iter: 300);
    }

    [Fact]
    public void Ddm_DuringWarmStart_NoFlags()
    {
        Gen.Select(Gen.Int[0, 200], GenStream).Sample((warmStart, spec) =>
        {
            var (drift, warning) = DetectorRun.Indices(new Ddm(warmStart: warmStart), Build(spec));
            Assert.All(drift.Concat(warning), i => Assert.True(i + 1 > warmStart));
        }, iter: 300);
    }

    [Fact]
    public void Eddm_DuringWarmStart_NoFlags()
    {
        Gen.Select(Gen.Int[0, 200], GenStream).Sample((warmStart, spec) =>
        {
            var stream = Build(spec);
            var (drift, warning) = DetectorRun.Indices(new Eddm(warmStart: warmStart), stream);
            Assert.All(drift.Concat(warning), i => Assert.True(i + 1 > warmStart));

            // A drift needs more than warm_start errors since the last reset; the first one needs them from the start.
            if (drift.Count > 0)
            {
                Assert.True(stream[..(drift[0] + 1)].Count(v => v == 1) > warmStart);
            }
        }, iter: 300);
    }

    [Fact]
    public void HddmA_DriftAndWarning_NeverBothFromOneSidedTest()
    {
        GenStream.Sample(spec =>
        {
            var flags = DetectorRun.Flags(new HddmA(), Build(spec));
            Assert.DoesNotContain((true, true), flags);
        }, iter: 300);
    }

    [Fact]
    public void Update_AfterWarmUp_AllocatesNothing()
    {
        foreach (var c in DetectorCase.All())
        {
            var stream = c.Stream();
            var detector = c.Create();
            foreach (var x in stream)
            {
                detector.Update(x);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var round = 0; round < 20; round++)
            {
                foreach (var x in stream)
                {
                    detector.Update(x);
                }
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
