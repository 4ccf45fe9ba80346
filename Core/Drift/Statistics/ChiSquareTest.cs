using MathNet.Numerics;

namespace StreamML.Core.Drift.Statistics;

/// <summary><c>scipy.stats.chisquare</c>: Pearson's goodness-of-fit test of observed against expected frequencies.</summary>
public static class ChiSquareTest
{
    /// <summary>
    /// Σ (observed − expected)² / expected and its p-value from the chi-square distribution with k − 1 degrees of freedom.
    /// An expected frequency of zero under a non-zero observation gives an infinite statistic and p = 0; a single
    /// category gives p = NaN (no degrees of freedom), as in scipy.
    /// </summary>
    /// <exception cref="ArgumentException">The vectors differ in length or are empty.</exception>
    public static (double Statistic, double PValue) Compute(ReadOnlySpan<double> observed, ReadOnlySpan<double> expected)
    {
        if (observed.Length != expected.Length || observed.IsEmpty)
        {
            throw new ArgumentException("Observed and expected frequencies must be non-empty and of the same length.", nameof(expected));
        }

        var terms = new double[observed.Length];
        for (var i = 0; i < observed.Length; i++)
        {
            var d = observed[i] - expected[i];
            terms[i] = d * d / expected[i];
        }

        var statistic = NumpyMath.PairwiseSum(terms);
        return (statistic, Survival(statistic, observed.Length - 1));
    }

    /// <summary>P(χ²_df &gt; x), the regularised upper incomplete gamma function Q(df / 2, x / 2).</summary>
    internal static double Survival(double x, int degreesOfFreedom)
    {
        if (degreesOfFreedom <= 0 || double.IsNaN(x))
        {
            return double.NaN;
        }

        if (double.IsPositiveInfinity(x))
        {
            return 0.0;
        }

        return x <= 0 ? 1.0 : SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, x / 2.0);
    }
}
