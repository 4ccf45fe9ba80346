namespace StreamML.Core.Drift.Statistics;

/// <summary>
/// Evidently's default thresholds and their direction: p-value tests flag drift when p ≤ threshold (KS) or
/// p &lt; threshold (chi-square); distances flag drift when value ≥ threshold.
/// </summary>
public static class DriftThresholds
{
    /// <summary>KS p-value threshold (drift when p ≤ 0.05).</summary>
    public const double KolmogorovSmirnov = 0.05;

    /// <summary>PSI threshold (drift when PSI ≥ 0.1).</summary>
    public const double PopulationStabilityIndex = 0.1;

    /// <summary>Jensen–Shannon distance threshold (drift when distance ≥ 0.1).</summary>
    public const double JensenShannon = 0.1;

    /// <summary>Normed Wasserstein distance threshold (drift when normed distance ≥ 0.1).</summary>
    public const double WassersteinNormed = 0.1;

    /// <summary>Chi-square p-value threshold (drift when p &lt; 0.05).</summary>
    public const double ChiSquare = 0.05;
}
