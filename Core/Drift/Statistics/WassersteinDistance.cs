namespace StreamML.Core.Drift.Statistics;

/// <summary><c>scipy.stats.wasserstein_distance</c> for two unweighted one-dimensional samples.</summary>
public static class WassersteinDistance
{
    /// <summary>
    /// The first Wasserstein distance: the area between the two empirical distribution functions,
    /// Σ |F_u(x_i) − F_v(x_i)| (x_i+1 − x_i) over the sorted union of the samples.
    /// </summary>
    /// <exception cref="ArgumentException">A sample is empty.</exception>
    public static double Compute(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        if (u.IsEmpty || v.IsEmpty)
        {
            throw new ArgumentException("Both samples must hold at least one value.");
        }

        var sortedU = u.ToArray();
        var sortedV = v.ToArray();
        Array.Sort(sortedU);
        Array.Sort(sortedV);
        var all = new double[u.Length + v.Length];
        sortedU.CopyTo(all, 0);
        sortedV.CopyTo(all, u.Length);
        Array.Sort(all);

        var terms = new double[all.Length - 1];
        int iu = 0, iv = 0;
        for (var k = 0; k < terms.Length; k++)
        {
            var x = all[k];
            while (iu < sortedU.Length && sortedU[iu] <= x)
            {
                iu++;
            }

            while (iv < sortedV.Length && sortedV[iv] <= x)
            {
                iv++;
            }

            var cdfU = iu / (double)sortedU.Length;
            var cdfV = iv / (double)sortedV.Length;
            terms[k] = Math.Abs(cdfU - cdfV) * (all[k + 1] - x);
        }

        return NumpyMath.PairwiseSum(terms);
    }
}
