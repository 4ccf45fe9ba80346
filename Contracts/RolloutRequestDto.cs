namespace StreamML.Contracts;

/// <summary>The body of <c>PUT /v1/models/{name}/rollout</c>: the version to roll out and any settings that differ from the defaults.</summary>
public sealed record RolloutRequestDto
{
    /// <summary>The version to roll out.</summary>
    public int Version { get; init; }

    /// <summary>canary or shadow.</summary>
    public string? Mode { get; init; }

    /// <summary>The ramp in percent, increasing.</summary>
    public IReadOnlyList<double>? Steps { get; init; }

    /// <summary>Labelled predictions each side needs per step.</summary>
    public long? MinLabelled { get; init; }

    /// <summary>How much worse than the champion the challenger may be, relative to the champion's figure.</summary>
    public double? Margin { get; init; }

    /// <summary>accuracy, log_loss, auc, mae or rmse.</summary>
    public string? Metric { get; init; }

    /// <summary>Error-rate guard.</summary>
    public double? MaxErrorRate { get; init; }

    /// <summary>Canary-miss guard.</summary>
    public double? MaxMissRate { get; init; }

    /// <summary>Latency guard: the challenger's scoring p99 over the champion's, at most; 0 turns it off.</summary>
    public double? MaxLatencyRatio { get; init; }

    /// <summary>Latency guard: the challenger's highest scoring p99 in milliseconds; 0 turns it off.</summary>
    public double? MaxP99Ms { get; init; }
}
