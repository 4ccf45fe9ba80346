namespace StreamML.GrainInterfaces.Rollout;

/// <summary>A request to roll a version out; every unset field takes the silo's configured default.</summary>
[GenerateSerializer]
[Alias("streamml.RolloutRequest")]
[Immutable]
public sealed record RolloutRequest
{
    /// <summary>The version to roll out.</summary>
    [Id(0)] public int Version { get; init; }

    /// <summary>Canary or shadow.</summary>
    [Id(1)] public RolloutMode? Mode { get; init; }

    /// <summary>Canary shares of the ramp, in percent, increasing; reaching 100 makes the challenger champion.</summary>
    [Id(2)] public double[]? Steps { get; init; }

    /// <summary>Labelled predictions each side needs per step before the gate decides.</summary>
    [Id(3)] public long? MinLabelled { get; init; }

    /// <summary>How much worse than the champion the challenger may be, relative to the champion's figure.</summary>
    [Id(4)] public double? Margin { get; init; }

    /// <summary>The figure compared: accuracy, log_loss, auc, mae or rmse.</summary>
    [Id(5)] public string? Metric { get; init; }

    /// <summary>Guard: highest share of wrong predictions the challenger may have.</summary>
    [Id(6)] public double? MaxErrorRate { get; init; }

    /// <summary>Guard: highest share of canary events the challenger may fail to serve.</summary>
    [Id(7)] public double? MaxMissRate { get; init; }

    /// <summary>Guard: the challenger's scoring p99 over the champion's, at most (0 turns it off for this rollout).</summary>
    [Id(8)] public double? MaxLatencyRatio { get; init; }

    /// <summary>Guard: the challenger's highest scoring p99 (zero turns it off for this rollout).</summary>
    [Id(9)] public TimeSpan? MaxP99 { get; init; }
}
