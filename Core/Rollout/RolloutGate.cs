using System.Globalization;
using StreamML.Core.Metrics;

namespace StreamML.Core.Rollout;

/// <summary>
/// The metric gate of a rollout step: guards first (miss rate, error rate, scoring latency; each acts on any amount of
/// evidence past its minimum), then, once both sides have enough labelled predictions, the comparison of the chosen
/// figure within the relative margin.
/// </summary>
public static class RolloutGate
{
    /// <summary>Evaluates one step without latency figures (the latency guard cannot act).</summary>
    /// <param name="rules">The gate's rules.</param>
    /// <param name="champion">The champion's figures over the step (in shadow mode: on the same events).</param>
    /// <param name="challenger">The challenger's figures over the step.</param>
    /// <param name="canaryRouted">Events of the step routed to the canary share.</param>
    /// <param name="canaryMissed">Of those, events the challenger did not serve.</param>
    public static GateVerdict Evaluate(GateRules rules, MetricFigures champion, MetricFigures challenger, long canaryRouted, long canaryMissed) =>
        Evaluate(rules, champion, challenger, canaryRouted, canaryMissed, LatencyFigures.None);

    /// <summary>Evaluates one step.</summary>
    /// <param name="rules">The gate's rules.</param>
    /// <param name="champion">The champion's figures over the step (in shadow mode: on the same events).</param>
    /// <param name="challenger">The challenger's figures over the step.</param>
    /// <param name="canaryRouted">Events of the step routed to the canary share.</param>
    /// <param name="canaryMissed">Of those, events the challenger did not serve.</param>
    /// <param name="latency">Both sides' scoring latency over the step.</param>
    public static GateVerdict Evaluate(GateRules rules, MetricFigures champion, MetricFigures challenger, long canaryRouted, long canaryMissed, LatencyFigures latency)
    {
        ArgumentNullException.ThrowIfNull(latency);
        ArgumentNullException.ThrowIfNull(rules);
        var name = rules.Metric.Name();
        var figures = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["champion_count"] = champion.Count,
            ["challenger_count"] = challenger.Count,
            ["min_labelled"] = rules.MinLabelled,
            ["margin"] = rules.Margin,
        };
        Put(figures, "champion_" + name, champion.Get(rules.Metric));
        Put(figures, "challenger_" + name, challenger.Get(rules.Metric));

        if (rules.MaxMissRate is { } maxMiss && canaryRouted >= rules.MinLabelled && canaryRouted > 0)
        {
            var missRate = (double)canaryMissed / canaryRouted;
            figures["canary_routed"] = canaryRouted;
            figures["canary_missed"] = canaryMissed;
            figures["challenger_miss_rate"] = missRate;
            if (missRate > maxMiss)
            {
                return new GateVerdict(GateOutcome.GuardTripped, Invariant($"the challenger missed {missRate:P1} of its canary events (limit {maxMiss:P1})"), figures);
            }
        }

        if (rules.MaxErrorRate is { } maxError && challenger.Count >= rules.MinLabelled && double.IsFinite(challenger.Accuracy))
        {
            var errorRate = 1 - challenger.Accuracy;
            figures["challenger_error_rate"] = errorRate;
            if (errorRate > maxError)
            {
                return new GateVerdict(GateOutcome.GuardTripped, Invariant($"the challenger's error rate {errorRate:P2} is above the limit {maxError:P2}"), figures);
            }
        }

        if (LatencyGuard(rules, latency, figures) is { } tripped)
        {
            return new GateVerdict(GateOutcome.GuardTripped, tripped, figures);
        }

        if (challenger.Count < rules.MinLabelled || champion.Count < rules.MinLabelled)
        {
            return new GateVerdict(GateOutcome.Wait, Invariant($"waiting for {rules.MinLabelled} labelled predictions on each side (champion {champion.Count}, challenger {challenger.Count})"), figures);
        }

        var championValue = champion.Get(rules.Metric);
        var challengerValue = challenger.Get(rules.Metric);
        if (!double.IsFinite(championValue) || !double.IsFinite(challengerValue))
        {
            return new GateVerdict(GateOutcome.Wait, $"{name} cannot be computed yet on both sides", figures);
        }

        var allowance = rules.Margin * Math.Abs(championValue);
        var worse = rules.Metric.HigherIsBetter()
            ? challengerValue < championValue - allowance
            : challengerValue > championValue + allowance;
        var comparison = Invariant($"challenger {name} {challengerValue:0.####} vs champion {championValue:0.####} (margin {rules.Margin:P1})");
        return worse
            ? new GateVerdict(GateOutcome.Worse, "worse: " + comparison, figures)
            : new GateVerdict(GateOutcome.Pass, "not worse: " + comparison, figures);
    }

    /// <summary>Why the latency guard trips, or null; puts the figures it read into <paramref name="figures"/>.</summary>
    private static string? LatencyGuard(GateRules rules, LatencyFigures latency, Dictionary<string, double> figures)
    {
        if (rules.MaxLatencyRatio is null && rules.MaxP99Milliseconds is null)
        {
            return null;
        }

        var challengerReady = latency.ChallengerCount >= rules.MinLatencySamples && double.IsFinite(latency.ChallengerP99Milliseconds);
        var championReady = latency.ChampionCount >= rules.MinLatencySamples && double.IsFinite(latency.ChampionP99Milliseconds);
        if (challengerReady)
        {
            figures["challenger_latency_count"] = latency.ChallengerCount;
            figures["challenger_latency_p99_ms"] = latency.ChallengerP99Milliseconds;
        }

        if (championReady)
        {
            figures["champion_latency_count"] = latency.ChampionCount;
            figures["champion_latency_p99_ms"] = latency.ChampionP99Milliseconds;
        }

        if (rules.MaxP99Milliseconds is { } maxP99 && challengerReady)
        {
            figures["max_p99_ms"] = maxP99;
            if (latency.ChallengerP99Milliseconds > maxP99)
            {
                return Invariant($"the challenger's scoring p99 {latency.ChallengerP99Milliseconds:0.###} ms is above the limit {maxP99:0.###} ms (champion {(championReady ? latency.ChampionP99Milliseconds : double.NaN):0.###} ms)");
            }
        }

        if (rules.MaxLatencyRatio is { } maxRatio && challengerReady && championReady)
        {
            figures["max_latency_ratio"] = maxRatio;
            var ratio = latency.ChallengerP99Milliseconds / latency.ChampionP99Milliseconds;
            figures["latency_ratio"] = ratio;
            figures["latency_slack_ms"] = rules.LatencySlackMilliseconds;
            if (latency.ChallengerP99Milliseconds > latency.ChampionP99Milliseconds * maxRatio
                && latency.ChallengerP99Milliseconds - latency.ChampionP99Milliseconds > rules.LatencySlackMilliseconds)
            {
                return Invariant($"the challenger's scoring p99 {latency.ChallengerP99Milliseconds:0.###} ms is {ratio:0.##}x the champion's {latency.ChampionP99Milliseconds:0.###} ms (limit {maxRatio:0.##}x and {rules.LatencySlackMilliseconds:0.###} ms)");
            }
        }

        return null;
    }

    private static void Put(Dictionary<string, double> figures, string name, double value)
    {
        if (double.IsFinite(value))
        {
            figures[name] = value;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
