namespace StreamML.Core.Metrics;

/// <summary>
/// A lock-free latency histogram with log-linear buckets (8 sub-buckets per power of two, so any percentile is within
/// about 9% of the true value) from 1 microsecond to about 70 minutes. Recording is one interlocked increment.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 8;
    private const int Powers = 32;
    private readonly long[] _counts = new long[Powers * SubBuckets];
    private long _total;

    /// <summary>Records one latency in microseconds (values below 1 count as 1).</summary>
    public void Record(double microseconds)
    {
        Interlocked.Increment(ref _counts[BucketOf(microseconds)]);
        Interlocked.Increment(ref _total);
    }

    /// <summary>Number of recorded values.</summary>
    public long Count => Interlocked.Read(ref _total);

    /// <summary>Copies the current counts into <paramref name="into"/> (same shape) and returns the total.</summary>
    public long CopyTo(long[] into)
    {
        ArgumentNullException.ThrowIfNull(into);
        long total = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            into[i] = Interlocked.Read(ref _counts[i]);
            total += into[i];
        }

        return total;
    }

    /// <summary>A new array shaped for <see cref="CopyTo"/>.</summary>
    public static long[] NewBuckets() => new long[Powers * SubBuckets];

    /// <summary>The value (microseconds) below which <paramref name="quantile"/> of the counts in <paramref name="buckets"/> fall; NaN when empty.</summary>
    public static double Quantile(ReadOnlySpan<long> buckets, double quantile)
    {
        long total = 0;
        foreach (var c in buckets)
        {
            total += c;
        }

        if (total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(quantile * total);
        rank = Math.Clamp(rank, 1, total);
        long seen = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            seen += buckets[i];
            if (seen >= rank)
            {
                return UpperBound(i);
            }
        }

        return UpperBound(buckets.Length - 1);
    }

    /// <summary>The quantile of the difference between two snapshots (what was recorded in between).</summary>
    public static double QuantileOfDelta(long[] newer, long[] older, double quantile)
    {
        ArgumentNullException.ThrowIfNull(newer);
        ArgumentNullException.ThrowIfNull(older);
        Span<long> delta = stackalloc long[newer.Length];
        for (var i = 0; i < delta.Length; i++)
        {
            delta[i] = newer[i] - older[i];
        }

        return Quantile(delta, quantile);
    }

    private static int BucketOf(double microseconds)
    {
        if (!(microseconds > 1))
        {
            return 0;
        }

        var power = Math.Min((int)Math.Log2(microseconds), Powers - 1);
        var lower = Math.Pow(2, power);
        var sub = Math.Min((int)((microseconds - lower) / lower * SubBuckets), SubBuckets - 1);
        return (power * SubBuckets) + sub;
    }

    private static double UpperBound(int bucket)
    {
        var power = bucket / SubBuckets;
        var sub = bucket % SubBuckets;
        var lower = Math.Pow(2, power);
        return lower + (lower * (sub + 1) / SubBuckets);
    }
}
