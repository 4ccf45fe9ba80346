using StreamML.Core.Metrics;
using StreamML.Core.Rollout;

namespace StreamML.Core.Tests.Rollout;

[Trait("Category", "BVT")]
public sealed class RolloutGateTests
{
    private static readonly GateRules Accuracy = new(GateMetric.Accuracy, Margin: 0.02, MinLabelled: 100, MaxErrorRate: null, MaxMissRate: 0.1);

    private static MetricFigures Classifier(long count, double accuracy, double logLoss = 0.3) => new(count, accuracy, logLoss, 0.8, double.NaN, double.NaN);

    [Fact]
    public void Evaluate_TooFewLabels_Waits()
    {
        var verdict = RolloutGate.Evaluate(Accuracy, Classifier(500, 0.9), Classifier(99, 0.2), 0, 0);

        Assert.Equal(GateOutcome.Wait, verdict.Outcome);
        Assert.Equal(99, verdict.Figures["challenger_count"]);
    }

    [Theory]
    [InlineData(0.90, 0.95, GateOutcome.Pass)]
    [InlineData(0.90, 0.882, GateOutcome.Pass)] // exactly at the margin: 0.90 - 0.02 * 0.90
    [InlineData(0.90, 0.881, GateOutcome.Worse)]
    public void Evaluate_Accuracy_RelativeMargin(double champion, double challenger, GateOutcome expected)
    {
        var verdict = RolloutGate.Evaluate(Accuracy, Classifier(1000, champion), Classifier(100, challenger), 100, 0);

        Assert.Equal(expected, verdict.Outcome);
        Assert.Equal(champion, verdict.Figures["champion_accuracy"]);
        Assert.Equal(challenger, verdict.Figures["challenger_accuracy"]);
    }

    [Theory]
    [InlineData(10.0, 10.2, GateOutcome.Pass)]
    [InlineData(10.0, 10.3, GateOutcome.Worse)]
    [InlineData(10.0, 3.0, GateOutcome.Pass)]
    public void Evaluate_LowerIsBetter_RelativeMargin(double champion, double challenger, GateOutcome expected)
    {
        var rules = new GateRules(GateMetric.Mae, 0.02, 10, null, null);

        var verdict = RolloutGate.Evaluate(rules, new MetricFigures(50, double.NaN, double.NaN, double.NaN, champion, 1), new MetricFigures(50, double.NaN, double.NaN, double.NaN, challenger, 1), 0, 0);

        Assert.Equal(expected, verdict.Outcome);
    }

    [Fact]
    public void Evaluate_ChallengerMissesCanaryEvents_GuardTripsBeforeAnyLabel()
    {
        var verdict = RolloutGate.Evaluate(Accuracy, Classifier(0, double.NaN), Classifier(0, double.NaN), canaryRouted: 200, canaryMissed: 40);

        Assert.Equal(GateOutcome.GuardTripped, verdict.Outcome);
        Assert.Equal(0.2, verdict.Figures["challenger_miss_rate"], 12);
    }

    [Fact]
    public void Evaluate_ErrorRateAboveLimit_GuardTripsEvenWhenNotWorseThanChampion()
    {
        var rules = Accuracy with { MaxErrorRate = 0.3 };

        var verdict = RolloutGate.Evaluate(rules, Classifier(1000, 0.6), Classifier(200, 0.65), 200, 0);

        Assert.Equal(GateOutcome.GuardTripped, verdict.Outcome);
        Assert.Equal(0.35, verdict.Figures["challenger_error_rate"], 12);
    }

    [Fact]
    public void Evaluate_AucUndefined_Waits()
    {
        var rules = Accuracy with { Metric = GateMetric.Auc };

        var verdict = RolloutGate.Evaluate(rules, Classifier(1000, 0.9), new MetricFigures(200, 0.9, 0.2, double.NaN, double.NaN, double.NaN), 200, 0);

        Assert.Equal(GateOutcome.Wait, verdict.Outcome);
    }
}
