using CsCheck;
using StreamML.Core.Metrics;
using StreamML.Core.Schema;

namespace StreamML.Core.Tests.Metrics;

[Trait("Category", "BVT")]
public sealed class MetricAggregateTests
{
    /// <summary>Probabilities on bin centres, so the histogram AUC must equal the exact one.</summary>
    private static readonly Gen<(bool, double)[]> GenBinned =
        Gen.Select(Gen.Bool, Gen.Int[0, MetricAggregate.AucBins - 1].Select(b => (b + 0.5) / MetricAggregate.AucBins)).Array[0, 300];

    [Fact]
    public void Binary_ProbabilitiesOnBinCentres_EqualExactWindowFigures()
    {
        GenBinned.Sample(stream =>
        {
            var aggregate = new MetricAggregate(ModelTask.BinaryClassification);
            var window = new BinaryWindowMetrics(Math.Max(1, stream.Length));
            foreach (var (label, p) in stream)
            {
                aggregate.Add(label ? 1 : 0, float.NaN, (float)p);
                window.Add(label, (float)p);
            }

            var figures = aggregate.Figures();
            Assert.Equal(stream.Length, figures.Count);
            if (stream.Length == 0)
            {
                return;
            }

            Assert.Equal(window.Accuracy, figures.Accuracy, 12);
            Assert.Equal(window.LogLoss, figures.LogLoss, tolerance: 1e-9);
            Assert.Equal(double.IsNaN(window.Auc), double.IsNaN(figures.Auc));
            if (!double.IsNaN(window.Auc))
            {
                Assert.Equal(window.Auc, figures.Auc, 12);
            }
        });
    }

    [Fact]
    public void Merge_AnySplit_EqualsAddingEverythingToOne()
    {
        Gen.Select(Gen.Select(Gen.Bool, Gen.Float[0, 1]).Array[0, 200], Gen.Double[0, 1]).Sample((stream, at) =>
        {
            var cut = (int)(stream.Length * at);
            var whole = new MetricAggregate(ModelTask.BinaryClassification);
            var left = new MetricAggregate(ModelTask.BinaryClassification);
            var right = new MetricAggregate(ModelTask.BinaryClassification);
            for (var i = 0; i < stream.Length; i++)
            {
                var (label, p) = stream[i];
                whole.Add(label ? 1 : 0, float.NaN, p);
                (i < cut ? left : right).Add(label ? 1 : 0, float.NaN, p);
            }

            left.Merge(right);
            Assert.Equal(whole.Count, left.Count);
            Assert.Equal(whole.Correct, left.Correct);
            // Sums in another order differ in the last bits; rounding both to 9 places can split them at a boundary.
            Assert.Equal(whole.LogLossSum, left.LogLossSum, tolerance: 1e-9);
            Assert.True(whole.Positives.SequenceEqual(left.Positives));
            Assert.True(whole.Negatives.SequenceEqual(left.Negatives));
        });
    }

    [Fact]
    public void Regression_FiguresMatchTheWindow()
    {
        var aggregate = new MetricAggregate(ModelTask.Regression);
        var window = new RegressionWindowMetrics(16);
        foreach (var (y, p) in new[] { (3.0, 2.5f), (-0.5, 0.0f), (2.0, 2.0f), (7.0, 8.0f) })
        {
            aggregate.Add(y, p, float.NaN);
            window.Add(y, p);
        }

        Assert.False(aggregate.Add(1.0, float.NaN, float.NaN));
        var figures = aggregate.Figures();
        Assert.Equal(4, figures.Count);
        Assert.Equal(window.Mae, figures.Mae, 12);
        Assert.Equal(window.Rmse, figures.Rmse, 12);
        Assert.True(double.IsNaN(figures.Accuracy));
    }

    [Fact]
    public void FromParts_RoundTripsTheSums()
    {
        var a = new MetricAggregate(ModelTask.BinaryClassification);
        a.Add(1, float.NaN, 0.8f);
        a.Add(0, float.NaN, 0.3f);
        a.Add(0, float.NaN, 0.6f);
        var b = MetricAggregate.FromParts(a.Task, a.Count, a.Correct, a.LogLossSum, a.AbsoluteErrorSum, a.SquaredErrorSum, a.Positives.ToArray(), a.Negatives.ToArray());

        Assert.Equal(a.Figures(), b.Figures());
        Assert.Equal(2 / 3.0, b.Figures().Accuracy, 12);
        Assert.Equal(1.0, b.Figures().Auc, 12);
    }
}
