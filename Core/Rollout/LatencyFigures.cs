namespace StreamML.Core.Rollout;

/// <summary>The scoring latency of both sides of a rollout step, as the latency guard reads it.</summary>
/// <param name="ChampionCount">Scoring calls of the champion in the step.</param>
/// <param name="ChampionP99Milliseconds">The champion's 99th percentile scoring time (NaN when it has none).</param>
/// <param name="ChallengerCount">Scoring calls of the challenger in the step (served or in shadow).</param>
/// <param name="ChallengerP99Milliseconds">The challenger's 99th percentile scoring time (NaN when it has none).</param>
public sealed record LatencyFigures(long ChampionCount, double ChampionP99Milliseconds, long ChallengerCount, double ChallengerP99Milliseconds)
{
    /// <summary>No latency measured on either side.</summary>
    public static LatencyFigures None { get; } = new(0, double.NaN, 0, double.NaN);
}
