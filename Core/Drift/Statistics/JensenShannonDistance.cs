namespace StreamML.Core.Drift.Statistics;

/// <summary><c>scipy.spatial.distance.jensenshannon</c> of two discrete distributions.</summary>
public static class JensenShannonDistance
{
    /// <summary>
    /// The Jensen–Shannon distance: each vector normalised to sum 1, m = (p + q) / 2, then
    /// sqrt((Σ rel_entr(p, m) + Σ rel_entr(q, m)) / 2), natural log unless <paramref name="logBase"/> is given.
    /// </summary>
    /// <exception cref="ArgumentException">The vectors differ in length.</exception>
    public static double Compute(ReadOnlySpan<double> p, ReadOnlySpan<double> q, double? logBase = null)
    {
        if (p.Length != q.Length)
        {
            throw new ArgumentException("The distributions must have the same length.", nameof(q));
        }

        var pSum = NumpyMath.PairwiseSum(p);
        var qSum = NumpyMath.PairwiseSum(q);
        var left = new double[p.Length];
        var right = new double[p.Length];
        for (var i = 0; i < p.Length; i++)
        {
            var pi = p[i] / pSum;
            var qi = q[i] / qSum;
            var m = (pi + qi) / 2.0;
            left[i] = RelativeEntropy(pi, m);
            right[i] = RelativeEntropy(qi, m);
        }

        var js = NumpyMath.PairwiseSum(left) + NumpyMath.PairwiseSum(right);
        if (logBase is { } b)
        {
            js /= Math.Log(b);
        }

        return Math.Sqrt(js / 2.0);
    }

    /// <summary>scipy.special.rel_entr: x log(x / y) for x, y &gt; 0; 0 for x = 0, y ≥ 0; +∞ otherwise.</summary>
    internal static double RelativeEntropy(double x, double y)
    {
        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return double.NaN;
        }

        if (x > 0 && y > 0)
        {
            return x * Math.Log(x / y);
        }

        return x == 0 && y >= 0 ? 0.0 : double.PositiveInfinity;
    }
}
