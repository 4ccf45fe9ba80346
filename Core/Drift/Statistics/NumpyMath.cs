namespace StreamML.Core.Drift.Statistics;

/// <summary>
/// numpy's arithmetic where the order of operations shows in the last bits: pairwise summation (np.sum over a
/// contiguous float64 array) and linspace.
/// </summary>
internal static class NumpyMath
{
    private const int BlockSize = 128;

    /// <summary>np.sum of a float64 vector: blocks of eight partial sums below 128 values, halves (multiples of 8) above.</summary>
    public static double PairwiseSum(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        if (n < 8)
        {
            var sum = 0.0;
            foreach (var v in values)
            {
                sum += v;
            }

            return sum;
        }

        if (n <= BlockSize)
        {
            double r0 = values[0], r1 = values[1], r2 = values[2], r3 = values[3];
            double r4 = values[4], r5 = values[5], r6 = values[6], r7 = values[7];
            var i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                r0 += values[i];
                r1 += values[i + 1];
                r2 += values[i + 2];
                r3 += values[i + 3];
                r4 += values[i + 4];
                r5 += values[i + 5];
                r6 += values[i + 6];
                r7 += values[i + 7];
            }

            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                res += values[i];
            }

            return res;
        }

        var half = n / 2;
        half -= half % 8;
        return PairwiseSum(values[..half]) + PairwiseSum(values[half..]);
    }

    /// <summary>np.linspace(start, stop, num) with endpoint: start + i * ((stop − start) / (num − 1)), the last set to stop.</summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        var values = new double[num];
        if (num == 1)
        {
            values[0] = start;
            return values;
        }

        var step = (stop - start) / (num - 1);
        for (var i = 0; i < num; i++)
        {
            values[i] = (i * step) + start;
        }

        values[^1] = stop;
        return values;
    }

    /// <summary>Population standard deviation (ddof = 0): mean by np.sum / n, then the mean square deviation the same way.</summary>
    public static double StandardDeviation(ReadOnlySpan<double> values)
    {
        var mean = PairwiseSum(values) / values.Length;
        var squares = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var d = mean - values[i];
            squares[i] = d * d;
        }

        return Math.Sqrt(PairwiseSum(squares) / values.Length);
    }
}
