using StreamML.Core.Drift.Statistics;

namespace StreamML.Core.Drift.Sketches;

/// <summary>
/// Drift statistics from sketches instead of raw windows, with the same thresholds and comparison directions as
/// <see cref="DriftStatistics"/>.
/// </summary>
/// <remarks>
/// <para>PSI and Jensen–Shannon from two <see cref="FixedBinHistogram"/>s over the same edges are exact for those edges:
/// with Evidently's edges (Sturges over reference and current together) they equal Evidently's values. In a live stream
/// the edges must be fixed in advance, usually from the reference alone; the values then differ from Evidently's by the
/// change of bins (the tests measure it), and values outside the reference range count in two extra end bins.</para>
/// <para>KS and Wasserstein from two <see cref="KllSketch"/>es: with ε_r and ε_c the sketches' rank errors, the KS statistic
/// is within ε_r + ε_c of the exact one and the Wasserstein distance within (ε_r + ε_c)(max − min). The KS p-value is
/// scipy's for the approximate statistic and the true sample sizes; the normed Wasserstein uses the exact standard
/// deviation the sketch keeps.</para>
/// </remarks>
public static class SketchDriftStatistics
{
    /// <summary>PSI over the histograms' bins with Evidently's zero fill; drift when PSI ≥ threshold.</summary>
    /// <exception cref="ArgumentException">The edges differ or a histogram is empty.</exception>
    public static DriftScore PopulationStabilityIndex(FixedBinHistogram reference, FixedBinHistogram current, double threshold = DriftThresholds.PopulationStabilityIndex)
    {
        var (r, c) = Shares(reference, current);
        DriftBinning.FillZeroes(r);
        DriftBinning.FillZeroes(c);
        var psi = DriftStatistics.PsiOfShares(r, c);
        return new DriftScore(psi, psi >= threshold);
    }

    /// <summary>Jensen–Shannon distance (natural log) over the histograms' bins; drift when distance ≥ threshold.</summary>
    /// <exception cref="ArgumentException">The edges differ or a histogram is empty.</exception>
    public static DriftScore JensenShannon(FixedBinHistogram reference, FixedBinHistogram current, double threshold = DriftThresholds.JensenShannon)
    {
        var (r, c) = Shares(reference, current);
        var js = JensenShannonDistance.Compute(r, c);
        return new DriftScore(js, js >= threshold);
    }

    /// <summary>KS statistic sup |F_r − F_c| over the retained values of both sketches and its p-value; drift when p ≤ threshold.</summary>
    /// <exception cref="ArgumentException">A sketch is empty or holds more than int.MaxValue values.</exception>
    public static KsDrift KolmogorovSmirnov(KllSketch reference, KllSketch current, double threshold = DriftThresholds.KolmogorovSmirnov)
    {
        RequireUsable(reference, current);
        var d = 0.0;
        foreach (var x in MergedValues(reference, current))
        {
            d = Math.Max(d, Math.Abs(reference.Cdf(x) - current.Cdf(x)));
        }

        var result = Statistics.KolmogorovSmirnov.FromStatistic(d, (int)reference.Count, (int)current.Count);
        return new KsDrift(result.Statistic, result.PValue, result.PValue <= threshold);
    }

    /// <summary>Wasserstein distance ∫ |F_r − F_c| between the sketches' CDFs and Evidently's normed value; drift when normed ≥ threshold.</summary>
    /// <exception cref="ArgumentException">A sketch is empty.</exception>
    public static WassersteinDrift Wasserstein(KllSketch reference, KllSketch current, double threshold = DriftThresholds.WassersteinNormed)
    {
        RequireUsable(reference, current);
        var points = MergedValues(reference, current);
        var distance = 0.0;
        for (var i = 0; i + 1 < points.Length; i++)
        {
            distance += Math.Abs(reference.Cdf(points[i]) - current.Cdf(points[i])) * (points[i + 1] - points[i]);
        }

        var normed = distance / Math.Max(reference.StandardDeviation, 0.001);
        return new WassersteinDrift(distance, normed, normed >= threshold);
    }

    private static (double[] Reference, double[] Current) Shares(FixedBinHistogram reference, FixedBinHistogram current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (!reference.Edges.SequenceEqual(current.Edges))
        {
            throw new ArgumentException("Both histograms must have the same edges.", nameof(current));
        }

        if (reference.Total == 0 || current.Total == 0)
        {
            throw new ArgumentException("Both histograms must hold at least one finite value.");
        }

        var r = reference.SharesWithOutliers();
        var c = current.SharesWithOutliers();

        // The two end bins exist only for values outside the edges; where neither side has any, drop them so the
        // result equals the plain binned statistic.
        var from = r[0] == 0 && c[0] == 0 ? 1 : 0;
        var to = r[^1] == 0 && c[^1] == 0 ? r.Length - 1 : r.Length;
        return (r[from..to], c[from..to]);
    }

    private static void RequireUsable(KllSketch reference, KllSketch current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Count == 0 || current.Count == 0)
        {
            throw new ArgumentException("Both sketches must hold at least one finite value.");
        }

        if (reference.Count > int.MaxValue || current.Count > int.MaxValue)
        {
            throw new ArgumentException("KS p-values are computed for samples of at most int.MaxValue values.");
        }
    }

    private static double[] MergedValues(KllSketch reference, KllSketch current)
    {
        var (r, _) = reference.SortedView();
        var (c, _) = current.SortedView();
        var all = new double[r.Length + c.Length];
        r.CopyTo(all, 0);
        c.CopyTo(all, r.Length);
        Array.Sort(all);
        return all;
    }
}
