namespace StreamML.Core.Drift.Sketches;

/// <summary>
/// A KLL quantile sketch (Karnin, Lang and Liberty, "Optimal Quantile Approximation in Streams", FOCS 2016) of the finite
/// values of a stream: levels of compactors whose capacities shrink by 2/3 per level below the top (never below 8); a full
/// level is sorted and every other item, from a random offset, moves up with twice the weight. Sketches with the same
/// <see cref="K"/> merge by concatenating levels and compacting, so silos sketch locally and a monitor merges.
/// It also keeps the exact count, minimum, maximum, mean and variance (Chan's parallel update), which merge exactly.
/// </summary>
/// <remarks>
/// Error: the estimated rank of any value is within ε·n of its true rank with high probability, ε = O(1/k). For the
/// default k = 200 the reference implementation (Apache DataSketches) documents a normalised rank error of 1.33%
/// (single rank) and 1.65% (all ranks at once) at 99% confidence; the tests here hold this sketch to 1.65% on every
/// stream they try, merged or not. Memory is about 3k values whatever the stream length. The coin flips come from a
/// SplitMix64 generator seeded at construction and kept in the serialised state, so a sketch is reproducible.
/// </remarks>
public sealed class KllSketch
{
    /// <summary>The default accuracy parameter.</summary>
    public const int DefaultK = 200;

    private const int MinCapacity = 8;
    private const uint Magic = 0x4C4B4D53; // "SMKL"
    private const byte Version = 1;

    private readonly List<List<double>> _levels = [[]];
    private ulong _random;
    private int _size;
    private double _mean;
    private double _m2;
    private (double[] Values, long[] CumulativeWeights)? _sorted;

