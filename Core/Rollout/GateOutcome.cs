namespace StreamML.Core.Rollout;

/// <summary>What a rollout gate concluded from the figures it was given.</summary>
public enum GateOutcome
{
    /// <summary>Not enough labelled predictions yet (or a figure cannot be computed yet): keep the current step.</summary>
    Wait = 0,

    /// <summary>The challenger is not worse than the champion by the margin, and no guard tripped.</summary>
    Pass = 1,

    /// <summary>The challenger is worse than the champion by more than the margin.</summary>
    Worse = 2,

    /// <summary>A guard tripped (error rate, challenger miss rate or scoring latency).</summary>
    GuardTripped = 3,
}
