namespace StreamML.Core.Drift.Statistics;

/// <summary>
/// Evidently's binning for PSI and Jensen–Shannon (<c>get_binned_data</c>): for a numerical feature whose reference has
/// more than 20 distinct values, Sturges edges over reference and current together and each sample's share per bin;
/// otherwise one bin per distinct value seen in either sample. Optionally Evidently's zero fill: an empty bin gets
/// 0.0001, or the smallest non-zero share divided by 10^6 when that share is itself at most 0.0001 (each sample on its own).
/// </summary>
public static class DriftBinning
{
    /// <summary>Above this many distinct reference values a numerical feature is binned by Sturges edges.</summary>
    public const int MaxCategoricalUniqueValues = 20;

    /// <summary>Evidently's share for an empty bin when no non-zero share is at most this.</summary>
    public const double ZeroFill = 0.0001;

    /// <summary>Shares per bin of a numerical feature (finite values only).</summary>
    public static (double[] Reference, double[] Current) Numerical(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, bool fillZeroes)
    {
        double[] referenceShares;
        double[] currentShares;
        if (DistinctCount(reference) > MaxCategoricalUniqueValues)
        {
            var all = new double[reference.Length + current.Length];
            reference.CopyTo(all);
            current.CopyTo(all.AsSpan(reference.Length));
            var edges = HistogramEdges.Sturges(all);
            referenceShares = Shares(HistogramEdges.Count(reference, edges), reference.Length);
            currentShares = Shares(HistogramEdges.Count(current, edges), current.Length);
        }
        else
        {
            (referenceShares, currentShares) = Categorical(reference.ToArray(), current.ToArray(), fillZeroes: false);
        }

        if (fillZeroes)
        {
            FillZeroes(referenceShares);
            FillZeroes(currentShares);
        }

        return (referenceShares, currentShares);
    }

    /// <summary>Shares per category over the categories seen in either sample, in first-seen order (reference first).</summary>
    public static (double[] Reference, double[] Current) Categorical<T>(IReadOnlyList<T> reference, IReadOnlyList<T> current, bool fillZeroes)
        where T : notnull
    {
        var (keys, referenceCounts, currentCounts) = CountCategories(reference, current);
        var referenceShares = new double[keys.Count];
        var currentShares = new double[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            referenceShares[i] = referenceCounts[i] / (double)reference.Count;
            currentShares[i] = currentCounts[i] / (double)current.Count;
        }

        if (fillZeroes)
        {
            FillZeroes(referenceShares);
            FillZeroes(currentShares);
        }

        return (referenceShares, currentShares);
    }

    /// <summary>Counts per category over the union of categories, in first-seen order (reference first).</summary>
    internal static (List<T> Keys, long[] Reference, long[] Current) CountCategories<T>(IReadOnlyList<T> reference, IReadOnlyList<T> current)
        where T : notnull
    {
        var index = new Dictionary<T, int>();
        var keys = new List<T>();
        foreach (var sample in new[] { reference, current })
        {
            foreach (var v in sample)
            {
                if (!index.ContainsKey(v))
                {
                    index[v] = keys.Count;
                    keys.Add(v);
                }
            }
        }

        var referenceCounts = new long[keys.Count];
        var currentCounts = new long[keys.Count];
        foreach (var v in reference)
        {
            referenceCounts[index[v]]++;
        }

        foreach (var v in current)
        {
            currentCounts[index[v]]++;
        }

        return (keys, referenceCounts, currentCounts);
    }

    /// <summary>Evidently's zero fill on one vector of shares (left alone when every share is zero).</summary>
    public static void FillZeroes(Span<double> shares)
    {
        var minNonZero = double.PositiveInfinity;
        foreach (var s in shares)
        {
            if (s != 0 && s < minNonZero)
            {
                minNonZero = s;
            }
        }

        if (double.IsPositiveInfinity(minNonZero))
        {
            return;
        }

        var fill = minNonZero <= ZeroFill ? minNonZero / 1_000_000 : ZeroFill;
        for (var i = 0; i < shares.Length; i++)
        {
            if (shares[i] == 0)
            {
                shares[i] = fill;
            }
        }
    }

    internal static double[] Shares(long[] counts, long total)
    {
        var shares = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            shares[i] = counts[i] / (double)total;
        }

        return shares;
    }

    private static int DistinctCount(ReadOnlySpan<double> values)
    {
        var set = new HashSet<double>();
        foreach (var v in values)
        {
            set.Add(v);
        }

        return set.Count;
    }
}
