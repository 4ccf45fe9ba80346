using System.Buffers;
using CsCheck;
using StreamML.Core.Anomaly;
using StreamML.Core.Serialization;

namespace StreamML.Core.Tests.Anomaly;

[Trait("Category", "BVT")]
public sealed class RobustZScoreTests
{
    [Fact]
    public void ScoreAndUpdate_DuringWarmUp_IsNaN()
    {
        var score = default(RobustZScore);
        for (var i = 0; i < RobustZScore.WarmUpEvents; i++)
        {
            Assert.True(float.IsNaN(score.ScoreAndUpdate([i, 10 - i])));
        }

        Assert.False(float.IsNaN(score.ScoreAndUpdate([3, 3])));
    }

    [Fact]
    public void Estimates_StationaryNormalStream_ConvergeToMedianAndMad()
    {
        // For N(μ, σ²) the median is μ and the MAD is 0.6745σ. Fixed 1 % steps leave the estimates fluctuating about them:
        // over many simulated streams the error's root mean square is about 0.065σ for the median and 0.077 for the log
        // of the MAD, so the bounds sit six of those away, where a hundred random streams per run never trip them by chance.
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Double[-1_000, 1_000], Gen.Double[0.01, 100]).Sample((seed, mu, sigma) =>
        {
            var random = new Random(seed);
            var score = default(RobustZScore);
            for (var i = 0; i < 3_000; i++)
            {
                score.ScoreAndUpdate([(float)(mu + (sigma * HalfSpaceTreesTests.Normal(random)))]);
            }

            return Math.Abs(score.Median(0) - mu) < 0.4 * sigma && Math.Abs(Math.Log(score.Mad(0) / (0.6745 * sigma))) < 0.45;
        }, iter: 100);
    }

    [Fact]
    public void ScoreAndUpdate_InliersAndOutlier_OutlierAboveIglewiczHoaglinThreshold()
    {
        // Iglewicz and Hoaglin (1993) flag modified z-scores above 3.5; |z| > 3.5 has probability 0.05% under a normal law.
        var random = new Random(42);
        var score = default(RobustZScore);
        var flagged = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var z = score.ScoreAndUpdate([(float)(50 + (4 * HalfSpaceTreesTests.Normal(random))), (float)HalfSpaceTreesTests.Normal(random)]);
            if (i >= 500 && z > 3.5f)
            {
                flagged++;
            }
        }

        Assert.True(flagged < 45, $"{flagged} of 4,500 inliers flagged");
        Assert.True(score.ScoreAndUpdate([50, 12]) > 3.5f);
        Assert.True(score.ScoreAndUpdate([90, 0]) > 3.5f);
    }

    [Fact]
    public void ScoreAndUpdate_OneHugeOutlier_MovesTheBaselineByABoundedStep()
    {
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Double[1e3, 1e30]).Sample((seed, magnitude) =>
        {
            var random = new Random(seed);
            var score = default(RobustZScore);
            for (var i = 0; i < 500; i++)
            {
                score.ScoreAndUpdate([(float)HalfSpaceTreesTests.Normal(random)]);
            }

            var (median, mad) = (score.Median(0), score.Mad(0));
            var z = score.ScoreAndUpdate([(float)magnitude]);
            var medianStep = Math.Abs(score.Median(0) - median);
            var madGrowth = score.Mad(0) / mad;
            var madBound = 1 + (RobustZScore.Rate * Math.Max(1, RobustZScore.Rate * (1 + Math.Abs(median)) / mad));
            return z > 100 && medianStep <= (RobustZScore.Rate * mad * 1.0001) + 1e-6 && madGrowth <= madBound * 1.0001;
        }, iter: 100);
    }

    [Fact]
    public void Estimates_LevelShift_FollowedWithinAFewHundredEvents()
    {
        var random = new Random(7);
        var score = default(RobustZScore);
        for (var i = 0; i < 1_000; i++)
        {
            score.ScoreAndUpdate([(float)(10 + HalfSpaceTreesTests.Normal(random))]);
        }

        var first = score.ScoreAndUpdate([15]);
        for (var i = 0; i < 1_000; i++)
        {
            score.ScoreAndUpdate([(float)(15 + HalfSpaceTreesTests.Normal(random))]);
        }

        Assert.True(first > 3.5f);
        Assert.InRange(score.Median(0), 14.5f, 15.5f);
        Assert.True(score.ScoreAndUpdate([15]) < 1f);
    }

    [Fact]
    public void ScoreAndUpdate_MissingValue_ScoresTheOthers()
    {
        var score = default(RobustZScore);
        var random = new Random(1);
        for (var i = 0; i < 200; i++)
        {
            score.ScoreAndUpdate([(float)HalfSpaceTreesTests.Normal(random), (float)HalfSpaceTreesTests.Normal(random)]);
        }

        Assert.True(score.ScoreAndUpdate([float.NaN, 20]) > 3.5f);
        Assert.True(score.ScoreAndUpdate([float.NaN, 0]) < 3.5f);
        Assert.True(float.IsNaN(score.ScoreAndUpdate([float.NaN, float.NaN])));
    }

    [Fact]
    public void ReadFrom_WrittenState_ContinuesIdentically()
    {
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, 40]).Sample((seed, split) =>
        {
            var random = new Random(seed);
            var original = default(RobustZScore);
            for (var i = 0; i < split; i++)
            {
                original.ScoreAndUpdate([(float)HalfSpaceTreesTests.Normal(random), (float)random.NextDouble()]);
            }

            var buffer = new ArrayBufferWriter<byte>();
            var writer = new SnapshotWriter(buffer);
            original.WriteTo(ref writer);
            writer.Flush();
            var reader = new SnapshotReader(buffer.WrittenSpan);
            var restored = RobustZScore.ReadFrom(ref reader, 2);
            for (var i = 0; i < 50; i++)
            {
                float[] x = [(float)HalfSpaceTreesTests.Normal(random), (float)random.NextDouble()];
                if (!original.ScoreAndUpdate(x).Equals(restored.ScoreAndUpdate(x)))
                {
                    return false;
                }
            }

            return reader.Remaining == 0;
        }, iter: 50);
    }

    [Fact]
    public void ReadFrom_OtherFeatureCount_Throws()
    {
        var original = default(RobustZScore);
        original.ScoreAndUpdate([1, 2, 3]);
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new SnapshotWriter(buffer);
        original.WriteTo(ref writer);
        writer.Flush();
        var data = buffer.WrittenSpan.ToArray();
        Assert.Throws<InvalidDataException>(() =>
        {
            var reader = new SnapshotReader(data);
            RobustZScore.ReadFrom(ref reader, 2);
        });
    }
}
