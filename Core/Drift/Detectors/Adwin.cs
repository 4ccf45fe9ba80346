namespace StreamML.Core.Drift.Detectors;

/// <summary>
/// ADWIN (adaptive windowing, Bifet and Gavaldà 2007) with River's semantics: an exponential histogram of buckets
/// summarises a window that grows while the stream is stationary; every <c>clock</c> updates, once the window is longer
/// than <c>grace_period</c>, every cut of the window into an older and a newer part is tested, and the oldest bucket is
/// dropped for as long as some cut shows a significant difference of means. An update that dropped anything reports a
/// drift, and the next update starts from an empty window.
/// </summary>
/// <remarks>
/// <para>
/// Parameters, defaults and arithmetic follow River 0.26 (<c>river/drift/adwin.py</c> and its window in
/// <c>rust_src/adwin.rs</c>, which River 0.25 made bit-identical to the Cython <c>adwin_c.pyx</c> it replaced):
/// the bucket merge, the variance bookkeeping of Babcock et al., the cut scan from the oldest bucket to the newest and
/// the bound <c>sqrt(2·m·σ²/W·δ′) + 2/3·δ′·m</c> with <c>δ′ = ln(2·ln W / δ)</c> and
/// <c>m = 1/(n0 − min_window_length + 1) + 1/(n1 − min_window_length + 1)</c> are computed in the same order, so the
/// same inputs give the same flags at the same updates.
/// </para>
/// <para>
/// Differences from earlier River releases. The Cython window of earlier releases scanned each bucket row with
/// <c>range(current_idx - 1)</c>, so the newest bucket of every row was never a cut point; the current window (and
/// this class) tests every bucket. Releases before <c>clock</c>, <c>max_buckets</c>, <c>min_window_length</c> and
/// <c>grace_period</c> became parameters fixed them at 32, 5, 5 and 10, returned <c>(drift, warning)</c> from
/// <c>update</c> and kept the window after a drift, only shrinking it, so one change was reported several times in a
/// row (their docstring prints 1023, 1055, 1087 and 1119 for one change, on a numpy stream); since then the update
/// after a detection starts a new window, as here, and the change is reported once.
/// </para>
/// <para>
/// River counts updates in a 32-bit integer; this class counts them in 64 bits, which gives the same answers for the
/// first 2^31 updates after a reset and keeps working after them.
/// </para>
/// <para>
/// River accepts <c>max_buckets=1</c>, with which a merge can leave a row of the histogram empty and a later drop
/// then reads an empty row; this class requires at least 2.
/// </para>
/// <para>Update allocates nothing: the buckets live in arrays sized for 2^32 times <c>max_buckets</c> values.</para>
/// </remarks>
public sealed class Adwin : IDriftDetector
{
    private const string Tag = "ADWIN";
    private const byte Version = 1;
    private const int InitialRows = 32;

    private readonly int _rowCapacity; // max_buckets + 1 slots per row
    private double[] _totals;
    private double[] _variances;
    private int[] _counts;
    private int _rows;

    private double _total;
    private double _variance;
    private double _width;
    private long _tick;
    private bool _drift;

    /// <summary>Creates the detector with River's parameter names and defaults.</summary>
    /// <param name="delta">Significance value δ of the cut test, in (0, 1); River's default 0.002.</param>
    /// <param name="clock">How many updates between two cut tests, at least 1; River's default 32.</param>
    /// <param name="maxBuckets">How many buckets of each size are kept before two are merged, at least 2; default 5.</param>
    /// <param name="minWindowLength">Shortest sub-window a cut may leave on either side, at least 1; default 5.</param>
    /// <param name="gracePeriod">The window must be longer than this before any test, at least 0; default 10.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside the range given above.</exception>
    public Adwin(double delta = 0.002, int clock = 32, int maxBuckets = 5, int minWindowLength = 5, int gracePeriod = 10)
    {
        DriftParameterException.Check(delta > 0 && delta < 1, "delta", delta, "must be greater than 0 and less than 1");
        DriftParameterException.Check(clock >= 1, "clock", clock, "must be at least 1");
        DriftParameterException.Check(maxBuckets >= 2 && maxBuckets <= 1_000_000, "max_buckets", maxBuckets, "must be between 2 and 1000000");
        DriftParameterException.Check(minWindowLength >= 1, "min_window_length", minWindowLength, "must be at least 1");
        DriftParameterException.Check(gracePeriod >= 0, "grace_period", gracePeriod, "must be at least 0");
        Delta = delta;
        Clock = clock;
        MaxBuckets = maxBuckets;
        MinWindowLength = minWindowLength;
        GracePeriod = gracePeriod;
        _rowCapacity = maxBuckets + 1;
        _totals = new double[InitialRows * _rowCapacity];
        _variances = new double[InitialRows * _rowCapacity];
        _counts = new int[InitialRows];
        Reset();
    }

