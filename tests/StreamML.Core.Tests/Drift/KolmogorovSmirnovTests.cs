using StreamML.Core.Drift.Statistics;
using static StreamML.Core.Tests.Drift.NumpyLike;

namespace StreamML.Core.Tests.Drift;

/// <summary>
/// Expected values: scipy's own tests for ks_2samp, class TestKSTwoSamples in scipy/stats/tests/test_stats.py
/// (scipy 1.10 through main; the two-sided cases, which are what this implementation provides). Inputs are rebuilt
/// with numpy's linspace arithmetic so the doubles are identical.
/// </summary>
[Trait("Category", "BVT")]
public sealed class KolmogorovSmirnovTests
{
    private static void Check(double[] x, double[] y, double statistic, double pvalue, KsMethod method = KsMethod.Auto)
    {
        var result = KolmogorovSmirnov.TwoSample(x, y, method);
        AssertRelative(statistic, result.Statistic);
        AssertRelative(pvalue, result.PValue);
    }

    [Fact]
    public void TwoSample_SingleValues_StatisticOnePValueOne()
    {
        // testSmall: ks_2samp([0], [1]) and ([1], [0]) two-sided → (1.0, 1.0).
        Check([0.0], [1.0], 1.0, 1.0);
        Check([1.0], [0.0], 1.0, 1.0);
    }

    [Fact]
    public void TwoSample_TwoVsThree_MatchesScipy()
    {
        // testTwoVsThree: data1 ± 0.01 against [1, 2, 3].
        double[] data2 = [1.0, 2.0, 3.0];
        Check(Add([1.0, 2.0], 0.01), data2, 1.0 / 3, 1.0);
        Check(Add([1.0, 2.0], -0.01), data2, 2.0 / 3, 0.6);
    }

    [Fact]
    public void TwoSample_TwoVsFour_MatchesScipy()
    {
        // testTwoVsFour: p-values 14/15 and 6/15.
        double[] data2 = [1.0, 2.0, 3.0, 4.0];
        Check(Add([1.0, 2.0], 0.01), data2, 2.0 / 4, 14.0 / 15);
        Check(Add([1.0, 2.0], -0.01), data2, 3.0 / 4, 6.0 / 15);
    }

    [Fact]
    public void TwoSample_EqualSizes_MatchesScipy()
    {
        // testEqualSizes: [1, 2, 3] against itself shifted by +1, +0.5, −0.5 → (1/3, 1.0).
        double[] data = [1.0, 2.0, 3.0];
        Check(data, Add(data, 1), 1.0 / 3, 1.0);
        Check(data, Add(data, 0.5), 1.0 / 3, 1.0);
        Check(data, Add(data, -0.5), 1.0 / 3, 1.0);
    }

    [Fact]
    public void TwoSample_100Vs100_MatchesScipy()
    {
        // test100_100: x100 = linspace(1, 100, 100), shifted by 2 ± 0.1.
        var x100 = Linspace(1, 100, 100);
        Check(x100, Add(Add(x100, 2), 0.1), 3.0 / 100, 0.9999999999962055);
        Check(x100, Add(Add(x100, 2), -0.1), 2.0 / 100, 1.0);
    }

    [Fact]
    public void TwoSample_100Vs110_MatchesScipy()
    {
        // test100_110: unequal sizes, exact path through the inside-method recursion.
        var x100 = Linspace(1, 100, 100);
        var x110 = Linspace(1, 100, 110);
        Check(x100, Add(Add(x110, 20), 0.1), 232.0 / 1100, 0.015739183865607353);
        Check(x100, Add(Add(x110, 20), -0.1), 229.0 / 1100, 0.017803803861026313);
    }

