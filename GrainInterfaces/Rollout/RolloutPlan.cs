namespace StreamML.GrainInterfaces.Rollout;

/// <summary>A rollout with every setting resolved.</summary>
[GenerateSerializer]
[Alias("streamml.RolloutPlan")]
[Immutable]
public sealed record RolloutPlan
{
    /// <summary>The challenger version.</summary>
    [Id(0)] public required int Version { get; init; }

    /// <summary>The champion when the rollout started.</summary>
    [Id(1)] public required int Champion { get; init; }

    /// <summary>Canary or shadow.</summary>
    [Id(2)] public required RolloutMode Mode { get; init; }

    /// <summary>Canary shares in percent (a shadow rollout has one step of 0).</summary>
    [Id(3)] public required double[] Steps { get; init; }

    /// <summary>Labelled predictions each side needs per step.</summary>
    [Id(4)] public required long MinLabelled { get; init; }

    /// <summary>Relative margin.</summary>
    [Id(5)] public required double Margin { get; init; }

    /// <summary>The figure compared.</summary>
    [Id(6)] public required string Metric { get; init; }

    /// <summary>Error-rate guard, or null.</summary>
    [Id(7)] public double? MaxErrorRate { get; init; }

    /// <summary>Canary-miss guard, or null.</summary>
    [Id(8)] public double? MaxMissRate { get; init; }

    /// <summary>Who started it: auto or api.</summary>
    [Id(9)] public required string Actor { get; init; }

    /// <summary>Latency guard: the challenger's scoring p99 over the champion's, at most; or null.</summary>
    [Id(10)] public double? MaxLatencyRatio { get; init; }

    /// <summary>Latency guard: the challenger's highest scoring p99; or null.</summary>
    [Id(11)] public TimeSpan? MaxP99 { get; init; }

    /// <summary>Scoring calls each side needs in a step before the latency guards act.</summary>
    [Id(12)] public long MinLatencySamples { get; init; } = 1_000;
}
