using StreamML.Core.Metrics;
using StreamML.Core.Rollout;

namespace StreamML.Core.Tests.Rollout;

/// <summary>The latency guard of the rollout gate: the challenger's scoring p99 against the champion's and against a ceiling.</summary>
[Trait("Category", "BVT")]
public sealed class RolloutGateLatencyTests
{
    private static readonly GateRules Rules = new(GateMetric.Accuracy, Margin: 0.02, MinLabelled: 100, MaxErrorRate: null, MaxMissRate: null)
    {
        MaxLatencyRatio = 1.5,
        MinLatencySamples = 1_000,
        LatencySlackMilliseconds = 0,
    };

    private static MetricFigures Classifier(long count, double accuracy) => new(count, accuracy, 0.3, 0.8, double.NaN, double.NaN);

    private static GateVerdict Evaluate(GateRules rules, LatencyFigures latency) =>
        RolloutGate.Evaluate(rules, Classifier(1_000, 0.90), Classifier(1_000, 0.95), 0, 0, latency);

    [Theory]
    [InlineData(0.2, 0.29, GateOutcome.Pass)]
    [InlineData(0.2, 0.30, GateOutcome.Pass)] // exactly 1.5 times the champion's p99 is allowed
    [InlineData(0.2, 0.31, GateOutcome.GuardTripped)]
    public void Evaluate_ChallengerP99AgainstChampion_TripsAboveTheRatio(double championP99, double challengerP99, GateOutcome expected)
    {
        var verdict = Evaluate(Rules, new LatencyFigures(5_000, championP99, 2_000, challengerP99));

        Assert.Equal(expected, verdict.Outcome);
        Assert.Equal(championP99, verdict.Figures["champion_latency_p99_ms"]);
        Assert.Equal(challengerP99, verdict.Figures["challenger_latency_p99_ms"]);
        Assert.Equal(challengerP99 / championP99, verdict.Figures["latency_ratio"], 12);
    }

    [Theory]
    [InlineData(0.010, 0.026, GateOutcome.Pass)] // 2.6 times, but 16 µs: noise at this scale, not cost
    [InlineData(0.5, 1.4, GateOutcome.Pass)] // 2.8 times, 0.9 ms slower: within the slack
    [InlineData(0.5, 1.6, GateOutcome.GuardTripped)] // 3.2 times and 1.1 ms slower
    [InlineData(10, 12, GateOutcome.Pass)] // 2 ms slower, but within the ratio
    public void Evaluate_RatioAndSlack_TripOnlyBeyondBoth(double championP99, double challengerP99, GateOutcome expected)
    {
        var verdict = Evaluate(Rules with { LatencySlackMilliseconds = 1.0 }, new LatencyFigures(5_000, championP99, 2_000, challengerP99));

        Assert.Equal(expected, verdict.Outcome);
        Assert.Equal(1.0, verdict.Figures["latency_slack_ms"]);
    }

    [Fact]
    public void Evaluate_SlowChallenger_TripsBeforeTheMetricIsCompared_WithBothFiguresInTheReason()
    {
        // Better on accuracy, but three times slower: the guard decides, not the metric.
        var verdict = Evaluate(Rules, new LatencyFigures(5_000, 0.2, 2_000, 0.6));

        Assert.Equal(GateOutcome.GuardTripped, verdict.Outcome);
        Assert.Contains("0.6 ms", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("0.2 ms", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(1.5, verdict.Figures["max_latency_ratio"]);
    }

    [Theory]
    [InlineData(999, 5_000)]
    [InlineData(5_000, 999)]
    public void Evaluate_TooFewScoringCallsOnASide_RatioGuardDoesNotAct(long championCount, long challengerCount)
    {
        var verdict = Evaluate(Rules, new LatencyFigures(championCount, 0.2, challengerCount, 2.0));

        Assert.Equal(GateOutcome.Pass, verdict.Outcome);
        Assert.False(verdict.Figures.ContainsKey("latency_ratio"));
    }

    [Fact]
    public void Evaluate_NoLatencyMeasured_GuardDoesNotAct()
    {
        var verdict = RolloutGate.Evaluate(Rules, Classifier(1_000, 0.90), Classifier(1_000, 0.95), 0, 0);

        Assert.Equal(GateOutcome.Pass, verdict.Outcome);
        Assert.False(verdict.Figures.ContainsKey("challenger_latency_p99_ms"));
    }

    [Fact]
    public void Evaluate_RatioGuardOff_SlowChallengerPasses()
    {
        var verdict = Evaluate(Rules with { MaxLatencyRatio = null }, new LatencyFigures(5_000, 0.2, 2_000, 2.0));

        Assert.Equal(GateOutcome.Pass, verdict.Outcome);
    }

    [Theory]
    [InlineData(0.9, GateOutcome.Pass)]
    [InlineData(1.0, GateOutcome.Pass)]
    [InlineData(1.1, GateOutcome.GuardTripped)]
    public void Evaluate_AbsoluteCeiling_TripsAboveMaxP99EvenWithoutAChampionFigure(double challengerP99, GateOutcome expected)
    {
        var rules = Rules with { MaxLatencyRatio = null, MaxP99Milliseconds = 1.0 };

        var verdict = Evaluate(rules, new LatencyFigures(0, double.NaN, 2_000, challengerP99));

        Assert.Equal(expected, verdict.Outcome);
        Assert.Equal(1.0, verdict.Figures["max_p99_ms"]);
        Assert.False(verdict.Figures.ContainsKey("champion_latency_p99_ms"));
    }

    [Fact]
    public void Evaluate_BothGuards_CeilingTripsWhileTheRatioHolds()
    {
        // 1.2 ms is within 1.5x of a slow champion's 1.0 ms, but above the 1.1 ms ceiling.
        var rules = Rules with { MaxP99Milliseconds = 1.1 };

        var verdict = Evaluate(rules, new LatencyFigures(5_000, 1.0, 2_000, 1.2));

        Assert.Equal(GateOutcome.GuardTripped, verdict.Outcome);
        Assert.Contains("limit 1.1 ms", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LatencyGuardActsBeforeEnoughLabels()
    {
        var verdict = RolloutGate.Evaluate(Rules, Classifier(10, 0.9), Classifier(10, 0.9), 0, 0, new LatencyFigures(5_000, 0.1, 5_000, 0.5));

        Assert.Equal(GateOutcome.GuardTripped, verdict.Outcome);
    }
}
