using StreamML.Core.Drift.Statistics;
using static StreamML.Core.Tests.Drift.NumpyLike;

namespace StreamML.Core.Tests.Drift;

/// <summary>
/// Evidently 0.7 semantics (src/evidently/legacy/calculations/stattests: psi.py, jensenshannon.py, ks_stattest.py,
/// wasserstein_distance_norm.py, chisquare_stattest.py, utils.get_binned_data). Expected values are worked by hand from
/// the formulas on tiny inputs (the working is in each test), or quoted from scipy/Evidently documentation where named.
/// </summary>
[Trait("Category", "BVT")]
public sealed class DriftStatisticsTests
{
    // Reference with 28 distinct values k/4 (k = 0..27), current ten 3.5s and ten 7s. Together n = 48, min 0, max 7:
    // Sturges width 7 / (log2(48) + 1) gives ceil(6.58…) = 7 bins, edges 0, 1, …, 7. Reference: 4 values per bin.
    // Current: 3.5 in [3, 4), 7 = last edge, counted in the closed last bin [6, 7].
    private static readonly double[] QuarterSteps = Enumerable.Range(0, 28).Select(k => k / 4.0).ToArray();
    private static readonly double[] TwoSpikes = [.. Enumerable.Repeat(3.5, 10), .. Enumerable.Repeat(7.0, 10)];

    [Fact]
    public void SturgesEdges_HandWorkedSample_SevenUnitBins()
    {
        var edges = HistogramEdges.Sturges([.. QuarterSteps, .. TwoSpikes]);
        Assert.Equal([0.0, 1, 2, 3, 4, 5, 6, 7], edges);
        Assert.Equal([4L, 4, 4, 4, 4, 4, 4], HistogramEdges.Count(QuarterSteps, edges));
        Assert.Equal([0L, 0, 0, 10, 0, 0, 10], HistogramEdges.Count(TwoSpikes, edges));
    }

    [Fact]
    public void SturgesEdges_PowerOfTwoSize_CanTakeOneBinMoreThanSturges()
    {
        // numpy 1.24.2: len(np.histogram_bin_edges(np.linspace(0.16, 8.424, 64), bins="sturges")) - 1 == 8, where Sturges'
        // rule says log2(64) + 1 = 7: ptp / (ptp / 7) rounds to just above 7 and numpy takes the ceiling.
        Assert.Equal(9, HistogramEdges.Sturges(Linspace(0.16, 8.424, 64)).Length);
        Assert.Equal(8, HistogramEdges.Sturges(Linspace(0.0, 1.0, 64)).Length);
    }

    [Fact]
    public void SturgesEdges_SingleValue_OneUnitBin()
    {
        // numpy widens a zero range to [v − 0.5, v + 0.5] with one bin.
        Assert.Equal([1.5, 2.5], HistogramEdges.Sturges([2.0, 2.0, 2.0]));
    }

    [Fact]
    public void Psi_NumericBins_ZeroFilledWith0001()
    {
        // Reference shares 1/7 in every bin; current 0.5 in bins 3 and 6, 0 elsewhere → filled with 0.0001
        // (its smallest non-zero share, 0.5, is above 0.0001). PSI = Σ (r − c) ln(r / c).
        const double r = 1.0 / 7, fill = 0.0001;
        var expected = (5 * (r - fill) * Math.Log(r / fill)) + (2 * (r - 0.5) * Math.Log(r / 0.5));
        var psi = DriftStatistics.PopulationStabilityIndex(QuarterSteps, TwoSpikes);
        AssertRelative(expected, psi.Value);
        Assert.True(psi.Drift);
    }

    [Fact]
    public void JensenShannon_NumericBins_NoZeroFill()
    {
        // p = 1/7 everywhere, q = 0.5 in bins 3 and 6. m = 1/14 in five bins, 9/28 in two.
        // left = 5 (1/7) ln 2 + 2 (1/7) ln(4/9); right = 2 · 0.5 ln(14/9); distance = sqrt((left + right) / 2).
        var left = (5.0 / 7 * Math.Log(2)) + (2.0 / 7 * Math.Log(4.0 / 9));
        var right = Math.Log(14.0 / 9);
        var js = DriftStatistics.JensenShannon(QuarterSteps, TwoSpikes);
        AssertRelative(Math.Sqrt((left + right) / 2), js.Value);
        Assert.True(js.Drift);
    }

    [Fact]
    public void Psi_FewDistinctValues_UsesCategories()
    {
        // Reference {1: 0.5, 2: 0.5}, current {1: 0.25, 2: 0.75}: PSI = 0.25 ln 2 + 0.25 ln 1.5 = 0.25 ln 3.
        var psi = DriftStatistics.PopulationStabilityIndex([1.0, 1, 2, 2], [1.0, 2, 2, 2]);
        AssertRelative(0.25 * Math.Log(3), psi.Value);
        Assert.True(psi.Drift);
    }

