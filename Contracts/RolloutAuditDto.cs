namespace StreamML.Contracts;

/// <summary>One rollout decision as the HTTP API shows it, with the figures that made it.</summary>
public sealed record RolloutAuditDto
{
    /// <summary>Increasing number of the record within the model.</summary>
    public long Sequence { get; init; }

    /// <summary>When the decision was taken.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>start, step, promote, rollback or superseded.</summary>
    public required string Action { get; init; }

    /// <summary>The version that served before (the champion, or the challenger being rolled back).</summary>
    public int FromVersion { get; init; }

    /// <summary>The version the decision moved traffic to.</summary>
    public int ToVersion { get; init; }

    /// <summary>auto (the gate or retraining) or api.</summary>
    public required string Actor { get; init; }

    /// <summary>Why, in one sentence.</summary>
    public required string Reason { get; init; }

    /// <summary>Canary share before the decision, in percent.</summary>
    public double FromPercent { get; init; }

    /// <summary>Canary share after the decision, in percent.</summary>
    public double ToPercent { get; init; }

    /// <summary>The figures that decided it.</summary>
    public IReadOnlyDictionary<string, double> Figures { get; init; } = new Dictionary<string, double>();
}
