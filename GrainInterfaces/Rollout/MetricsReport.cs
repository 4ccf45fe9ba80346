using StreamML.Core.Metrics;

namespace StreamML.GrainInterfaces.Rollout;

/// <summary>
/// What one silo saw of a model's labels since its previous report: per-version sums (mergeable), label outcomes and
/// how the canary share was served. Silos send one about once a second; the rollout grain merges them.
/// </summary>
[GenerateSerializer]
[Alias("streamml.MetricsReport")]
[Immutable]
public sealed record MetricsReport
{
    /// <summary>Sums of labelled predictions by the version that served them.</summary>
    [Id(0)] public Dictionary<int, MetricAggregate> Served { get; init; } = [];

    /// <summary>Sums of labelled shadow predictions by shadow version (events served by the champion).</summary>
    [Id(1)] public Dictionary<int, MetricAggregate> Shadow { get; init; } = [];

    /// <summary>Labels joined with a prediction.</summary>
    [Id(2)] public long Matched { get; init; }

    /// <summary>Labels with no remembered prediction.</summary>
    [Id(3)] public long Unmatched { get; init; }

    /// <summary>Labels for an event already labelled.</summary>
    [Id(4)] public long Duplicates { get; init; }

    /// <summary>Labels that came after the prediction's time-to-live (late).</summary>
    [Id(5)] public long Late { get; init; }

    /// <summary>Events of entities in the canary share while a canary was routed.</summary>
    [Id(6)] public long CanaryRouted { get; init; }

    /// <summary>Of <see cref="CanaryRouted"/>, events the challenger did not serve (not loaded on that silo).</summary>
    [Id(7)] public long CanaryMissed { get; init; }

    /// <summary>
    /// Scoring time per version (served or in shadow) since the previous report: the bucket counts of a
    /// <see cref="LatencyHistogram"/> (microseconds), shaped as <see cref="LatencyHistogram.NewBuckets"/>.
    /// </summary>
    [Id(8)] public Dictionary<int, long[]> ScoringLatency { get; init; } = [];

    /// <summary>Whether the report carries nothing.</summary>
    public bool IsEmpty => Served.Count == 0 && Shadow.Count == 0 && Matched == 0 && Unmatched == 0 && Duplicates == 0 && Late == 0 && CanaryRouted == 0
        && ScoringLatency.Count == 0;
}