    [Fact]
    public void Psi_CategoryMissingFromOneSide_FilledWith0001()
    {
        // Categories {1, 2, 3}: reference (0.5, 0.5, 0), current (0.75, 0, 0.25); both zeros become 0.0001.
        const double f = 0.0001;
        var expected = ((0.5 - 0.75) * Math.Log(0.5 / 0.75)) + ((0.5 - f) * Math.Log(0.5 / f)) + ((f - 0.25) * Math.Log(f / 0.25));
        AssertRelative(expected, DriftStatistics.PopulationStabilityIndex([1.0, 1, 2, 2], [1.0, 1, 1, 3]).Value);
    }

    [Fact]
    public void Psi_TinySmallestShare_FillIsThatShareOverAMillion()
    {
        // Reference: 20000 zeros and one 1 → smallest non-zero share 1/20001 ≤ 0.0001, so its empty bin (category 2)
        // gets (1/20001) / 10^6. Current (0.5, 0, 0.5) fills with 0.0001.
        var reference = Enumerable.Repeat(0.0, 20000).Append(1.0).ToArray();
        double[] current = [0, 0, 0, 0, 0, 2, 2, 2, 2, 2];
        double r0 = 20000.0 / 20001, r1 = 1.0 / 20001, r2 = r1 / 1e6, c1 = 0.0001;
        var expected = ((r0 - 0.5) * Math.Log(r0 / 0.5)) + ((r1 - c1) * Math.Log(r1 / c1)) + ((r2 - 0.5) * Math.Log(r2 / 0.5));
        AssertRelative(expected, DriftStatistics.PopulationStabilityIndex(reference, current).Value);
    }

    [Fact]
    public void Psi_Categorical_SameAsNumericCategories()
    {
        var psi = DriftStatistics.PopulationStabilityIndex(["a", "a", "b", "b"], ["a", "b", "b", "b"]);
        AssertRelative(0.25 * Math.Log(3), psi.Value);
    }

    [Fact]
    public void Psi_Identical_ZeroAndBelowThreshold()
    {
        var psi = DriftStatistics.PopulationStabilityIndex(QuarterSteps, QuarterSteps);
        Assert.Equal(0.0, psi.Value);
        Assert.False(psi.Drift);
    }

    [Fact]
    public void Psi_ValueEqualToThreshold_IsDrift()
    {
        // Evidently compares psi_value >= threshold.
        var value = DriftStatistics.PopulationStabilityIndex([1.0, 1, 2, 2], [1.0, 2, 2, 2]).Value;
        Assert.True(DriftStatistics.PopulationStabilityIndex([1.0, 1, 2, 2], [1.0, 2, 2, 2], threshold: value).Drift);
    }

    [Theory]
    [InlineData(new[] { 1.0, 0.0, 0.0 }, new[] { 0.0, 1.0, 0.0 }, 2.0, 1.0)]
    [InlineData(new[] { 1.0, 0.0 }, new[] { 0.5, 0.5 }, 0.0, 0.46450140402245893)]
    [InlineData(new[] { 1.0, 0.0, 0.0 }, new[] { 1.0, 0.0, 0.0 }, 0.0, 0.0)]
    public void JensenShannonDistance_ScipyDocstring(double[] p, double[] q, double logBase, double expected)
    {
        // scipy.spatial.distance.jensenshannon docstring examples (base 2.0 in the first, natural log otherwise).
        AssertRelative(expected, JensenShannonDistance.Compute(p, q, logBase == 0 ? null : logBase));
    }

    [Fact]
    public void Wasserstein_ScipyDocstring_AndNormedByPopulationStd()
    {
        // scipy.stats.wasserstein_distance docstring: ([0, 1, 3], [5, 6, 8]) → 5.0.
        // Reference std with ddof = 0: mean 4/3, squares (16 + 1 + 25) / 9 / 3 = 14/9 → normed 5 / sqrt(14/9) = 15 / sqrt(14).
        var result = DriftStatistics.Wasserstein([0.0, 1, 3], [5.0, 6, 8]);
        Assert.Equal(5.0, result.Distance);
        AssertRelative(15 / Math.Sqrt(14), result.Normed);
        Assert.True(result.Drift);
    }

    [Fact]
    public void Wasserstein_ConstantReference_NormIsFloorOf0001()
    {
        // Evidently: norm = max(np.std(reference), 0.001); distance between {2, 2, 2} and {3, 3} is 1.
        var result = DriftStatistics.Wasserstein([2.0, 2, 2], [3.0, 3]);
        Assert.Equal(1.0, result.Distance);
        AssertRelative(1000.0, result.Normed);
    }

    [Fact]
    public void Wasserstein_UnequalSizes_HandWorked()
    {
        // u = {0, 2}, v = {1}: F_u − F_v on [0, 1) is 1/2 − 0, on [1, 2) is 1/2 − 1 → area 0.5 + 0.5 = 1.
        Assert.Equal(1.0, WassersteinDistance.Compute([0.0, 2.0], [1.0]));
    }

