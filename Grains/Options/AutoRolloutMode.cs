using StreamML.GrainInterfaces.Rollout;

namespace StreamML.Grains.Options;

/// <summary>What retraining does with a new version (<c>StreamML:Model:Rollout:AutoRollout</c>).</summary>
public enum AutoRolloutMode
{
    /// <summary>The version stays a candidate until someone starts its rollout.</summary>
    None = 0,

    /// <summary>The version starts a canary rollout.</summary>
    Canary = 1,

    /// <summary>The version starts a shadow rollout.</summary>
    Shadow = 2,
}

/// <summary>How an <see cref="AutoRolloutMode"/> meets live traffic.</summary>
public static class AutoRolloutModes
{
    /// <summary>The rollout mode a new version starts in, or null when it stays a candidate.</summary>
    public static RolloutMode? RolloutMode(this AutoRolloutMode mode) => mode switch
    {
        AutoRolloutMode.Canary => GrainInterfaces.Rollout.RolloutMode.Canary,
        AutoRolloutMode.Shadow => GrainInterfaces.Rollout.RolloutMode.Shadow,
        _ => null,
    };
}
