namespace StreamML.Core.Drift.Statistics;

/// <summary>
/// Bin edges as <c>numpy.histogram_bin_edges(data, bins="sturges")</c> computes them, and counts as <c>numpy.histogram</c>
/// counts against explicit edges.
/// </summary>
/// <remarks>
/// numpy does not take Sturges' count directly: it takes the width ptp / (log2(n) + 1) and then
/// ceil(ptp / width) equal bins between min and max. The division round-trip can land just above an integer, so when
/// log2(n) + 1 is whole (n a power of two) numpy may use one bin more than Sturges' rule; this reproduces that.
/// A sample with a single distinct value v gets one bin [v − 0.5, v + 0.5]. Every bin is half-open [e_i, e_i+1) except
/// the last, which also holds its right edge; values outside [e_0, e_n] are not counted. Data are treated as float64
/// (numpy widens bins to at least 1 for integer dtypes; a CSV column here is always float).
/// </remarks>
public static class HistogramEdges
{
    /// <summary>The Sturges edges of a non-empty sample of finite values.</summary>
    /// <exception cref="ArgumentException">The sample is empty or holds a non-finite value.</exception>
    public static double[] Sturges(ReadOnlySpan<double> data)
    {
        if (data.IsEmpty)
        {
            throw new ArgumentException("Cannot bin an empty sample.", nameof(data));
        }

        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        foreach (var v in data)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("Bin edges need finite values.", nameof(data));
            }

            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        var first = min;
        var last = max;
        if (first == last)
        {
            first -= 0.5;
            last += 0.5;
        }

        var width = (max - min) / (Math.Log2(data.Length) + 1.0);
        var bins = width != 0 ? (int)Math.Ceiling((last - first) / width) : 1;
        return NumpyMath.Linspace(first, last, bins + 1);
    }

    /// <summary>Counts per bin of <paramref name="edges"/> (ascending), numpy.histogram's inclusion rules.</summary>
    public static long[] Count(ReadOnlySpan<double> data, ReadOnlySpan<double> edges)
    {
        var counts = new long[edges.Length - 1];
        foreach (var v in data)
        {
            var bin = BinOf(v, edges);
            if (bin >= 0)
            {
                counts[bin]++;
            }
        }

        return counts;
    }

    /// <summary>The bin a value falls in under numpy.histogram's rules, or −1 outside the edges (or NaN).</summary>
    public static int BinOf(double value, ReadOnlySpan<double> edges)
    {
        var bins = edges.Length - 1;
        if (!(value >= edges[0] && value <= edges[bins]))
        {
            return -1;
        }

        if (value == edges[bins])
        {
            return bins - 1;
        }

        // Largest i with edges[i] <= value.
        int lo = 0, hi = bins;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) >>> 1;
            if (edges[mid] <= value)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