    [Fact]
    public void TwoSample_RepeatedValues_MatchesScipy()
    {
        // testRepeatedValues: ties resolved with side="right".
        var x2233 = Repeat((2, 3), (3, 4), (5, 5), (6, 4));
        var x3344 = Add(x2233, 1);
        var x2356 = Repeat((2, 3), (3, 4), (5, 10), (6, 4));
        var x3467 = Repeat((3, 10), (4, 2), (6, 10), (7, 4));
        Check(x2233, x3344, 5.0 / 16, 0.4262934613454952);
        Check(x2356, x3467, 190.0 / 21 / 26, 0.0919245790168125);
    }

    [Fact]
    public void TwoSample_10000Vs110_ExactTinyPValue()
    {
        // testLarge: n1 = 10000, n2 = 110 (still exact under "auto"). scipy's test expects p = 4.2188474935755949e-15
        // but checks it only to 6 decimals (assert_array_almost_equal); that figure is the floor of the older
        // "1 − inside" computation. The current recursion (Viehmann), unchanged from scipy 1.10 to main, returns
        // 6.263465662260858e-26: the value scipy 1.10.1 prints for this input (python3-scipy, Debian bookworm).
        const int n1 = 10000, n2 = 110;
        var delta = 1.0 / n1 / n2 / 2 / 2;
        var x = Add(Linspace(1, 200, n1), -delta);
        var y = Linspace(2, 100, n2);
        Check(x, y, 55275.0 / (n1 * 11.0), 6.263465662260858e-26);
        Assert.Equal(4.2188474935755949e-15, KolmogorovSmirnov.TwoSample(x, y).PValue, 6);
    }

    [Fact]
    public void TwoSample_10000Vs11000_AutoIsAsymptotic()
    {
        // testLargeBoth: n2 = 11000 exceeds 10000, so "auto" is asymptotic (Pelz–Good region of kstwo.sf).
        const int n1 = 10000, n2 = 11000;
        var delta = 1.0 / n1 / n2 / 2 / 2;
        var x = Add(Linspace(1, 200, n1), -delta);
        var y = Linspace(2, 200, n2);
        var lcm = n1 * 11.0;
        Check(x, y, 563.0 / lcm, 0.9990660108966576, KsMethod.Auto);
        Check(x, y, 563.0 / lcm, 0.9990660108966576, KsMethod.Asymptotic);
        Check(x, y, 563.0 / lcm, 0.9990456491488628, KsMethod.Exact);
        Assert.Equal(KsMethod.Asymptotic, KolmogorovSmirnov.TwoSample(x, y).Method);
    }

    [Fact]
    public void TwoSample_500Vs600_AutoAndAsymptoticAreOne()
    {
        // testMiddlingBoth: two-sided p-value 1.0 for both "auto" and "asymp".
        const int n1 = 500, n2 = 600;
        var delta = 1.0 / n1 / n2 / 2 / 2;
        var x = Add(Linspace(1, 200, n1), -delta);
        var y = Linspace(2, 200, n2);
        Check(x, y, 2000.0 / n1 / n2, 1.0, KsMethod.Auto);
        Check(x, y, 2000.0 / n1 / n2, 1.0, KsMethod.Asymptotic);
    }

    [Fact]
    public void TwoSample_OrderOfInput_DoesNotMatter()
    {
        double[] a = [3.0, 1.0, 2.0, 5.0, 4.0];
        double[] b = [2.5, 0.5, 6.0];
        var sorted = KolmogorovSmirnov.TwoSample([1.0, 2.0, 3.0, 4.0, 5.0], [0.5, 2.5, 6.0]);
        Assert.Equal(sorted, KolmogorovSmirnov.TwoSample(a, b));
    }

    [Fact]
    public void TwoSample_NaN_PropagatesAsScipyDefault()
    {
        var result = KolmogorovSmirnov.TwoSample([1.0, double.NaN], [1.0, 2.0]);
        Assert.True(double.IsNaN(result.Statistic));
        Assert.True(double.IsNaN(result.PValue));
    }

    [Fact]
    public void TwoSample_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.TwoSample([], [1.0]));
        Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.TwoSample([1.0], []));
    }
}
