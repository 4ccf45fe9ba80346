namespace StreamML.Core.Drift.Monitoring;

/// <summary>One detection, with the figures that decided it.</summary>
/// <param name="Kind">Data, prediction or concept drift, or a performance shortfall.</param>
/// <param name="Signal">The feature name, <c>score</c>, or <c>error</c> for concept drift.</param>
/// <param name="Statistic">The statistic or detector that decided: <c>psi</c> or a River detector name.</param>
/// <param name="Value">The statistic's value (PSI), or the mean error of the current window for concept drift and performance.</param>
/// <param name="Threshold">The threshold it crossed (NaN for detectors with their own test; the held-out error for performance).</param>
/// <param name="JensenShannon">The Jensen–Shannon distance on the same bins (NaN for concept drift).</param>
/// <param name="Index">For concept drift, the 0-based index of the error at which the detector fired; else the evaluation count.</param>
/// <param name="Version">The model version whose traffic drifted.</param>
/// <param name="AtTicks">When it was decided (UTC ticks).</param>
public sealed record DriftDetection(DriftKind Kind, string Signal, string Statistic, double Value, double Threshold, double JensenShannon, long Index, int Version, long AtTicks);
