namespace StreamML.Core.Drift.Monitoring;

/// <summary>The latest figures of one monitored signal (a feature or the score).</summary>
/// <param name="Signal">The feature name, or <c>score</c>.</param>
/// <param name="Kind">Data or prediction drift.</param>
/// <param name="ReferenceCount">Values in the reference window (it is complete at the configured size).</param>
/// <param name="CurrentCount">Values in the current window.</param>
/// <param name="Psi">PSI of the current window against the reference (NaN until both are ready).</param>
/// <param name="JensenShannon">Jensen–Shannon distance on the same bins (NaN until both are ready).</param>
/// <param name="Drift">Whether PSI is at or above the threshold now.</param>
/// <param name="Streak">Consecutive evaluations with drift (hysteresis counts these).</param>
public sealed record SignalStatus(string Signal, DriftKind Kind, int ReferenceCount, int CurrentCount, double Psi, double JensenShannon, bool Drift, int Streak);
