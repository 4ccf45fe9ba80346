namespace StreamML.Core.Drift.Statistics;

/// <summary>A distance-like drift score and whether it reaches its threshold.</summary>
/// <param name="Value">The score (PSI, Jensen–Shannon distance).</param>
/// <param name="Drift">Whether the score is at or above the threshold.</param>
public readonly record struct DriftScore(double Value, bool Drift);