    [Fact]
    public void Ks_DriftWhenPValueAtMostThreshold()
    {
        // scipy test_stats.py testTwoVsThree: [1.01, 2.01] vs [1, 2, 3] → p = 1.0; Evidently compares p_value <= threshold.
        var ks = DriftStatistics.KolmogorovSmirnov([1.01, 2.01], [1.0, 2, 3], threshold: 1.0);
        Assert.Equal(1.0, ks.PValue);
        Assert.True(ks.Drift);
        Assert.False(DriftStatistics.KolmogorovSmirnov([1.01, 2.01], [1.0, 2, 3]).Drift);
    }

    [Fact]
    public void ChiSquare_EvidentlyTestFreqObsEqFreqExp()
    {
        // Evidently tests/stattests/test_stattests.py test_freq_obs_eq_freq_exp: p ≈ 0.67309 (abs 1e-5), no drift at 0.5.
        // By hand: statistic 0 + 4/18 + 0 + 4/14 + 16/12 + 16/12 = 200/63 with 5 degrees of freedom, and for odd df
        // Q(5/2, y) = erfc(√y) + e^(−y) (2√y + (4/3) y^(3/2)) / √π with y = statistic / 2.
        var reference = Categories((1, 16), (2, 18), (3, 16), (4, 14), (5, 12), (6, 12));
        var current = Categories((1, 16), (2, 16), (3, 16), (4, 16), (5, 16), (6, 8));
        var result = DriftStatistics.ChiSquare(reference, current, threshold: 0.5);
        var y = 100.0 / 63;
        var expected = MathNet.Numerics.SpecialFunctions.Erfc(Math.Sqrt(y)) + (Math.Exp(-y) * ((2 * Math.Sqrt(y)) + (4.0 / 3 * Math.Pow(y, 1.5))) / Math.Sqrt(Math.PI));
        AssertRelative(200.0 / 63, result.Statistic);
        AssertRelative(expected, result.PValue);
        Assert.Equal(0.67309, result.PValue, 5);
        Assert.False(result.Drift);

        // test_freq_obs_not_eq_freq_exp: the reference doubled gives the same expectations after scaling by n_cur / n_ref.
        var doubled = Categories((1, 32), (2, 36), (3, 32), (4, 28), (5, 24), (6, 24));
        AssertRelative(expected, DriftStatistics.ChiSquare(doubled, current, threshold: 0.5).PValue);
    }

    [Fact]
    public void ChiSquare_ThreeCategories_EvenDfClosedForm()
    {
        // Reference a, b, c × (5, 5, 8), current (4, 6, 8): statistic 1/5 + 1/5 + 0 = 0.4, df 2, p = e^(−0.2).
        var result = DriftStatistics.ChiSquare(Categories(("a", 5), ("b", 5), ("c", 8)), Categories(("a", 4), ("b", 6), ("c", 8)));
        AssertRelative(0.4, result.Statistic);
        AssertRelative(Math.Exp(-0.2), result.PValue);
        Assert.False(result.Drift);
    }

    [Fact]
    public void ChiSquare_CategoryAbsentFromReference_InfiniteStatisticDrift()
    {
        // Expected frequency 0 with an observation: scipy gives an infinite statistic and p = 0.
        var result = DriftStatistics.ChiSquare(["a", "a"], ["a", "b"]);
        Assert.True(double.IsPositiveInfinity(result.Statistic));
        Assert.Equal(0.0, result.PValue);
        Assert.True(result.Drift);
    }

    [Fact]
    public void ChiSquare_IdenticalCategorical_PValueOne()
    {
        // Evidently test_chi_stat_test_cat_feature: a, b, c × 10 against itself → p = 1.0.
        var sample = Categories(("a", 10), ("b", 10), ("c", 10));
        Assert.Equal(1.0, DriftStatistics.ChiSquare(sample, sample, threshold: 0.5).PValue);
    }

    [Fact]
    public void Report_NonFiniteValues_DroppedAsEvidentlyDoes()
    {
        double[] reference = [.. QuarterSteps, double.NaN, double.PositiveInfinity];
        double[] current = [double.NegativeInfinity, .. TwoSpikes, double.NaN];
        var report = NumericDriftReport.Compute(reference, current);
        var clean = NumericDriftReport.Compute(QuarterSteps, TwoSpikes);
        Assert.Equal(28, report.ReferenceCount);
        Assert.Equal(20, report.CurrentCount);
        Assert.Equal(clean, report);
    }

    [Fact]
    public void Report_NoFiniteValue_Throws()
    {
        Assert.Throws<ArgumentException>(() => NumericDriftReport.Compute([double.NaN, double.PositiveInfinity], [1.0]));
        Assert.Throws<ArgumentException>(() => DriftStatistics.PopulationStabilityIndex([1.0], []));
    }

    private static string[] Categories(params (string Name, int Count)[] runs) =>
        runs.SelectMany(r => Enumerable.Repeat(r.Name, r.Count)).ToArray();

    private static double[] Categories(params (double Value, int Count)[] runs) =>
        runs.SelectMany(r => Enumerable.Repeat(r.Value, r.Count)).ToArray();
}
