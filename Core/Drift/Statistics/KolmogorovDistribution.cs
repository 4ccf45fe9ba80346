namespace StreamML.Core.Drift.Statistics;

/// <summary>
/// Survival function of the one-sample two-sided Kolmogorov–Smirnov statistic D_n (scipy's <c>kstwo.sf</c>),
/// choosing among the same methods scipy's <c>kolmogn</c> chooses for each region of (n, x) (Simard and L'Ecuyer 2011):
/// Ruben–Gambino closed forms at the ends, twice the one-sided Smirnov tail where the tail is small, the Durbin matrix
/// (Marsaglia, Tsang and Wang 2003) and the Pelz–Good expansion elsewhere.
/// </summary>
/// <remarks>
/// Where scipy uses Pomeranz's recursion (n ≤ 140, 0.754693 &lt; n x² ≤ 4) this uses the Durbin matrix, which is also
/// exact; the two agree to rounding.
/// </remarks>
internal static class KolmogorovDistribution
{
    private const double Scale = 3.402823669209385e38; // 2^128
    private const int ScaleExponent = 128;

    /// <summary>P(D_n &gt; x).</summary>
    public static double Sf(int n, double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x >= 1.0)
        {
            return 0.0;
        }

        if (x <= 0.0)
        {
            return 1.0;
        }

        var t = n * x;
        if (t <= 1.0)
        {
            if (t <= 0.5)
            {
                return 1.0;
            }

            return Clip(1.0 - LowerEndCdf(n, t));
        }

        if (t >= n - 1)
        {
            return Clip(2 * Math.Pow(1.0 - x, n));
        }

        if (x >= 0.5)
        {
            return Clip(2 * SmirnovSf(n, x));
        }

        var nxSquared = t * x;
        if (n <= 140)
        {
            if (nxSquared <= 4)
            {
                return Clip(1.0 - DurbinCdf(n, x));
            }

            return Clip(2 * SmirnovSf(n, x));
        }

        if (nxSquared >= 370.0)
        {
            return 0.0;
        }

        if (nxSquared >= 2.2)
        {
            return Clip(2 * SmirnovSf(n, x));
        }

        double cdf;
        if (nxSquared >= 18.0)
        {
            cdf = 1.0;
        }
        else if (n <= 100_000 && n * Math.Pow(x, 1.5) <= 1.4)
        {
            cdf = DurbinCdf(n, x);
        }
        else
        {
            cdf = PelzGoodCdf(n, x);
        }