    /// <summary>Creates an empty sketch.</summary>
    /// <param name="k">Accuracy parameter (≥ 8): the capacity of the top level; error shrinks as 1/k.</param>
    /// <param name="seed">Seed of the compaction coin flips.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 8.</exception>
    public KllSketch(int k = DefaultK, ulong seed = 0x5EED)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, MinCapacity);
        K = k;
        _random = seed;
        Min = double.NaN;
        Max = double.NaN;
    }

    /// <summary>The accuracy parameter.</summary>
    public int K { get; }

    /// <summary>Finite values summarised.</summary>
    public long Count { get; private set; }

    /// <summary>NaN and ±∞ values seen and ignored.</summary>
    public long NonFinite { get; private set; }

    /// <summary>The smallest finite value (NaN when empty).</summary>
    public double Min { get; private set; }

    /// <summary>The largest finite value (NaN when empty).</summary>
    public double Max { get; private set; }

    /// <summary>The exact mean of the finite values.</summary>
    public double Mean => Count == 0 ? double.NaN : _mean;

    /// <summary>The exact population standard deviation (ddof = 0) of the finite values.</summary>
    public double StandardDeviation => Count == 0 ? double.NaN : Math.Sqrt(_m2 / Count);

    /// <summary>Values retained (the sketch's memory in items).</summary>
    public int RetainedItems => _size;

    /// <summary>Adds one value; NaN and ±∞ are only counted.</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            NonFinite++;
            return;
        }

        _sorted = null;
        Count++;
        if (Count == 1)
        {
            Min = value;
            Max = value;
        }
        else
        {
            Min = Math.Min(Min, value);
            Max = Math.Max(Max, value);
        }

        var delta = value - _mean;
        _mean += delta / Count;
        _m2 += delta * (value - _mean);
        _levels[0].Add(value);
        _size++;
        if (_size >= MaxSize())
        {
            Compress();
        }
    }

    /// <summary>Adds every value.</summary>
    public void AddRange(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            Add(v);
        }
    }

    /// <summary>Merges another sketch (same <see cref="K"/>) into this one; the other is left unchanged.</summary>
    /// <exception cref="ArgumentException">The sketches have different k.</exception>
    public void Merge(KllSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.K != K)
        {
            throw new ArgumentException($"Cannot merge a sketch with k={other.K} into one with k={K}.", nameof(other));
        }

        NonFinite += other.NonFinite;
        if (other.Count == 0)
        {
            return;
        }

        _sorted = null;
        if (Count == 0)
        {
            Min = other.Min;
            Max = other.Max;
            _mean = other._mean;
            _m2 = other._m2;
        }
        else
        {
            Min = Math.Min(Min, other.Min);
            Max = Math.Max(Max, other.Max);
            var total = (double)(Count + other.Count);
            var delta = other._mean - _mean;
            _m2 += other._m2 + (delta * delta * Count * other.Count / total);
            _mean += delta * other.Count / total;
        }

        Count += other.Count;
        while (_levels.Count < other._levels.Count)
        {
            _levels.Add([]);
        }

        for (var h = 0; h < other._levels.Count; h++)
        {
            _levels[h].AddRange(other._levels[h]);
            _size += other._levels[h].Count;
        }

        while (_size >= MaxSize())
        {
            Compress();
        }
    }

    /// <summary>Estimated share of the values at or below <paramref name="value"/> (the empirical CDF).</summary>
    public double Cdf(double value)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var (values, cumulative) = SortedView();
        var index = UpperBound(values, value);
        return index == 0 ? 0.0 : cumulative[index - 1] / (double)Count;
    }

    /// <summary>Estimated value at rank share <paramref name="q"/> in [0, 1]: the smallest retained value whose estimated CDF reaches q.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="q"/> is outside [0, 1].</exception>
    public double Quantile(double q)
    {
        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "The rank share must be in [0, 1].");
        }

        if (Count == 0)
        {
            return double.NaN;
        }

        if (q == 0)
        {
            return Min;
        }

        if (q == 1)
        {
            return Max;
        }

        var (values, cumulative) = SortedView();
        var target = q * Count;
        for (var i = 0; i < values.Length; i++)
        {
            if (cumulative[i] >= target)
            {
                return values[i];
            }
        }

        return Max;
    }

    /// <summary>The retained values in ascending order with their cumulative weights (the last equals <see cref="Count"/>).</summary>
    public (double[] Values, long[] CumulativeWeights) SortedView()
    {
        if (_sorted is { } cached)
        {
            return cached;
        }

        var values = new double[_size];
        var weights = new long[_size];
        var i = 0;
        for (var h = 0; h < _levels.Count; h++)
        {
            foreach (var v in _levels[h])
            {
                values[i] = v;
                weights[i] = 1L << h;
                i++;
            }
        }

        Array.Sort(values, weights);
        for (var j = 1; j < weights.Length; j++)
        {
            weights[j] += weights[j - 1];
        }

        _sorted = (values, weights);
        return (values, weights);
    }

    /// <summary>The sketch as bytes (little-endian), restored exactly, coin state included, by <see cref="FromBytes"/>.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(K);
            writer.Write(Count);
            writer.Write(NonFinite);
            writer.Write(Min);
            writer.Write(Max);
            writer.Write(_mean);
            writer.Write(_m2);
            writer.Write(_random);
            writer.Write(_levels.Count);
            foreach (var level in _levels)
            {
                writer.Write(level.Count);
                foreach (var v in level)
                {
                    writer.Write(v);
                }
            }
        }

        return stream.ToArray();
    }

    /// <summary>Restores a sketch written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a sketch, are truncated or inconsistent.</exception>
    public static KllSketch FromBytes(ReadOnlySpan<byte> bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes.ToArray()));
        try
        {
            if (reader.ReadUInt32() != Magic || reader.ReadByte() != Version)
            {
                throw new InvalidDataException("The bytes are not a StreamML KLL sketch.");
            }

            var k = reader.ReadInt32();
            if (k < MinCapacity)
            {
                throw new InvalidDataException($"k = {k} is out of range.");
            }

            var sketch = new KllSketch(k)
            {
                Count = reader.ReadInt64(),
                NonFinite = reader.ReadInt64(),
                Min = reader.ReadDouble(),
                Max = reader.ReadDouble(),
            };
            sketch._mean = reader.ReadDouble();
            sketch._m2 = reader.ReadDouble();
            sketch._random = reader.ReadUInt64();
            var levelCount = reader.ReadInt32();
            if (levelCount < 1 || levelCount > 64)
            {
                throw new InvalidDataException($"Level count {levelCount} is out of range.");
            }

            sketch._levels.Clear();
            long weight = 0;
            for (var h = 0; h < levelCount; h++)
            {
                var count = reader.ReadInt32();
                if (count < 0 || count > bytes.Length / sizeof(double))
                {
                    throw new InvalidDataException($"Level {h} holds {count} items.");
                }

                var level = new List<double>(count);
                for (var i = 0; i < count; i++)
                {
                    level.Add(reader.ReadDouble());
                }

                sketch._levels.Add(level);
                sketch._size += count;
                weight += (long)count << h;
            }

            if (weight != sketch.Count || reader.BaseStream.Position != reader.BaseStream.Length)
            {
                throw new InvalidDataException("The sketch's weights do not add up to its count.");
            }

            return sketch;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("The sketch bytes are truncated.", ex);
        }
    }

    private int Capacity(int level)
    {
        var depth = _levels.Count - 1 - level;
        return Math.Max(MinCapacity, (int)Math.Ceiling(K * Math.Pow(2.0 / 3.0, depth)));
    }

    private int MaxSize()
    {
        var total = 0;
        for (var h = 0; h < _levels.Count; h++)
        {
            total += Capacity(h);
        }

        return total;
    }

    /// <summary>Compacts the lowest full level: sorted, pairs taken from the top, one item of each pair (by a coin) moves up.</summary>
    private void Compress()
    {
        for (var h = 0; h < _levels.Count; h++)
        {
            var level = _levels[h];
            if (level.Count < Capacity(h))
            {
                continue;
            }

            if (h + 1 == _levels.Count)
            {
                _levels.Add([]);
            }

            level.Sort();
            var keepUpper = (NextRandom() & 1) == 0;
            var up = _levels[h + 1];
            var pairs = level.Count / 2;
            var leftover = level.Count - (2 * pairs);
            for (var p = 0; p < pairs; p++)
            {
                var lower = level[leftover + (2 * p)];
                var upper = level[leftover + (2 * p) + 1];
                up.Add(keepUpper ? upper : lower);
            }

            level.RemoveRange(leftover, level.Count - leftover);
            _size -= pairs;
            return;
        }
    }

    private ulong NextRandom()
    {
        var z = _random += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
