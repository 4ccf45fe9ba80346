using StreamML.Core.Metrics;

namespace StreamML.Core.Rollout;

/// <summary>The rules a rollout gate applies at every step.</summary>
/// <param name="Metric">The figure compared between challenger and champion.</param>
/// <param name="Margin">
/// How much worse the challenger may be, relative to the champion's figure: with accuracy 0.90 and a margin of 0.02,
/// the challenger passes at 0.882 or above; with an MAE of 10 it passes at 10.2 or below.
/// </param>
/// <param name="MinLabelled">Labelled predictions each side needs in the step before the gate decides.</param>
/// <param name="MaxErrorRate">Guard: a challenger whose share of wrong class predictions exceeds this is rolled back (null: off).</param>
/// <param name="MaxMissRate">
/// Guard: share of the canary's events the challenger failed to serve (for instance because it could not be loaded)
/// above which it is rolled back, once <paramref name="MinLabelled"/> canary events were routed (null: off).
/// </param>
public sealed record GateRules(GateMetric Metric, double Margin, long MinLabelled, double? MaxErrorRate, double? MaxMissRate)
{
    /// <summary>
    /// Latency guard: a challenger whose scoring p99 is above the champion's times this factor is rolled back, once both
    /// sides have <see cref="MinLatencySamples"/> scoring calls in the step (null: off).
    /// </summary>
    public double? MaxLatencyRatio { get; init; }

    /// <summary>
    /// Latency guard: a challenger whose scoring p99 is above this many milliseconds is rolled back, once it has
    /// <see cref="MinLatencySamples"/> scoring calls in the step (null: off).
    /// </summary>
    public double? MaxP99Milliseconds { get; init; }

    /// <summary>Scoring calls a side needs in the step before the latency guard reads its p99 (the p99 of few calls is their slowest one).</summary>
    public long MinLatencySamples { get; init; } = 1_000;

    /// <summary>
    /// How much slower than the champion's (in milliseconds of p99) the challenger may always be: the ratio guard trips
    /// only beyond both the ratio and this difference, since at microseconds a ratio measures noise, not cost.
    /// </summary>
    /// <value>The default value is 1 millisecond.</value>
    public double LatencySlackMilliseconds { get; init; } = 1.0;
}
