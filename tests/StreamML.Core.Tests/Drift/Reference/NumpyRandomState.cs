namespace StreamML.Core.Tests.Drift.Reference;

/// <summary>
/// The parts of numpy's legacy <c>np.random</c> (<c>RandomState</c>, whose streams numpy keeps stable across versions)
/// that River's tests use, reproduced from numpy's documented legacy algorithms: <c>seed(int)</c>,
/// <c>randint(high, size)</c> by masked rejection on 32-bit draws, <c>binomial(n, p)</c> by inversion (n·min(p, 1−p) ≤ 30),
/// and <c>normal</c> by the polar Box–Muller method that keeps the second deviate for the next call.
/// </summary>
internal sealed class NumpyRandomState
{
    private readonly Mt19937 _mt;
    private bool _hasGauss;
    private double _gauss;

    /// <summary><c>np.random.seed(seed)</c>.</summary>
    public NumpyRandomState(uint seed) => _mt = Mt19937.FromSeed(seed);

    /// <summary><c>np.random.randint(high, size=size)</c> for 0 &lt; high ≤ 2^32.</summary>
    public double[] RandInt(long high, int size)
    {
        var rng = (uint)(high - 1);
        var mask = rng;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        var result = new double[size];
        for (var i = 0; i < size; i++)
        {
            if (rng == 0)
            {
                result[i] = 0;
                continue;
            }

            uint v;
            do
            {
                v = _mt.NextUInt32() & mask;
            }
            while (v > rng);
            result[i] = v;
        }

        return result;
    }

    /// <summary><c>np.random.binomial(n, p)</c> (one scalar draw), for n·min(p, 1 − p) ≤ 30.</summary>
    public long Binomial(long n, double p)
    {
        if (n == 0 || p == 0.0)
        {
            return 0;
        }

        if (p <= 0.5)
        {
            return BinomialInversion(n, p);
        }

        var q = 1.0 - p;
        return n - BinomialInversion(n, q);
    }

    private long BinomialInversion(long n, double p)
    {
        if (n * Math.Min(p, 1 - p) > 30.0)
        {
            throw new NotSupportedException("only the inversion branch of numpy's binomial is reproduced");
        }

        var q = 1.0 - p;
        var qn = Math.Exp(n * Math.Log(q));
        var np = n * p;
        var bound = (long)Math.Min(n, np + (10.0 * Math.Sqrt((np * q) + 1)));
        long x = 0;
        var px = qn;
        var u = _mt.NextDouble();
        while (u > px)
        {
            x++;
            if (x > bound)
            {
                x = 0;
                px = qn;
                u = _mt.NextDouble();
            }
            else
            {
                u -= px;
                px = (n - x + 1) * p * px / (x * q);
            }
        }

        return x;
    }

    /// <summary><c>np.random.normal(loc, scale, size)</c>.</summary>
    public double[] Normal(double loc, double scale, int size)
    {
        var result = new double[size];
        for (var i = 0; i < size; i++)
        {
            result[i] = loc + (scale * Gauss());
        }

        return result;
    }

    private double Gauss()
    {
        if (_hasGauss)
        {
            _hasGauss = false;
            return _gauss;
        }

        double x1, x2, r2;
        do
        {
            x1 = (2.0 * _mt.NextDouble()) - 1.0;
            x2 = (2.0 * _mt.NextDouble()) - 1.0;
            r2 = (x1 * x1) + (x2 * x2);
        }
        while (r2 >= 1.0 || r2 == 0.0);

        var f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }
}
