using System.Buffers;

namespace StreamML.Core.Drift.Statistics;

/// <summary>
/// Exact two-sided null distribution of the two-sample Kolmogorov–Smirnov statistic by counting lattice paths
/// (Hodges 1958, following Drion, Gnedenko and Korolyuk; the complementary recursion of Viehmann 2021, arXiv:2102.08037).
/// </summary>
internal static class SmirnovExact
{
    /// <summary>
    /// P(D(n, n) ≥ h / n) for two samples of equal size n: the alternating reflection sum
    /// 2 Σ_k (−1)^(k+1) C(2n, n − k h) / C(2n, n), evaluated from the innermost term outwards so that each
    /// ratio of binomials is a product of h factors below one and nothing cancels.
    /// </summary>
    public static double ProbOutsideSquare(int n, int h)
    {
        var outer = 0.0;
        for (var k = n / h; k >= 0; k--)
        {
            var ratio = 1.0;
            var kh = (long)k * h;
            for (var j = 0; j < h; j++)
            {
                ratio = (n - kh - j) * ratio / (n + kh + j + 1);
            }

            outer = ratio * (1.0 - outer);
        }

        return 2 * outer;
    }

    /// <summary>
    /// P(D(m, n) ≥ h / lcm(m, n)) for sizes m ≠ n with gcd g: one column at a time, the share of monotone paths
    /// from (0, 0) that have left the band |x/m − y/n| &lt; h / lcm, kept as a proportion so nothing overflows.
    /// </summary>
    public static double OuterProbInside(int m, int n, int g, long h)
    {
        if (m < n)
        {
            (m, n) = (n, m);
        }

        long mg = m / g;
        long ng = n / g;
        var minj = 0;
        var maxj = (int)Math.Min(CeilDiv(h, mg), n + 1);
        var curlen = maxj - minj;
        var length = Math.Min((2 * maxj) + 2, n + 1);
        var rented = ArrayPool<double>.Shared.Rent(length);
        try
        {
            var column = rented.AsSpan(0, length);
            column.Fill(1.0);
            column[minj..maxj].Clear();
            for (var i = 1; i <= m; i++)
            {
                var lastMinj = minj;
                var lastLen = curlen;
                minj = (int)Math.Min(Math.Max(FloorDiv((ng * i) - h, mg) + 1, 0), n);
                maxj = (int)Math.Min(CeilDiv((ng * i) + h, mg), n + 1);
                if (maxj <= minj)
                {
                    return 1.0;
                }

                var val = minj == 0 ? 0.0 : 1.0;
                for (var jj = 0; jj < maxj - minj; jj++)
                {
                    var j = jj + minj;
                    val = ((column[jj + minj - lastMinj] * i) + (val * j)) / (i + j);
                    column[jj] = val;
                }

                curlen = maxj - minj;
                if (lastLen > curlen)
                {
                    var start = maxj - minj;
                    var end = Math.Min(start + (lastLen - curlen), length);
                    column[start..end].Fill(1.0);
                }
            }

            return column[maxj - minj - 1];
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    private static long FloorDiv(long a, long b) => (a / b) - (((a % b) != 0 && ((a < 0) ^ (b < 0))) ? 1 : 0);

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);
}
