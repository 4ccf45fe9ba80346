namespace StreamML.Core.Drift.Statistics;

/// <summary>
/// Evidently's data-drift statistics between a reference and a current sample of one feature (Evidently 0.7,
/// <c>evidently/legacy/calculations/stattests</c>). Numerical inputs are cleaned as Evidently cleans them first:
/// ±∞ and NaN are dropped; a sample left empty is an error.
/// </summary>
public static class DriftStatistics
{
    /// <summary>Two-sample KS test (scipy's "auto" p-value); drift when p ≤ threshold.</summary>
    /// <exception cref="ArgumentException">A sample has no finite value.</exception>
    public static KsDrift KolmogorovSmirnov(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, double threshold = DriftThresholds.KolmogorovSmirnov)
    {
        var r = FiniteValues.Keep(reference, nameof(reference));
        var c = FiniteValues.Keep(current, nameof(current));
        var result = Statistics.KolmogorovSmirnov.TwoSample(r, c, KsMethod.Auto);
        return new KsDrift(result.Statistic, result.PValue, result.PValue <= threshold);
    }

    /// <summary>
    /// Population stability index Σ (r_i − c_i) ln(r_i / c_i) over Evidently's bins with its zero fill; drift when
    /// PSI ≥ threshold.
    /// </summary>
    /// <exception cref="ArgumentException">A sample has no finite value.</exception>
    public static DriftScore PopulationStabilityIndex(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, double threshold = DriftThresholds.PopulationStabilityIndex)
    {
        var r = FiniteValues.Keep(reference, nameof(reference));
        var c = FiniteValues.Keep(current, nameof(current));
        var (referenceShares, currentShares) = DriftBinning.Numerical(r, c, fillZeroes: true);
        var psi = PsiOfShares(referenceShares, currentShares);
        return new DriftScore(psi, psi >= threshold);
    }

    /// <summary>PSI of a categorical feature: one bin per category, Evidently's zero fill; drift when PSI ≥ threshold.</summary>
    /// <exception cref="ArgumentException">A sample is empty.</exception>
    public static DriftScore PopulationStabilityIndex<T>(IReadOnlyList<T> reference, IReadOnlyList<T> current, double threshold = DriftThresholds.PopulationStabilityIndex)
        where T : notnull
    {
        RequireNonEmpty(reference.Count, current.Count);
        var (referenceShares, currentShares) = DriftBinning.Categorical(reference, current, fillZeroes: true);
        var psi = PsiOfShares(referenceShares, currentShares);
        return new DriftScore(psi, psi >= threshold);
    }

    /// <summary>
    /// Jensen–Shannon distance (natural log) over Evidently's bins without zero fill; drift when distance ≥ threshold.
    /// </summary>
    /// <exception cref="ArgumentException">A sample has no finite value.</exception>
    public static DriftScore JensenShannon(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, double threshold = DriftThresholds.JensenShannon)
    {
        var r = FiniteValues.Keep(reference, nameof(reference));
        var c = FiniteValues.Keep(current, nameof(current));
        var (referenceShares, currentShares) = DriftBinning.Numerical(r, c, fillZeroes: false);
        var js = JensenShannonDistance.Compute(referenceShares, currentShares);
        return new DriftScore(js, js >= threshold);
    }

    /// <summary>Jensen–Shannon distance of a categorical feature, one bin per category; drift when distance ≥ threshold.</summary>
    /// <exception cref="ArgumentException">A sample is empty.</exception>
    public static DriftScore JensenShannon<T>(IReadOnlyList<T> reference, IReadOnlyList<T> current, double threshold = DriftThresholds.JensenShannon)
        where T : notnull
    {
        RequireNonEmpty(reference.Count, current.Count);
        var (referenceShares, currentShares) = DriftBinning.Categorical(reference, current, fillZeroes: false);
        var js = JensenShannonDistance.Compute(referenceShares, currentShares);
        return new DriftScore(js, js >= threshold);
    }

    /// <summary>
    /// Wasserstein distance and Evidently's normed value, distance / max(std(reference, ddof = 0), 0.001); drift when
    /// the normed value ≥ threshold.
    /// </summary>
    /// <exception cref="ArgumentException">A sample has no finite value.</exception>
    public static WassersteinDrift Wasserstein(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, double threshold = DriftThresholds.WassersteinNormed)
    {
        var r = FiniteValues.Keep(reference, nameof(reference));
        var c = FiniteValues.Keep(current, nameof(current));
        var distance = WassersteinDistance.Compute(r, c);
        var normed = distance / Math.Max(NumpyMath.StandardDeviation(r), 0.001);
        return new WassersteinDrift(distance, normed, normed >= threshold);
    }

    /// <summary>
    /// Evidently's chi-square test for a categorical feature: observed current counts per category against the reference
    /// counts scaled by n_current / n_reference, over the categories of both samples; drift when p &lt; threshold.
    /// </summary>
    /// <exception cref="ArgumentException">A sample is empty.</exception>
    public static ChiSquareDrift ChiSquare<T>(IReadOnlyList<T> reference, IReadOnlyList<T> current, double threshold = DriftThresholds.ChiSquare)
        where T : notnull
    {
        RequireNonEmpty(reference.Count, current.Count);
        var (keys, referenceCounts, currentCounts) = DriftBinning.CountCategories(reference, current);
        var scale = current.Count / (double)reference.Count;
        var expected = new double[keys.Count];
        var observed = new double[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            expected[i] = referenceCounts[i] * scale;
            observed[i] = currentCounts[i];
        }

        var (statistic, p) = ChiSquareTest.Compute(observed, expected);
        return new ChiSquareDrift(statistic, p, p < threshold);
    }

    /// <summary>Chi-square test of a numerical feature treated as categories (its finite values); drift when p &lt; threshold.</summary>
    /// <exception cref="ArgumentException">A sample has no finite value.</exception>
    public static ChiSquareDrift ChiSquare(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, double threshold = DriftThresholds.ChiSquare) =>
        ChiSquare<double>(FiniteValues.Keep(reference, nameof(reference)), FiniteValues.Keep(current, nameof(current)), threshold);

    /// <summary>Σ (r_i − c_i) ln(r_i / c_i) over shares already zero-filled.</summary>
    public static double PsiOfShares(ReadOnlySpan<double> referenceShares, ReadOnlySpan<double> currentShares)
    {
        if (referenceShares.Length != currentShares.Length)
        {
            throw new ArgumentException("Both share vectors must have the same bins.", nameof(currentShares));
        }

        var terms = new double[referenceShares.Length];
        for (var i = 0; i < terms.Length; i++)
        {
            terms[i] = (referenceShares[i] - currentShares[i]) * Math.Log(referenceShares[i] / currentShares[i]);
        }

        return NumpyMath.PairwiseSum(terms);
    }

    private static void RequireNonEmpty(int referenceCount, int currentCount)
    {
        if (referenceCount == 0 || currentCount == 0)
        {
            throw new ArgumentException("Both samples must hold at least one value.");
        }
    }
}
