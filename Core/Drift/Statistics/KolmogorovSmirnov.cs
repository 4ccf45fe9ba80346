using System.Buffers;

namespace StreamML.Core.Drift.Statistics;

/// <summary>
/// Two-sided two-sample Kolmogorov–Smirnov test with the semantics of <c>scipy.stats.ks_2samp</c>
/// (alternative "two-sided"): the statistic from the empirical distribution functions evaluated after every
/// observation (ties counted with "side=right"), the exact p-value from lattice-path counting, the asymptotic one
/// from the one-sample Kolmogorov distribution at <c>round(n1 n2 / (n1 + n2))</c>.
/// </summary>
/// <remarks>
/// As scipy does, the exact method reports the statistic rounded to the lattice, <c>h / lcm(n1, n2)</c>, and falls back
/// to the asymptotic p-value when the exact computation leaves [0, 1]. A sample containing NaN gives NaN for both
/// values (scipy's default <c>nan_policy="propagate"</c>); infinities are ordinary values.
/// </remarks>
public static class KolmogorovSmirnov
{
    /// <summary>Samples larger than this use the asymptotic p-value under <see cref="KsMethod.Auto"/>.</summary>
    public const int MaxAutoExactSize = 10_000;

    /// <summary>Tests whether two samples come from the same continuous distribution.</summary>
    /// <exception cref="ArgumentException">A sample is empty.</exception>
    public static KsTestResult TwoSample(ReadOnlySpan<double> sample1, ReadOnlySpan<double> sample2, KsMethod method = KsMethod.Auto)
    {
        if (sample1.IsEmpty || sample2.IsEmpty)
        {
            throw new ArgumentException("Both samples must hold at least one value.");
        }

        if (ContainsNaN(sample1) || ContainsNaN(sample2))
        {
            return new KsTestResult(double.NaN, double.NaN, method == KsMethod.Asymptotic ? KsMethod.Asymptotic : KsMethod.Exact);
        }

        var buffer1 = ArrayPool<double>.Shared.Rent(sample1.Length);
        var buffer2 = ArrayPool<double>.Shared.Rent(sample2.Length);
        try
        {
            var sorted1 = buffer1.AsSpan(0, sample1.Length);
            var sorted2 = buffer2.AsSpan(0, sample2.Length);
            sample1.CopyTo(sorted1);
            sample2.CopyTo(sorted2);
            sorted1.Sort();
            sorted2.Sort();
            return TwoSampleSorted(sorted1, sorted2, method);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer1);
            ArrayPool<double>.Shared.Return(buffer2);
        }
    }

    /// <summary>The test on samples already sorted ascending and free of NaN; allocates nothing when the sizes are equal.</summary>
    internal static KsTestResult TwoSampleSorted(ReadOnlySpan<double> sorted1, ReadOnlySpan<double> sorted2, KsMethod method) =>
        FromStatistic(Statistic(sorted1, sorted2), sorted1.Length, sorted2.Length, method);

    /// <summary>
    /// The p-value of a two-sided statistic <paramref name="statistic"/> between samples of sizes <paramref name="n1"/> and
    /// <paramref name="n2"/>, as <see cref="TwoSample(ReadOnlySpan{double}, ReadOnlySpan{double}, KsMethod)"/> computes it
    /// (the exact method rounds the statistic to the lattice h / lcm(n1, n2) first).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public static KsTestResult FromStatistic(double statistic, int n1, int n2, KsMethod method = KsMethod.Auto)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n1, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n2, 1);
        var d = statistic;
        var g = Gcd(n1, n2);
        var n1g = n1 / g;
        var n2g = n2 / g;

        var mode = method;
        if (mode == KsMethod.Auto)
        {
            mode = Math.Max(n1, n2) <= MaxAutoExactSize ? KsMethod.Exact : KsMethod.Asymptotic;
        }
        else if (mode == KsMethod.Exact && n1g >= int.MaxValue / (double)n2g)
        {
            // The lattice would not fit: scipy switches to the asymptotic method here too.
            mode = KsMethod.Asymptotic;
        }

        if (mode == KsMethod.Exact)
        {
            var lcm = (long)n1g * n2;
            var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
            d = h / (double)lcm;
            if (h == 0)
            {
                return new KsTestResult(d, 1.0, KsMethod.Exact);
            }

            var prob = n1 == n2
                ? SmirnovExact.ProbOutsideSquare(n1, (int)h)
                : SmirnovExact.OuterProbInside(n1, n2, g, h);
            if (prob >= 0 && prob <= 1)
            {
                return new KsTestResult(d, prob, KsMethod.Exact);
            }
        }

        var m = (double)Math.Max(n1, n2);
        var n = (double)Math.Min(n1, n2);
        var en = m * n / (m + n);
        var p = KolmogorovDistribution.Sf((int)Math.Round(en, MidpointRounding.ToEven), d);
        return new KsTestResult(d, Math.Clamp(p, 0.0, 1.0), KsMethod.Asymptotic);
    }

    /// <summary>
    /// The two-sided statistic of two sorted samples: the empirical distribution functions compared after each
    /// distinct value, each as <c>count / n</c> in double precision exactly as scipy forms them.
    /// </summary>
    internal static double Statistic(ReadOnlySpan<double> sorted1, ReadOnlySpan<double> sorted2)
    {
        var n1 = (double)sorted1.Length;
        var n2 = (double)sorted2.Length;
        int i = 0, j = 0;
        var maxDiff = double.NegativeInfinity;
        var minDiff = double.PositiveInfinity;
        while (i < sorted1.Length || j < sorted2.Length)
        {
            double v;
            if (j >= sorted2.Length || (i < sorted1.Length && sorted1[i] <= sorted2[j]))
            {
                v = sorted1[i];
            }
            else
            {
                v = sorted2[j];
            }

            while (i < sorted1.Length && sorted1[i] <= v)
            {
                i++;
            }

            while (j < sorted2.Length && sorted2[j] <= v)
            {
                j++;
            }

            var diff = (i / n1) - (j / n2);
            maxDiff = Math.Max(maxDiff, diff);
            minDiff = Math.Min(minDiff, diff);
        }

        var minS = Math.Clamp(-minDiff, 0.0, 1.0);
        return minS > maxDiff ? minS : maxDiff;
    }

    private static bool ContainsNaN(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                return true;
            }
        }

        return false;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
