using StreamML.Core.Drift.Statistics;

namespace StreamML.Core.Drift.Sketches;

/// <summary>
/// Counts of a live stream over fixed bin edges (typically the reference window's), mergeable by adding counts, so each
/// silo counts its share locally and a monitor merges them. Bins follow numpy.histogram (half-open, the last closed);
/// values below the first or above the last edge are counted apart, and non-finite values are counted and otherwise
/// ignored, as Evidently drops them.
/// </summary>
public sealed class FixedBinHistogram
{
    private const uint Magic = 0x48424D53; // "SMBH"
    private const byte Version = 1;

    private readonly double[] _edges;
    private readonly long[] _counts;

    /// <summary>Creates an empty histogram over ascending, finite edges (at least two).</summary>
    /// <exception cref="ArgumentException">Fewer than two edges, or edges not finite and non-decreasing.</exception>
    public FixedBinHistogram(ReadOnlySpan<double> edges)
    {
        if (edges.Length < 2)
        {
            throw new ArgumentException("A histogram needs at least two edges.", nameof(edges));
        }

        for (var i = 0; i < edges.Length; i++)
        {
            if (!double.IsFinite(edges[i]) || (i > 0 && edges[i] < edges[i - 1]))
            {
                throw new ArgumentException("Edges must be finite and ascending.", nameof(edges));
            }
        }

        _edges = edges.ToArray();
        _counts = new long[edges.Length - 1];
    }

    /// <summary>A histogram over the Sturges edges of the reference window's finite values, holding those values.</summary>
    /// <exception cref="ArgumentException">The reference has no finite value.</exception>
    public static FixedBinHistogram FromReference(ReadOnlySpan<double> reference)
    {
        var finite = new List<double>(reference.Length);
        foreach (var v in reference)
        {
            if (double.IsFinite(v))
            {
                finite.Add(v);
            }
        }

        if (finite.Count == 0)
        {
            throw new ArgumentException("The reference has no finite value.", nameof(reference));
        }

        var histogram = new FixedBinHistogram(HistogramEdges.Sturges(finite.ToArray()));
        histogram.AddRange(reference);
        return histogram;
    }

    /// <summary>The bin edges.</summary>
    public ReadOnlySpan<double> Edges => _edges;

    /// <summary>Counts per bin.</summary>
    public ReadOnlySpan<long> Counts => _counts;

    /// <summary>Finite values below the first edge.</summary>
    public long Below { get; private set; }

    /// <summary>Finite values above the last edge.</summary>
    public long Above { get; private set; }

    /// <summary>NaN and ±∞ values seen (not part of any statistic).</summary>
    public long NonFinite { get; private set; }

    /// <summary>Finite values counted, in bins or outside them.</summary>
    public long Total { get; private set; }

    /// <summary>Counts one value.</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            NonFinite++;
            return;
        }

        Total++;
        var bin = HistogramEdges.BinOf(value, _edges);
        if (bin >= 0)
        {
            _counts[bin]++;
        }
        else if (value < _edges[0])
        {
            Below++;
        }
        else
        {
            Above++;
        }
    }

    /// <summary>Counts every value.</summary>
    public void AddRange(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            Add(v);
        }
    }

    /// <summary>Adds another histogram's counts (same edges) into this one.</summary>
    /// <exception cref="ArgumentException">The edges differ.</exception>
    public void Merge(FixedBinHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!_edges.AsSpan().SequenceEqual(other._edges))
        {
            throw new ArgumentException("Histograms with different edges cannot be merged.", nameof(other));
        }

        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Below += other.Below;
        Above += other.Above;
        NonFinite += other.NonFinite;
        Total += other.Total;
    }

    /// <summary>
    /// Shares of the finite values per bin, with the values below and above the edges as two extra bins at the ends
    /// (so a stream that leaves the reference range shows as drift instead of vanishing).
    /// </summary>
    public double[] SharesWithOutliers()
    {
        var shares = new double[_counts.Length + 2];
        if (Total == 0)
        {
            return shares;
        }

        shares[0] = Below / (double)Total;
        for (var i = 0; i < _counts.Length; i++)
        {
            shares[i + 1] = _counts[i] / (double)Total;
        }

        shares[^1] = Above / (double)Total;
        return shares;
    }

    /// <summary>The histogram as bytes (little-endian), restored exactly by <see cref="FromBytes"/>.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(_edges.Length);
            foreach (var e in _edges)
            {
                writer.Write(e);
            }

            foreach (var c in _counts)
            {
                writer.Write(c);
            }

            writer.Write(Below);
            writer.Write(Above);
            writer.Write(NonFinite);
            writer.Write(Total);
        }

        return stream.ToArray();
    }

    /// <summary>Restores a histogram written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a histogram or are truncated.</exception>
    public static FixedBinHistogram FromBytes(ReadOnlySpan<byte> bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes.ToArray()));
        try
        {
            if (reader.ReadUInt32() != Magic || reader.ReadByte() != Version)
            {
                throw new InvalidDataException("The bytes are not a StreamML histogram.");
            }

            var edgeCount = reader.ReadInt32();
            if (edgeCount < 2 || edgeCount > (bytes.Length / sizeof(double)))
            {
                throw new InvalidDataException($"Edge count {edgeCount} is out of range.");
            }

            var edges = new double[edgeCount];
            for (var i = 0; i < edgeCount; i++)
            {
                edges[i] = reader.ReadDouble();
            }

            FixedBinHistogram histogram;
            try
            {
                histogram = new FixedBinHistogram(edges);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidDataException(ex.Message, ex);
            }

            for (var i = 0; i < histogram._counts.Length; i++)
            {
                histogram._counts[i] = reader.ReadInt64();
            }

            histogram.Below = reader.ReadInt64();
            histogram.Above = reader.ReadInt64();
            histogram.NonFinite = reader.ReadInt64();
            histogram.Total = reader.ReadInt64();
            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                throw new InvalidDataException("Trailing bytes after the histogram.");
            }

            return histogram;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("The histogram bytes are truncated.", ex);
        }
    }
}
