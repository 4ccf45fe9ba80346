namespace StreamML.GrainInterfaces.Rollout;

/// <summary>A model's rollout as its grain sees it: the plan and step, live figures per version, label outcomes, and the audit trail.</summary>
[GenerateSerializer]
[Alias("streamml.RolloutStatus")]
[Immutable]
public sealed record RolloutStatus
{
    /// <summary>idle, running, promoted or rolled_back.</summary>
    [Id(0)] public required string State { get; init; }

    /// <summary>The current or last plan.</summary>
    [Id(1)] public RolloutPlan? Plan { get; init; }

    /// <summary>Index of the current step in the plan.</summary>
    [Id(2)] public int Step { get; init; }

    /// <summary>The challenger's current share, in percent.</summary>
    [Id(3)] public double Percent { get; init; }

    /// <summary>When the current step began.</summary>
    [Id(4)] public DateTimeOffset? StepStartedAt { get; init; }

    /// <summary>The champion's figures in the current step, with its scoring calls and p99 (latency_count, latency_p99_ms) once it has any.</summary>
    [Id(5)] public Dictionary<string, double> StepChampion { get; init; } = [];

    /// <summary>The challenger's figures in the current step, with its scoring calls and p99 (latency_count, latency_p99_ms) once it has any.</summary>
    [Id(6)] public Dictionary<string, double> StepChallenger { get; init; } = [];

    /// <summary>The gate's last conclusion.</summary>
    [Id(7)] public string? LastVerdict { get; init; }

    /// <summary>Windowed live figures per version (served traffic), over about the last <c>WindowLabels</c> labels.</summary>
    [Id(8)] public Dictionary<int, Dictionary<string, double>> Versions { get; init; } = [];

    /// <summary>Windowed live figures per version scored in shadow.</summary>
    [Id(9)] public Dictionary<int, Dictionary<string, double>> ShadowVersions { get; init; } = [];

    /// <summary>Labels by outcome since the model's start: matched, unmatched, duplicate, late.</summary>
    [Id(10)] public Dictionary<string, long> Labels { get; init; } = [];

    /// <summary>The newest audit records, oldest first.</summary>
    [Id(11)] public RolloutAudit[] Audit { get; init; } = [];
}
