using System.Numerics;
using System.Security.Cryptography;

namespace StreamML.Core.Drift;

/// <summary>
/// The generator behind CPython's <c>random.Random</c>: MT19937 (Matsumoto and Nishimura 1998), seeded from an integer
/// the way CPython seeds it (init_by_array over the 32-bit words of |seed|, least significant first), with
/// <c>getrandbits</c>, <c>random</c>, <c>_randbelow</c> and <c>sample</c> drawing words in CPython's order, so a
/// detector given River's seed draws River's samples. Also seeds like numpy's legacy <c>RandomState(int)</c>
/// (init_genrand), which reference streams use.
/// </summary>
internal sealed class PythonRandom
{
    /// <summary>Number of 32-bit words in the MT19937 state.</summary>
    public const int StateWords = 624;

    private const int Shift = 397;
    private const uint MatrixA = 0x9908b0dfu;
    private const uint UpperMask = 0x80000000u;
    private const uint LowerMask = 0x7fffffffu;

    private readonly uint[] _state = new uint[StateWords];
    private int _index;

    private PythonRandom()
    {
    }

    /// <summary>Seeds as <c>random.Random(seed)</c> does for an int seed (its absolute value).</summary>
    public static PythonRandom FromSeed(long seed)
    {
        var random = new PythonRandom();
        random.Reseed(seed);
        return random;
    }

    /// <summary>Seeds from operating-system entropy, as <c>random.Random(None)</c> does.</summary>
    public static PythonRandom FromEntropy()
    {
        var random = new PythonRandom();
        random.ReseedFromEntropy();
        return random;
    }

    /// <summary>Re-seeds in place as <c>random.Random(seed)</c> would, without allocating.</summary>
    public void Reseed(long seed)
    {
        var magnitude = seed == long.MinValue ? 1UL << 63 : (ulong)Math.Abs(seed);
        Span<uint> key = stackalloc uint[2];
        key[0] = (uint)magnitude;
        key[1] = (uint)(magnitude >> 32);
        InitByArray(key[1] == 0 ? key[..1] : key);
    }

    /// <summary>Re-seeds in place from operating-system entropy.</summary>
    public void ReseedFromEntropy()
    {
        Span<uint> key = stackalloc uint[StateWords];
        RandomNumberGenerator.Fill(System.Runtime.InteropServices.MemoryMarshal.AsBytes(key));
        InitByArray(key);
    }

    /// <summary>Seeds as numpy's legacy <c>RandomState(seed)</c> does for a 32-bit int (init_genrand).</summary>
    public static PythonRandom FromNumpyLegacySeed(uint seed)
    {
        var random = new PythonRandom();
        random.InitGenrand(seed);
        return random;
    }

    /// <summary>The next 32-bit output word.</summary>
    public uint NextUInt32()
    {
        if (_index >= StateWords)
        {
            Twist();
        }

        var y = _state[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary><c>getrandbits(k)</c> for 0 &lt; k ≤ 32: the top k bits of one word.</summary>
    public uint GetRandBits(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, 32);
        return NextUInt32() >> (32 - k);
    }

    /// <summary><c>random()</c>: a double in [0, 1) with 53 random bits from two words.</summary>
    public double NextDouble()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary><c>_randbelow(n)</c>: rejection sampling on <c>getrandbits(n.bit_length())</c>.</summary>
    public int RandBelow(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var bits = 32 - BitOperations.LeadingZeroCount((uint)n);
        var r = GetRandBits(bits);
        while (r >= (uint)n)
        {
            r = GetRandBits(bits);
        }

        return (int)r;
    }

    /// <summary>
    /// <c>sample(range(n), k)</c> written into <paramref name="result"/>, drawing exactly what CPython draws: a partial
    /// Fisher–Yates over a pool when n is at most CPython's set-size threshold, rejection of repeats otherwise.
    /// <paramref name="pool"/> needs n entries and <paramref name="seen"/> n flags (all false; left all false).
    /// </summary>
    public void SampleRange(int n, Span<int> result, Span<int> pool, Span<bool> seen)
    {
        var k = result.Length;
        if (k > n)
        {
            throw new ArgumentException("Sample larger than population.", nameof(result));
        }

        if (n <= SampleSetSize(k))
        {
            for (var i = 0; i < n; i++)
            {
                pool[i] = i;
            }

            for (var i = 0; i < k; i++)
            {
                var j = RandBelow(n - i);
                result[i] = pool[j];
                pool[j] = pool[n - i - 1];
            }

            return;
        }

        for (var i = 0; i < k; i++)
        {
            var j = RandBelow(n);
            while (seen[j])
            {
                j = RandBelow(n);
            }

            seen[j] = true;
            result[i] = j;
        }

        foreach (var j in result)
        {
            seen[j] = false;
        }
    }

    /// <summary>CPython's threshold between the pool and the set algorithm: 21, plus 4^⌈log₄(3k)⌉ when k &gt; 5.</summary>
    internal static int SampleSetSize(int k)
    {
        var size = 21;
        if (k > 5)
        {
            size += (int)Math.Pow(4, Math.Ceiling(Math.Log(k * 3.0) / Math.Log(4)));
        }

        return size;
    }

    /// <summary>Writes the 624 state words and the position.</summary>
    public void WriteState(BinaryWriter writer)
    {
        foreach (var word in _state)
        {
            writer.Write(word);
        }

        writer.Write(_index);
    }

    /// <summary>Restores what <see cref="WriteState"/> wrote.</summary>
    public void ReadState(BinaryReader reader)
    {
        for (var i = 0; i < StateWords; i++)
        {
            _state[i] = reader.ReadUInt32();
        }

        var index = reader.ReadInt32();
        if (index < 0 || index > StateWords)
        {
            throw new InvalidDataException($"Generator position {index} is out of range.");
        }

        _index = index;
    }

    private void InitGenrand(uint seed)
    {
        _state[0] = seed;
        for (var i = 1; i < StateWords; i++)
        {
            _state[i] = (1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30))) + (uint)i;
        }

        _index = StateWords;
    }

    private void InitByArray(ReadOnlySpan<uint> key)
    {
        InitGenrand(19650218u);
        int i = 1, j = 0;
        for (var k = Math.Max(StateWords, key.Length); k > 0; k--)
        {
            _state[i] = (_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j;
            i++;
            j++;
            if (i >= StateWords)
            {
                _state[0] = _state[StateWords - 1];
                i = 1;
            }

            if (j >= key.Length)
            {
                j = 0;
            }
        }

        for (var k = StateWords - 1; k > 0; k--)
        {
            _state[i] = (_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1566083941u)) - (uint)i;
            i++;
            if (i >= StateWords)
            {
                _state[0] = _state[StateWords - 1];
                i = 1;
            }
        }

        _state[0] = 0x80000000u;
        _index = StateWords;
    }

    private void Twist()
    {
        for (var kk = 0; kk < StateWords; kk++)
        {
            var y = (_state[kk] & UpperMask) | (_state[(kk + 1) % StateWords] & LowerMask);
            _state[kk] = _state[(kk + Shift) % StateWords] ^ (y >> 1) ^ ((y & 1) != 0 ? MatrixA : 0u);
        }

        _index = 0;
    }
}
