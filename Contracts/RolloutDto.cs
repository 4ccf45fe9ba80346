namespace StreamML.Contracts;

/// <summary>A model's rollout as the HTTP API shows it (<c>GET /v1/models/{name}/rollout</c>).</summary>
public sealed record RolloutDto
{
    /// <summary>idle, running, promoted or rolled_back.</summary>
    public required string State { get; init; }

    /// <summary>canary or shadow.</summary>
    public string? Mode { get; init; }

    /// <summary>The challenger version.</summary>
    public int? Version { get; init; }

    /// <summary>The champion when the rollout started.</summary>
    public int? Champion { get; init; }

    /// <summary>The ramp in percent.</summary>
    public IReadOnlyList<double>? Steps { get; init; }

    /// <summary>Index of the current step.</summary>
    public int Step { get; init; }

    /// <summary>The challenger's share now, in percent.</summary>
    public double Percent { get; init; }

    /// <summary>Labelled predictions each side needs per step.</summary>
    public long? MinLabelled { get; init; }

    /// <summary>Relative margin.</summary>
    public double? Margin { get; init; }

    /// <summary>The figure the gate compares.</summary>
    public string? Metric { get; init; }

    /// <summary>Error-rate guard.</summary>
    public double? MaxErrorRate { get; init; }

    /// <summary>Canary-miss guard.</summary>
    public double? MaxMissRate { get; init; }

    /// <summary>Latency guard: the challenger's scoring p99 over the champion's, at most.</summary>
    public double? MaxLatencyRatio { get; init; }

    /// <summary>Latency guard: the challenger's highest scoring p99 in milliseconds.</summary>
    public double? MaxP99Ms { get; init; }

    /// <summary>When the current step began.</summary>
    public DateTimeOffset? StepStartedAt { get; init; }

    /// <summary>The champion's figures in the current step.</summary>
    public IReadOnlyDictionary<string, double> StepChampion { get; init; } = new Dictionary<string, double>();

    /// <summary>The challenger's figures in the current step.</summary>
    public IReadOnlyDictionary<string, double> StepChallenger { get; init; } = new Dictionary<string, double>();

    /// <summary>The gate's last conclusion.</summary>
    public string? LastVerdict { get; init; }

    /// <summary>The newest decisions, oldest first.</summary>
    public IReadOnlyList<RolloutAuditDto> Audit { get; init; } = [];
}