    /// <inheritdoc/>
    public string Name => Tag;

    /// <summary>River's <c>delta</c>.</summary>
    public double Delta { get; }

    /// <summary>River's <c>clock</c>.</summary>
    public int Clock { get; }

    /// <summary>River's <c>max_buckets</c>.</summary>
    public int MaxBuckets { get; }

    /// <summary>River's <c>min_window_length</c>.</summary>
    public int MinWindowLength { get; }

    /// <summary>River's <c>grace_period</c>.</summary>
    public int GracePeriod { get; }

    /// <summary>Number of values in the current window (River's <c>width</c>).</summary>
    public double Width => _width;

    /// <summary>Sum of the values in the current window (River's <c>total</c>).</summary>
    public double Total => _total;

    /// <summary>Sum of squared deviations from the window mean (River's <c>variance</c>).</summary>
    public double Variance => _variance;

    /// <summary>Mean of the current window, 0 when it is empty (River's <c>estimation</c>).</summary>
    public double Estimation => _width == 0 ? 0.0 : _total / _width;

    /// <inheritdoc/>
    public bool DriftDetected => _drift;

    /// <inheritdoc/>
    public bool WarningDetected => false;

    /// <inheritdoc/>
    public void Update(double value)
    {
        if (_drift)
        {
            Reset();
        }

        Insert(value);
        _drift = DetectChange();
    }

    /// <inheritdoc/>
    public void Reset()
    {
        Array.Clear(_totals);
        Array.Clear(_variances);
        Array.Clear(_counts);
        _rows = 1;
        _total = 0;
        _variance = 0;
        _width = 0;
        _tick = 0;
        _drift = false;
    }

    private void Insert(double value)
    {
        _totals[_counts[0]] = value;
        _variances[_counts[0]] = 0.0;
        _counts[0]++;

        _width += 1.0;
        var incremental = 0.0;
        if (_width > 1.0)
        {
            var d = value - (_total / (_width - 1.0));
            incremental = (_width - 1.0) * d * d / _width;
        }

        _variance += incremental;
        _total += value;
        Compress();
    }

    private void Compress()
    {
        var row = 0;
        while (_counts[row] == MaxBuckets + 1)
        {
            var size = (double)(1L << row);
            var start = row * _rowCapacity;
            var t0 = _totals[start];
            var t1 = _totals[start + 1];
            var mu1 = t0 / size;
            var mu2 = t1 / size;
            var merged = t0 + t1;
            var mergedVariance = _variances[start] + _variances[start + 1] + (size * 0.5 * (mu1 - mu2) * (mu1 - mu2));

            if (row + 1 >= _rows)
            {
                AddRow();
            }

            var next = (row + 1) * _rowCapacity;
            var nextCount = _counts[row + 1];
            _totals[next + nextCount] = merged;
            _variances[next + nextCount] = mergedVariance;
            _counts[row + 1] = nextCount + 1;
            RemoveOldest(row, 2);

            if (_counts[row + 1] <= MaxBuckets)
            {
                break;
            }

            row++;
        }
    }

    private void AddRow()
    {
        if (_rows == _counts.Length)
        {
            // Unreachable in practice (the initial rows hold 2^32 · max_buckets values) but kept correct.
            Array.Resize(ref _counts, _counts.Length * 2);
            Array.Resize(ref _totals, _counts.Length * _rowCapacity);
            Array.Resize(ref _variances, _counts.Length * _rowCapacity);
        }

        _counts[_rows] = 0;
        _rows++;
    }

    private void RemoveOldest(int row, int n)
    {
        var start = row * _rowCapacity;
        var count = _counts[row];
        var remaining = count - n;
        if (remaining > 0)
        {
            Array.Copy(_totals, start + n, _totals, start, remaining);
            Array.Copy(_variances, start + n, _variances, start, remaining);
        }

        for (var i = remaining; i < count; i++)
        {
            _totals[start + i] = 0.0;
            _variances[start + i] = 0.0;
        }

        _counts[row] = remaining;
    }

    private void DeleteOldestBucket()
    {
        var last = _rows - 1;
        var n = (double)(1L << last);
        var start = last * _rowCapacity;
        var u = _totals[start];
        var v = _variances[start];
        var mu = u / n;

        _width -= n;
        _total -= u;
        var muWindow = _total / _width;
        _variance -= v + (n * _width * (mu - muWindow) * (mu - muWindow) / (n + _width));

        RemoveOldest(last, 1);
        if (_counts[last] == 0 && last > 0)
        {
            _rows--;
        }
    }

