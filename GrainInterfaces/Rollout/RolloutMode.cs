namespace StreamML.GrainInterfaces.Rollout;

/// <summary>How a challenger meets live traffic.</summary>
public enum RolloutMode
{
    /// <summary>The challenger serves a growing share of entities (sticky by stable hash), step by step.</summary>
    Canary = 0,

    /// <summary>The challenger is scored beside the champion for every entity and never served.</summary>
    Shadow = 1,
}
