namespace StreamML.Core.Drift.Statistics;

/// <summary>Evidently's chi-square drift test for a categorical feature.</summary>
/// <param name="Statistic">Pearson's chi-square statistic of current counts against reference-proportional expectations.</param>
/// <param name="PValue">Its p-value with (categories − 1) degrees of freedom.</param>
/// <param name="Drift">Whether p &lt; threshold.</param>
public readonly record struct ChiSquareDrift(double Statistic, double PValue, bool Drift);
