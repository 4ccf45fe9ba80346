namespace StreamML.Core.Tests.Drift.Reference;

/// <summary>
/// The MT19937 Mersenne Twister (Matsumoto and Nishimura 1998), the generator behind both Python's <c>random</c> and
/// numpy's legacy <c>np.random</c>; written from the published algorithm so reference streams can be reproduced.
/// </summary>
internal sealed class Mt19937
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0dfU;
    private const uint UpperMask = 0x80000000U;
    private const uint LowerMask = 0x7fffffffU;

    private readonly uint[] _mt = new uint[N];
    private int _index = N + 1;

    /// <summary>Seeds from one 32-bit word (<c>init_genrand</c>), as numpy's <c>np.random.seed(int)</c> does.</summary>
    public static Mt19937 FromSeed(uint seed)
    {
        var g = new Mt19937();
        g.InitGenrand(seed);
        return g;
    }

    /// <summary>Seeds from a key of 32-bit words (<c>init_by_array</c>), as Python's <c>random.seed(int)</c> does.</summary>
    public static Mt19937 FromKey(uint[] key)
    {
        var g = new Mt19937();
        g.InitGenrand(19650218U);
        var i = 1;
        var j = 0;
        for (var k = Math.Max(N, key.Length); k > 0; k--)
        {
            g._mt[i] = (g._mt[i] ^ ((g._mt[i - 1] ^ (g._mt[i - 1] >> 30)) * 1664525U)) + key[j] + (uint)j;
            i++;
            j++;
            if (i >= N)
            {
                g._mt[0] = g._mt[N - 1];
                i = 1;
            }

            if (j >= key.Length)
            {
                j = 0;
            }
        }

        for (var k = N - 1; k > 0; k--)
        {
            g._mt[i] = (g._mt[i] ^ ((g._mt[i - 1] ^ (g._mt[i - 1] >> 30)) * 1566083941U)) - (uint)i;
            i++;
            if (i >= N)
            {
                g._mt[0] = g._mt[N - 1];
                i = 1;
            }
        }

        g._mt[0] = 0x80000000U;
        return g;
    }

    private void InitGenrand(uint seed)
    {
        _mt[0] = seed;
        for (var i = 1; i < N; i++)
        {
            _mt[i] = (1812433253U * (_mt[i - 1] ^ (_mt[i - 1] >> 30))) + (uint)i;
        }

        _index = N;
    }

    /// <summary>The next 32-bit output (<c>genrand_int32</c>).</summary>
    public uint NextUInt32()
    {
        if (_index >= N)
        {
            int k;
            uint y;
            for (k = 0; k < N - M; k++)
            {
                y = (_mt[k] & UpperMask) | (_mt[k + 1] & LowerMask);
                _mt[k] = _mt[k + M] ^ (y >> 1) ^ ((y & 1) != 0 ? MatrixA : 0U);
            }

            for (; k < N - 1; k++)
            {
                y = (_mt[k] & UpperMask) | (_mt[k + 1] & LowerMask);
                _mt[k] = _mt[k + (M - N)] ^ (y >> 1) ^ ((y & 1) != 0 ? MatrixA : 0U);
            }

            y = (_mt[N - 1] & UpperMask) | (_mt[0] & LowerMask);
            _mt[N - 1] = _mt[M - 1] ^ (y >> 1) ^ ((y & 1) != 0 ? MatrixA : 0U);
            _index = 0;
        }

        var x = _mt[_index++];
        x ^= x >> 11;
        x ^= (x << 7) & 0x9d2c5680U;
        x ^= (x << 15) & 0xefc60000U;
        x ^= x >> 18;
        return x;
    }

    /// <summary>A double in [0, 1) with 53 random bits (<c>genrand_res53</c>): Python's <c>random()</c>, numpy's <c>random_sample</c>.</summary>
    public double NextDouble()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }
}
