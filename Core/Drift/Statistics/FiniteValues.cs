namespace StreamML.Core.Drift.Statistics;

/// <summary>Evidently replaces ±∞ by NaN and drops NaN before any drift statistic; so do the statistics here.</summary>
internal static class FiniteValues
{
    /// <summary>The finite values, in order.</summary>
    /// <exception cref="ArgumentException">No finite value is left.</exception>
    public static double[] Keep(ReadOnlySpan<double> values, string name)
    {
        var count = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                count++;
            }
        }

        if (count == 0)
        {
            throw new ArgumentException($"The {name} sample has no finite value.", name);
        }

        var kept = new double[count];
        var i = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                kept[i++] = v;
            }
        }

        return kept;
    }
}
