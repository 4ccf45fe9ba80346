namespace StreamML.GrainInterfaces.Rollout;

/// <summary>One rollout decision, with the figures that made it.</summary>
[GenerateSerializer]
[Alias("streamml.RolloutAudit")]
[Immutable]
public sealed record RolloutAudit
{
    /// <summary>Increasing number of the record within the model.</summary>
    [Id(0)] public long Sequence { get; init; }

    /// <summary>When the decision was taken.</summary>
    [Id(1)] public DateTimeOffset Time { get; init; }

    /// <summary>start, step, promote, rollback or superseded.</summary>
    [Id(2)] public required string Action { get; init; }

    /// <summary>The version that served before (the champion, or the challenger being rolled back).</summary>
    [Id(3)] public int FromVersion { get; init; }

    /// <summary>The version the decision moved traffic to.</summary>
    [Id(4)] public int ToVersion { get; init; }

    /// <summary>auto (the gate or retraining) or api.</summary>
    [Id(5)] public required string Actor { get; init; }

    /// <summary>Why, in one sentence.</summary>
    [Id(6)] public required string Reason { get; init; }

    /// <summary>Canary share before the decision, in percent.</summary>
    [Id(7)] public double FromPercent { get; init; }

    /// <summary>Canary share after the decision, in percent.</summary>
    [Id(8)] public double ToPercent { get; init; }

    /// <summary>The figures that decided it.</summary>
    [Id(9)] public Dictionary<string, double> Figures { get; init; } = [];
}
