namespace StreamML.Core.Drift.Statistics;

/// <summary>Evidently's KS drift test: the two-sample statistic, its p-value, and drift when p ≤ threshold.</summary>
/// <param name="Statistic">The KS statistic.</param>
/// <param name="PValue">The two-sided p-value (scipy's "auto" method).</param>
/// <param name="Drift">Whether p ≤ threshold.</param>
public readonly record struct KsDrift(double Statistic, double PValue, bool Drift);
