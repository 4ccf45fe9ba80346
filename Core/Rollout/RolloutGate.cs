using System.Globalization;
using StreamML.Core.Metrics;

namespace StreamML.Core.Rollout;

/// <summary>
/// The metric gate of a rollout step: guards first (they act on any amount of evidence past their minimum), then, once
/// both sides have enough labelled predictions, the comparison of the chosen figure within the relative margin.
/// </summary>
public static class RolloutGate
{
    /// <summary>Evaluates one step.</summary>
    /// <param name="rules">The gate's rules.</param>
    /// <param name="champion">The champion's figures over the step (in shadow mode: on the same events).</param>
    /// <param name="challenger">The challenger's figures over the step.</param>
    /// <param name="canaryRouted">Events of the step routed to the canary share.</param>
    /// <param name="canaryMissed">Of those, events the challenger did not serve.</param>
    public static GateVerdict Evaluate(GateRules rules, MetricFigures champion, MetricFigures challenger, long canaryRouted, long canaryMissed)
    {
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

    private static void Put(Dictionary<string, double> figures, string name, double value)
    {
        if (double.IsFinite(value))
        {
            figures[name] = value;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