        return Clip(1.0 - cdf);
    }

    /// <summary>Ruben–Gambino: for 1/(2n) &lt; x ≤ 1/n, P(D_n ≤ x) = n! / n^n (2 n x − 1)^n.</summary>
    private static double LowerEndCdf(int n, double t)
    {
        if (n <= 140)
        {
            var prob = 1.0;
            var inv = 1.0 / n;
            for (var i = 1; i <= n; i++)
            {
                prob *= i * inv * ((2 * t) - 1);
            }

            return prob;
        }

        return Math.Exp(LogFactorialOverPower(n) + (n * Math.Log((2 * t) - 1)));
    }

    /// <summary>log(n! / n^n) by Stirling's series.</summary>
    private static double LogFactorialOverPower(int n)
    {
        ReadOnlySpan<double> coefficients =
        [
            -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
            -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
        ];
        var rn = 1.0 / n;
        var z = rn / n;
        var poly = 0.0;
        foreach (var c in coefficients)
        {
            poly = (poly * z) + c;
        }

        return (Math.Log(n) / 2) - n + (Math.Log(2 * Math.PI) / 2) + (rn * poly);
    }

    /// <summary>
    /// The one-sided tail P(D+_n ≥ x) by the Birnbaum–Tingey sum
    /// x Σ_{v=0}^{⌊n(1−x)⌋} C(n, v) (x + v/n)^(v−1) (1 − x − v/n)^(n−v), every term positive, summed in log space.
    /// </summary>
    internal static double SmirnovSf(int n, double x)
    {
        if (x >= 1.0)
        {
            return 0.0;
        }

        if (x <= 0.0)
        {
            return 1.0;
        }

        var last = (int)Math.Floor(n * (1.0 - x));
        var logBinomial = 0.0;
        var sum = 0.0;
        for (var v = 0; v <= last; v++)
        {
            if (v > 0)
            {
                logBinomial += Math.Log((double)(n - v + 1) / v);
            }

            var up = x + ((double)v / n);
            var down = 1.0 - up;
            if (down <= 0.0)
            {
                if (n - v == 0)
                {
                    sum += Math.Exp(logBinomial + ((v - 1) * Math.Log(up)));
                }

                continue;
            }

            sum += Math.Exp(logBinomial + ((v - 1) * Math.Log(up)) + ((n - v) * Math.Log(down)));
        }

        return Math.Min(1.0, sum * x);
    }

    /// <summary>
    /// P(D_n &lt; x) by Durbin's matrix: with k = ⌈n x⌉ and h = k − n x, the (k, k) entry of H^n times n!/n^n,
    /// where H is the (2k−1)-square matrix of reciprocal factorials with its first column and last row corrected by h.
    /// Powers and the final product are rescaled by 2^128 with a separate exponent so nothing overflows.
    /// </summary>
    internal static double DurbinCdf(int n, double x)
    {
        var nd = n * x;
        if (nd <= 0.5)
        {
            return 0.0;
        }

        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = (2 * k) - 1;
        var matrix = new double[m * m];
        var inverseFactorial = new double[m + 1];
        inverseFactorial[0] = 1.0;
        for (var j = 1; j <= m; j++)
        {
            inverseFactorial[j] = inverseFactorial[j - 1] / j;
        }

        for (var r = 0; r < m; r++)
        {
            for (var c = 1; c < m; c++)
            {
                var order = r - c + 1;
                if (order >= 0)
                {
                    matrix[(r * m) + c] = inverseFactorial[order];
                }
            }
        }

        var edge = new double[m];
        for (var i = 0; i < m; i++)
        {
            edge[i] = (1.0 - Math.Pow(h, i + 1)) * inverseFactorial[i + 1];
        }

        edge[m - 1] = (1.0 - (2 * Math.Pow(h, m)) + Math.Pow(Math.Max((2 * h) - 1.0, 0.0), m)) * inverseFactorial[m];
        for (var r = 0; r < m; r++)
        {
            matrix[r * m] = edge[r];
        }

        for (var c = 0; c < m; c++)
        {
            matrix[((m - 1) * m) + c] = edge[m - 1 - c];
        }

        var result = Identity(m);
        var resultExponent = 0;
        var powerExponent = 0;
        var scratch = new double[m * m];
        for (var e = n; e > 0; e >>= 1)
        {
            if ((e & 1) != 0)
            {
                Multiply(result, matrix, scratch, m);
                (result, scratch) = (scratch, result);
                resultExponent += powerExponent;
            }

            if (e > 1)
            {
                Multiply(matrix, matrix, scratch, m);
                (matrix, scratch) = (scratch, matrix);
                powerExponent *= 2;
                if (Math.Abs(matrix[((k - 1) * m) + k - 1]) > Scale)
                {
                    for (var i = 0; i < matrix.Length; i++)
                    {
                        matrix[i] /= Scale;
                    }

                    powerExponent += ScaleExponent;
                }
            }
        }

        var p = result[((k - 1) * m) + k - 1];
        for (var i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < 1.0 / Scale)
            {
                p *= Scale;
                resultExponent -= ScaleExponent;
            }
        }

        return resultExponent != 0 ? Math.ScaleB(p, resultExponent) : p;
    }

    /// <summary>P(D_n ≤ x) by the Pelz–Good asymptotic series in 1/√n (four terms).</summary>
    internal static double PelzGoodCdf(int n, double x)
    {
        if (x <= 0.0)
        {
            return 0.0;
        }

        if (x >= 1.0)
        {
            return 1.0;
        }

        var z = Math.Sqrt(n) * x;
        var z2 = z * z;
        var z4 = z2 * z2;
        var z6 = z4 * z2;
        var pi2 = Math.PI * Math.PI;
        var pi4 = pi2 * pi2;
        var pi6 = pi4 * pi2;
        var logQ = -pi2 / 8 / z2;
        if (logQ < -708)
        {
            return 0.0;
        }

        var q = Math.Exp(logQ);
        var k1a = -z2;
        var k1b = pi2 / 4;
        var k2a = (6 * z6) + (2 * z4);
        var k2b = ((2 * z4) - (5 * z2)) * pi2 / 4;
        var k2c = pi4 * (1 - (2 * z2)) / 16;
        var k3d = pi6 * (5 - (30 * z2)) / 64;
        var k3c = pi4 * ((-60 * z2) + (212 * z4)) / 16;
        var k3b = pi2 * ((135 * z4) - (96 * z6)) / 4;
        var k3a = (-30 * z6) - (90 * z4 * z4);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var maxK = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxK; k > 0; k--)
        {
            double odd = (2 * k) - 1;
            var odd2 = odd * odd;
            var odd4 = odd2 * odd2;
            var odd6 = odd4 * odd2;
            var qPower = Math.Pow(q, 8 * k);
            s0 = (s0 * qPower) + 1.0;
            s1 = (s1 * qPower) + k1a + (k1b * odd2);
            s2 = (s2 * qPower) + k2a + (k2b * odd2) + (k2c * odd4);
            s3 = (s3 * qPower) + k3a + (k3b * odd2) + (k3c * odd4) + (k3d * odd6);
        }

        var root2Pi = Math.Sqrt(2 * Math.PI);
        s0 = s0 * q * root2Pi / z;
        s1 = s1 * q * root2Pi / (6 * z4);
        s2 = s2 * q * root2Pi / (72 * z6 * z);
        s3 = s3 * q * root2Pi / (6480 * z4 * z6);

        var q2 = Math.Exp(-pi2 / 2 / z2);
        var sqrt3z = Math.Sqrt(3) * z;
        double extra2 = 0, extra3 = 0;
        for (var k = maxK; k > 0; k--)
        {
            double k2 = (double)k * k;
            var qk = Math.Pow(q2, k2);
            var kpi = Math.PI * k;
            extra2 += k2 * qk;
            extra3 += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qk;
        }

        s2 += extra2 * pi2 * root2Pi / (-36 * z2 * z);
        s3 += extra3 * pi2 * root2Pi / (216 * z6);
        var rootN = Math.Sqrt(n);
        return s0 + (s1 / rootN) + (s2 / n) + (s3 / (n * rootN));
    }

    private static double[] Identity(int m)
    {
        var identity = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            identity[(i * m) + i] = 1.0;
        }

        return identity;
    }

    private static void Multiply(double[] a, double[] b, double[] destination, int m)
    {
        Array.Clear(destination);
        for (var i = 0; i < m; i++)
        {
            for (var l = 0; l < m; l++)
            {
                var ail = a[(i * m) + l];
                if (ail == 0.0)
                {
                    continue;
                }

                for (var j = 0; j < m; j++)
                {
                    destination[(i * m) + j] += ail * b[(l * m) + j];
                }
            }
        }
    }

    private static double Clip(double p) => Math.Clamp(p, 0.0, 1.0);
}
