using System.Buffers;
using CsCheck;
using StreamML.Core.Anomaly;

namespace StreamML.Core.Tests.Anomaly;

[Trait("Category", "BVT")]
public sealed class HalfSpaceTreesTests
{
    private static readonly double[] UnitLower = [0, 0, 0];
    private static readonly double[] UnitUpper = [1, 1, 1];

    /// <summary>
    /// River's docstring of anomaly.HalfSpaceTrees (river/anomaly/hst.py): n_trees=5, height=3, window_size=3, seed=42,
    /// limits [0, 1]; learn 0.5, 0.45, 0.43 to warm up, then for each x learn it and print score_one(x) to 3 decimals.
    /// </summary>
    [Fact]
    public void Score_RiverDocstringStream_MatchesRiverOutput()
    {
        float[] stream = [0.5f, 0.45f, 0.43f, 0.44f, 0.445f, 0.45f, 0.0f];
        double[] expected = [0.107, 0.071, 0.107, 0.107, 0.107, 0.071, 0.853];
        var hst = new HalfSpaceTrees([0.0], [1.0], new HalfSpaceTreesOptions { Trees = 5, Height = 3, WindowSize = 3, Seed = 42 });
        foreach (var x in stream[..3])
        {
            hst.Learn([x]);
        }

        var actual = new double[stream.Length];
        for (var i = 0; i < stream.Length; i++)
        {
            hst.Learn([stream[i]]);
            actual[i] = Math.Round(hst.Score([stream[i]]), 3);
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Score_BeforeFirstFullWindow_IsNaN()
    {
        var hst = new HalfSpaceTrees(UnitLower, UnitUpper, new HalfSpaceTreesOptions { WindowSize = 10, Seed = 1 });
        for (var i = 0; i < 9; i++)
        {
            hst.Learn([0.5f, 0.5f, 0.5f]);
            Assert.True(double.IsNaN(hst.Score([0.5f, 0.5f, 0.5f])));
        }

        hst.Learn([0.5f, 0.5f, 0.5f]);
        Assert.True(hst.IsReady);
        Assert.InRange(hst.Score([0.5f, 0.5f, 0.5f]), 0, 1);
    }

    [Fact]
    public void Score_InjectedOutlier_ScoresAboveEveryInlierForAnySeed()
    {
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Long).Sample((dataSeed, treeSeed) =>
        {
            var hst = new HalfSpaceTrees(UnitLower, UnitUpper, new HalfSpaceTreesOptions { Seed = treeSeed });
            var random = new Random(dataSeed);
            for (var i = 0; i < 500; i++)
            {
                hst.Learn(Cluster(random));
            }

            var inliers = Enumerable.Range(0, 200).Select(_ => hst.Score(Cluster(random))).ToArray();
            var outlier = hst.Score([0.95f, 0.05f, 0.9f]);
            return outlier > inliers.Max() && inliers.All(s => s is >= 0 and <= 1);
        }, iter: 50);
    }

    [Fact]
    public void Constructor_SameSeed_GivesSameScores()
    {
        var a = Run(new HalfSpaceTreesOptions { Seed = 123 }, dataSeed: 5);
        var b = Run(new HalfSpaceTreesOptions { Seed = 123 }, dataSeed: 5);
        var c = Run(new HalfSpaceTreesOptions { Seed = 124 }, dataSeed: 5);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void ReadFrom_WrittenMidWindow_ContinuesIdentically()
    {
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[1, 700]).Sample((seed, split) =>
        {
            var options = new HalfSpaceTreesOptions { Trees = 4, Height = 5, WindowSize = 50, Seed = seed };
            var original = new HalfSpaceTrees(UnitLower, UnitUpper, options);
            var random = new Random(seed);
            for (var i = 0; i < split; i++)
            {
                original.Learn(Cluster(random));
            }

            var buffer = new ArrayBufferWriter<byte>();
            original.WriteTo(buffer);
            var restored = HalfSpaceTrees.ReadFrom(buffer.WrittenSpan);
            for (var i = 0; i < 200; i++)
            {
                var x = Cluster(random);
                var expected = original.Score(x);
                var actual = restored.Score(x);
                if (!expected.Equals(actual))
                {
                    return false;
                }

                original.Learn(x);
                restored.Learn(x);
            }

            return restored.WindowCount == original.WindowCount;
        }, iter: 30);
    }

    [Fact]
    public void ReadFrom_TruncatedOrOtherVersion_Throws()
    {
        var hst = new HalfSpaceTrees(UnitLower, UnitUpper, new HalfSpaceTreesOptions { Trees = 2, Height = 2, Seed = 1 });
        var buffer = new ArrayBufferWriter<byte>();
        hst.WriteTo(buffer);
        var data = buffer.WrittenSpan.ToArray();
        Assert.ThrowsAny<Exception>(() => HalfSpaceTrees.ReadFrom(data.AsSpan(0, data.Length - 3)));
        data[0] = 99;
        Assert.Throws<InvalidDataException>(() => HalfSpaceTrees.ReadFrom(data));
    }

    [Fact]
    public void Constructor_BadLimitsOrOptions_ThrowsListingTheProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() => new HalfSpaceTrees([0.0, 1.0], [1.0, 1.0], new HalfSpaceTreesOptions()));
        Assert.Contains("feature 1", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => new HalfSpaceTrees([0.0], [1.0], new HalfSpaceTreesOptions { Trees = 0, Height = 30 }));
        Assert.Contains("Trees", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Height", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Learn_MissingValue_FollowsTheBusierSideAndStillScores()
    {
        var hst = new HalfSpaceTrees(UnitLower, UnitUpper, new HalfSpaceTreesOptions { WindowSize = 100, Seed = 3 });
        var random = new Random(3);
        for (var i = 0; i < 250; i++)
        {
            hst.Learn(Cluster(random));
        }

        var withMissing = hst.Score([float.NaN, 0.5f, 0.5f]);
        Assert.InRange(withMissing, 0, 1);
        Assert.True(withMissing < hst.Score([0.95f, 0.05f, 0.9f]));
    }

    [Fact]
    public void Adaptive_UnscaledFeatures_ScoresOutliersAboveInliersAfterTwoWindows()
    {
        var detector = new AdaptiveHalfSpaceTrees(2, new HalfSpaceTreesOptions { Seed = 11 });
        var random = new Random(11);
        float[] Inlier() => [(float)(1_000 + (50 * Normal(random))), (float)(-20 + Normal(random))];
        for (var i = 0; i < 500; i++)
        {
            Assert.True(double.IsNaN(detector.ScoreAndLearn(Inlier())));
        }

        Assert.True(detector.IsReady);
        var inliers = Enumerable.Range(0, 300).Select(_ => detector.ScoreAndLearn(Inlier())).Order().ToArray();
        Assert.All(inliers, s => Assert.InRange(s, 0, 1));

        // Scaled to the measured ranges, the narrow feature gets as many splits as the wide one: an event off in it
        // alone (60 of its standard deviations) stands out, and so does one off in both. Cells end at the measured range,
        // so a far point ranks with the most extreme inliers rather than above every one of them.
        var offInNarrow = detector.ScoreAndLearn([1_000f, 40f]);
        var offInBoth = detector.ScoreAndLearn([1_600f, 40f]);
        Assert.True(offInNarrow > inliers[270], $"{offInNarrow} vs inlier 90th percentile {inliers[270]}");
        Assert.True(offInBoth > inliers[297], $"{offInBoth} vs inlier 99th percentile {inliers[297]}");
    }

    [Fact]
    public void Adaptive_ReadFrom_ContinuesIdentically()
    {
        var options = new HalfSpaceTreesOptions { Trees = 3, Height = 4, WindowSize = 40, Seed = 9 };
        foreach (var split in new[] { 10, 40, 65, 150 })
        {
            var original = new AdaptiveHalfSpaceTrees(3, options);
            var random = new Random(split);
            for (var i = 0; i < split; i++)
            {
                original.ScoreAndLearn(Cluster(random));
            }

            var buffer = new ArrayBufferWriter<byte>();
            original.WriteTo(buffer);
            var restored = AdaptiveHalfSpaceTrees.ReadFrom(buffer.WrittenSpan, options);
            for (var i = 0; i < 150; i++)
            {
                var x = Cluster(random);
                Assert.Equal(original.ScoreAndLearn(x), restored.ScoreAndLearn(x));
            }
        }
    }

    private static double[] Run(HalfSpaceTreesOptions options, int dataSeed)
    {
        var hst = new HalfSpaceTrees(UnitLower, UnitUpper, options);
        var random = new Random(dataSeed);
        var scores = new List<double>();
        for (var i = 0; i < 800; i++)
        {
            var x = Cluster(random);
            if (hst.IsReady)
            {
                scores.Add(hst.Score(x));
            }

            hst.Learn(x);
        }

        return [.. scores];
    }

    private static float[] Cluster(Random random) =>
        [(float)(0.4 + (0.05 * Normal(random))), (float)(0.6 + (0.05 * Normal(random))), (float)(0.3 + (0.05 * Normal(random)))];

    internal static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
