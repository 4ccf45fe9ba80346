using CsCheck;
using StreamML.Core.Metrics;

namespace StreamML.Core.Tests.Metrics;

[Trait("Category", "BVT")]
public sealed class WindowMetricsTests
{
    private static readonly Gen<(int Window, (bool, double)[] Stream)> GenBinary =
        Gen.Select(
            Gen.Int[1, 60],
            Gen.Select(Gen.Bool, Gen.OneOf(Gen.Double[0, 1], Gen.Int[0, 8].Select(i => i / 8.0))).Array[0, 200]);

    [Fact]
    public void Binary_ScikitLearnDocstringExamples_Match()
    {
        // scikit-learn docstring of roc_auc_score / roc_curve (sklearn/metrics/_ranking.py): y = [0, 0, 1, 1],
        // scores [0.1, 0.4, 0.35, 0.8] give an AUC of 0.75.
        var auc = new BinaryWindowMetrics(10);
        foreach (var (label, p) in new[] { (false, 0.1), (false, 0.4), (true, 0.35), (true, 0.8) })
        {
            auc.Add(label, p);
        }

        Assert.Equal(0.75, auc.Auc, 12);
        Assert.Equal(0.75, auc.Accuracy, 12);

        // scikit-learn docstring of log_loss (sklearn/metrics/_classification.py): labels spam, ham, ham, spam with
        // P(spam) = .9, .1, .2, .65 give 0.21616...
        var loss = new BinaryWindowMetrics(10);
        foreach (var (label, p) in new[] { (true, 0.9), (false, 0.1), (false, 0.2), (true, 0.65) })
        {
            loss.Add(label, p);
        }

        Assert.Equal(0.21616, loss.LogLoss, 5);
        Assert.Equal(1.0, loss.Accuracy);
        Assert.Equal(1.0, loss.Auc);
    }

    [Fact]
    public void Binary_AnyStreamAndWindow_EqualsNaiveOverTheLastWindow()
    {
        GenBinary.Sample(t =>
        {
            var (window, stream) = t;
            var metrics = new BinaryWindowMetrics(window);
            foreach (var (label, p) in stream)
            {
                metrics.Add(label, p);
            }

            var last = stream.Skip(Math.Max(0, stream.Length - window)).Select(x => (Label: x.Item1, P: x.Item2)).ToList();
            Assert.Equal(last.Count, metrics.Count);
            if (last.Count == 0)
            {
                Assert.True(double.IsNaN(metrics.Accuracy) && double.IsNaN(metrics.LogLoss) && double.IsNaN(metrics.Auc));
                return;
            }

            Assert.Equal(NaiveMetrics.Accuracy(last), metrics.Accuracy, 12);
            AssertClose(NaiveMetrics.LogLoss(last), metrics.LogLoss);
            var expectedAuc = NaiveMetrics.Auc(last);
            if (double.IsNaN(expectedAuc))
            {
                Assert.True(double.IsNaN(metrics.Auc));
            }
            else
            {
                Assert.Equal(expectedAuc, metrics.Auc, 12);
            }
        });
    }

    [Fact]
    public void Binary_CertainMiss_LogLossIsClippedNotInfinite()
    {
        var metrics = new BinaryWindowMetrics(4);
        metrics.Add(true, 0.0);

        Assert.Equal(-Math.Log(1e-15), metrics.LogLoss, 9);
        Assert.Equal(0, metrics.Accuracy);
    }

    [Fact]
    public void Regression_AnyStreamAndWindow_EqualsNaiveOverTheLastWindow()
    {
        Gen.Select(Gen.Int[1, 40], Gen.Select(Gen.Double[-1e3, 1e3], Gen.Double[-1e3, 1e3]).Array[1, 150]).Sample((window, stream) =>
        {
            var metrics = new RegressionWindowMetrics(window);
            foreach (var (label, prediction) in stream)
            {
                metrics.Add(label, prediction);
            }

            var last = stream.Skip(Math.Max(0, stream.Length - window)).Select(x => (Label: x.Item1, Prediction: x.Item2)).ToList();
            Assert.Equal(last.Count, metrics.Count);
            AssertClose(NaiveMetrics.Mae(last), metrics.Mae);
            AssertClose(NaiveMetrics.Rmse(last), metrics.Rmse);
        });
    }

    [Fact]
    public void Regression_KnownErrors_GiveMaeAndRmse()
    {
        // scikit-learn docstrings of mean_absolute_error and root_mean_squared_error: y_true [3, -0.5, 2, 7],
        // y_pred [2.5, 0.0, 2, 8] give MAE 0.5 and RMSE 0.612...
        var metrics = new RegressionWindowMetrics(8);
        foreach (var (y, p) in new[] { (3.0, 2.5), (-0.5, 0.0), (2.0, 2.0), (7.0, 8.0) })
        {
            metrics.Add(y, p);
        }

        Assert.Equal(0.5, metrics.Mae, 12);
        Assert.Equal(0.612372, metrics.Rmse, 6);
    }

    [Fact]
    public void Multiclass_ScikitLearnLogLossExample_AndWindowSlides()
    {
        // scikit-learn docstring of log_loss with the two classes as columns (ham = 0, spam = 1): 0.21616...
        var metrics = new MulticlassWindowMetrics(4);
        metrics.Add(1, [0.1, 0.9]);
        metrics.Add(0, [0.9, 0.1]);
        metrics.Add(0, [0.8, 0.2]);
        metrics.Add(1, [0.35, 0.65]);
        Assert.Equal(0.21616, metrics.LogLoss, 5);
        Assert.Equal(1.0, metrics.Accuracy);

        // A fifth prediction, wrong, pushes the first out.
        metrics.Add(2, [0.5, 0.25, 0.25]);
        Assert.Equal(4, metrics.Count);
        Assert.Equal(0.75, metrics.Accuracy);
        var expected = (-Math.Log(0.9) - Math.Log(0.8) - Math.Log(0.65) - Math.Log(0.25)) / 4;
        Assert.Equal(expected, metrics.LogLoss, 12);
    }

    [Fact]
    public void Kappa_RiverDocstringExamples_Match()
    {
        // River 0.21 docstrings of CohenKappa and KappaT (river/metrics/kappa.py): 0.428571 and 0.6.
        // Classes: cat = 0, ant = 1, bird = 2.
        int[] truth = [0, 1, 0, 0, 1, 2];
        int[] predicted = [1, 1, 0, 0, 1, 0];
        var kappa = new PrequentialKappa();
        for (var i = 0; i < truth.Length; i++)
        {
            kappa.Update(truth[i], predicted[i]);
        }

        Assert.Equal(0.428571, kappa.CohenKappa, 6);
        Assert.Equal(0.6, kappa.KappaTemporal, 12);
        Assert.Equal(4 / 6.0, kappa.Accuracy, 12);
        Assert.Equal(1 / 6.0, kappa.NoChangeAccuracy, 12);
    }

    [Fact]
    public void Kappa_PredictingThePreviousLabel_HasKappaTemporalZero()
    {
        var random = new Random(5);
        var kappa = new PrequentialKappa();
        var previous = -1;
        for (var i = 0; i < 500; i++)
        {
            var label = random.Next(3);
            kappa.Update(label, previous);
            previous = label;
        }

        Assert.Equal(0, kappa.KappaTemporal, 12);
    }

    // Running sums and the naive sum round differently: compare within a relative 1e-9, because rounding both to a
    // fixed number of places fails whenever the two values straddle a rounding boundary.
    private static void AssertClose(double expected, double actual) =>
        Assert.Equal(expected, actual, 1e-9 * Math.Max(1, Math.Abs(expected)));
}
