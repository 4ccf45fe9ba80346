using StreamML.Core.Metrics;
using StreamML.GrainInterfaces.Rollout;

namespace StreamML.Grains.Rollout;

/// <summary>The persisted part of a model's rollout: plan, step, the step's sums, live windows, label outcomes and the audit trail.</summary>
[GenerateSerializer]
[Alias("streamml.RolloutState")]
public sealed class RolloutState
{
    /// <summary>The current or last plan.</summary>
    [Id(0)] public RolloutPlan? Plan { get; set; }

    /// <summary>The phase as persisted and reported (idle, running, promoted or rolled_back); code reads <see cref="Phase"/>.</summary>
    [Id(1)] public string PhaseName { get; set; } = RolloutPhase.Idle.Name();

    /// <summary>Where the rollout stands.</summary>
    public RolloutPhase Phase
    {
        get => RolloutPhases.Parse(PhaseName);
        set => PhaseName = value.Name();
    }

    /// <summary>Index of the current step.</summary>
    [Id(2)] public int Step { get; set; }

    /// <summary>When the current step began.</summary>
    [Id(3)] public DateTimeOffset? StepStartedAt { get; set; }

    /// <summary>The champion's sums in the current step.</summary>
    [Id(4)] public MetricAggregate? StepChampion { get; set; }

    /// <summary>The challenger's sums in the current step.</summary>
    [Id(5)] public MetricAggregate? StepChallenger { get; set; }

    /// <summary>Canary events routed in the current step.</summary>
    [Id(6)] public long StepCanaryRouted { get; set; }

    /// <summary>Canary events the challenger missed in the current step.</summary>
    [Id(7)] public long StepCanaryMissed { get; set; }

    /// <summary>The gate's last conclusion.</summary>
    [Id(8)] public string? LastVerdict { get; set; }

    /// <summary>The newest audit records, oldest first (bounded).</summary>
    [Id(9)] public List<RolloutAudit> Audit { get; set; } = [];

    /// <summary>Sequence number of the next audit record.</summary>
    [Id(10)] public long NextSequence { get; set; } = 1;

    /// <summary>Live window buckets per served version, oldest first.</summary>
    [Id(11)] public Dictionary<int, List<MetricAggregate>> Served { get; set; } = [];

    /// <summary>Live window buckets per shadow version, oldest first.</summary>
    [Id(12)] public Dictionary<int, List<MetricAggregate>> Shadow { get; set; } = [];

    /// <summary>Labels by outcome since the model's start.</summary>
    [Id(13)] public Dictionary<string, long> Labels { get; set; } = [];

    /// <summary>The champion's scoring-time buckets over the current step.</summary>
    [Id(14)] public long[]? StepChampionLatency { get; set; }

    /// <summary>The challenger's scoring-time buckets over the current step.</summary>
    [Id(15)] public long[]? StepChallengerLatency { get; set; }
}
