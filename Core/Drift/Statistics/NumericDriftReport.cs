namespace StreamML.Core.Drift.Statistics;

/// <summary>Every numerical drift statistic for one feature, as <c>streamml stats</c> reports it.</summary>
/// <param name="ReferenceCount">Finite reference values used.</param>
/// <param name="CurrentCount">Finite current values used.</param>
/// <param name="Ks">Kolmogorov–Smirnov test.</param>
/// <param name="Psi">Population stability index.</param>
/// <param name="JensenShannon">Jensen–Shannon distance.</param>
/// <param name="Wasserstein">Wasserstein distance and its normed value.</param>
public sealed record NumericDriftReport(int ReferenceCount, int CurrentCount, KsDrift Ks, DriftScore Psi, DriftScore JensenShannon, WassersteinDrift Wasserstein)
{
    /// <summary>Computes every statistic with Evidently's default thresholds after dropping non-finite values.</summary>
    /// <exception cref="ArgumentException">A sample has no finite value.</exception>
    public static NumericDriftReport Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var r = FiniteValues.Keep(reference, nameof(reference));
        var c = FiniteValues.Keep(current, nameof(current));
        return new NumericDriftReport(
            r.Length,
            c.Length,
            DriftStatistics.KolmogorovSmirnov(r, c),
            DriftStatistics.PopulationStabilityIndex(r, c),
            DriftStatistics.JensenShannon(r, c),
            DriftStatistics.Wasserstein(r, c));
    }
}
