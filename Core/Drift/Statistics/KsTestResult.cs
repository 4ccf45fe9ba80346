namespace StreamML.Core.Drift.Statistics;

/// <summary>The outcome of a two-sided two-sample Kolmogorov–Smirnov test.</summary>
/// <param name="Statistic">The largest absolute difference between the two empirical distribution functions.</param>
/// <param name="PValue">The two-sided p-value, clipped to [0, 1].</param>
/// <param name="Method">The method that produced the p-value (<see cref="KsMethod.Exact"/> or <see cref="KsMethod.Asymptotic"/>).</param>
public readonly record struct KsTestResult(double Statistic, double PValue, KsMethod Method);