    private bool DetectChange()
    {
        var changed = false;
        _tick++;
        if (_tick % Clock != 0 || !(_width > GracePeriod))
        {
            return false;
        }

        var minLength = (double)MinWindowLength;
        var reduce = true;
        while (reduce)
        {
            reduce = false;

            // River recomputes these for every cut; they depend only on the window, which is fixed within one pass,
            // so computing them once per pass gives the same values and saves two logarithms per cut.
            var deltaPrime = Math.Log(2 * Math.Log(_width) / Delta);
            var variancePerValue = _variance / _width;
            var n0 = 0.0;
            var n1 = _width;
            var u0 = 0.0;
            var u1 = _total;
            var done = false;

            for (var row = _rows - 1; row >= 0 && !done; row--)
            {
                var size = (double)(1L << row);
                var count = _counts[row];
                var start = row * _rowCapacity;
                for (var k = 0; k < count; k++)
                {
                    n0 += size;
                    n1 -= size;
                    var t = _totals[start + k];
                    u0 += t;
                    u1 -= t;

                    if (row == 0 && k == count - 1)
                    {
                        done = true;
                        break;
                    }

                    var deltaMean = (u0 / n0) - (u1 / n1);
                    if (n1 >= minLength && n0 >= minLength && CutIsSignificant(n0, n1, deltaMean, minLength, deltaPrime, variancePerValue))
                    {
                        reduce = true;
                        changed = true;
                        if (_width > 0)
                        {
                            DeleteOldestBucket();
                            done = true;
                            break;
                        }
                    }
                }
            }
        }

        return changed;
    }

    private static bool CutIsSignificant(double n0, double n1, double deltaMean, double minLength, double deltaPrime, double variancePerValue)
    {
        var mRecip = (1.0 / (n0 - minLength + 1)) + (1.0 / (n1 - minLength + 1));
        var epsilon = Math.Sqrt(2 * mRecip * variancePerValue * deltaPrime) + (2.0 / 3.0 * deltaPrime * mRecip);
        return Math.Abs(deltaMean) > epsilon;
    }

    /// <inheritdoc/>
    public void WriteState(BinaryWriter writer)
    {
        DriftState.WriteHeader(writer, Tag, Version);
        writer.Write(Delta);
        writer.Write(Clock);
        writer.Write(MaxBuckets);
        writer.Write(MinWindowLength);
        writer.Write(GracePeriod);
        writer.Write(_total);
        writer.Write(_variance);
        writer.Write(_width);
        writer.Write(_tick);
        writer.Write(_drift);
        writer.Write(_rows);
        for (var row = 0; row < _rows; row++)
        {
            var count = _counts[row];
            writer.Write(count);
            var start = row * _rowCapacity;
            for (var k = 0; k < count; k++)
            {
                writer.Write(_totals[start + k]);
                writer.Write(_variances[start + k]);
            }
        }
    }

    /// <inheritdoc/>
    public void ReadState(BinaryReader reader)
    {
        DriftState.ReadHeader(reader, Tag, Version);
        DriftState.Read(() =>
        {
            DriftState.Expect(Tag, "delta", reader.ReadDouble(), Delta);
            DriftState.Expect(Tag, "clock", reader.ReadInt32(), Clock);
            DriftState.Expect(Tag, "max_buckets", reader.ReadInt32(), MaxBuckets);
            DriftState.Expect(Tag, "min_window_length", reader.ReadInt32(), MinWindowLength);
            DriftState.Expect(Tag, "grace_period", reader.ReadInt32(), GracePeriod);
            var total = reader.ReadDouble();
            var variance = reader.ReadDouble();
            var width = reader.ReadDouble();
            var tick = reader.ReadInt64();
            var drift = DriftState.ReadFlag(reader);
            var rows = reader.ReadInt32();
            if (rows < 1 || rows > 64)
            {
                throw new InvalidDataException($"{Tag} detector state is corrupt: {rows} bucket rows");
            }

            var counts = new int[Math.Max(InitialRows, rows)];
            var totals = new double[counts.Length * _rowCapacity];
            var variances = new double[counts.Length * _rowCapacity];
            for (var row = 0; row < rows; row++)
            {
                var count = reader.ReadInt32();
                if (count < 0 || count > MaxBuckets)
                {
                    throw new InvalidDataException($"{Tag} detector state is corrupt: bucket row {row} holds {count} buckets");
                }

                counts[row] = count;
                for (var k = 0; k < count; k++)
                {
                    totals[(row * _rowCapacity) + k] = reader.ReadDouble();
                    variances[(row * _rowCapacity) + k] = reader.ReadDouble();
                }
            }

            _counts = counts;
            _totals = totals;
            _variances = variances;
            _rows = rows;
            _total = total;
            _variance = variance;
            _width = width;
            _tick = tick;
            _drift = drift;
            return 0;
        });
    }
}
