namespace StreamML.Grains.Rollout;

/// <summary>Where a model's rollout stands.</summary>
public enum RolloutPhase
{
    /// <summary>No rollout has run, or the last one was superseded by a promotion of another version.</summary>
    Idle = 0,

    /// <summary>A challenger is in canary or shadow, gated on live metrics.</summary>
    Running = 1,

    /// <summary>The challenger became champion.</summary>
    Promoted = 2,

    /// <summary>The challenger was rolled back.</summary>
    RolledBack = 3,
}

/// <summary>The names rollout phases are persisted and reported under.</summary>
internal static class RolloutPhases
{
    /// <summary>The phase's name: idle, running, promoted or rolled_back.</summary>
    public static string Name(this RolloutPhase phase) => phase switch
    {
        RolloutPhase.Running => "running",
        RolloutPhase.Promoted => "promoted",
        RolloutPhase.RolledBack => "rolled_back",
        _ => "idle",
    };

    /// <summary>The phase a persisted name stands for.</summary>
    public static RolloutPhase Parse(string name) => name switch
    {
        "running" => RolloutPhase.Running,
        "promoted" => RolloutPhase.Promoted,
        "rolled_back" => RolloutPhase.RolledBack,
        _ => RolloutPhase.Idle,
    };
}
