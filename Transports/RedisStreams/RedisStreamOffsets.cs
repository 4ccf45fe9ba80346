using System.Globalization;

namespace StreamML.Transports.RedisStreams;

/// <summary>
/// Maps Redis stream entry ids (<c>ms-seq</c>, two unsigned 64-bit numbers) to the monotonic long offsets StreamML
/// checkpoints, and back. The exact encoding is <c>offset = ms &lt;&lt; 20 | seq</c>; a reader numbers every legal id
/// with <see cref="Next"/>, which keeps the exact encoding where it can and counts on from the previous offset where it
/// cannot, handing the id itself to the checkpoint then.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="ToOffset"/> and <see cref="ToId"/> are the exact encoding: it keeps the order of ids and is exact within
/// its limits (at most 2^20 - 1 entries in one millisecond, millisecond times below 2^43), and refuses ids outside them
/// rather than truncate them.
/// </para>
/// <para>
/// No long can name every one of the 2^128 ids, so a reader numbers them by <see cref="Next"/>: an id below
/// <see cref="ExactMilliseconds"/> with a sequence that fits gets its exact offset, unless that is not above the
/// previous entry's offset; any other id gets the previous offset plus one. The offsets of a stream are then strictly
/// increasing and depend only on the entries since a checkpoint, so a replay from the checkpoint numbers them alike,
/// and where an offset is not the exact encoding the checkpoint keeps the id as its position. Exact offsets stay below
/// 2^62, which leaves 2^62 offsets to count on with: more than a stream can hold. A checkpoint written before
/// positions existed holds an exact offset and resumes after the id <see cref="ToId"/> gives.
/// </para>
/// </remarks>
public static class RedisStreamOffsets
{
    /// <summary>Bits of the offset that hold the sequence number within a millisecond.</summary>
    public const int SequenceBits = 20;

    /// <summary>The largest sequence number that fits.</summary>
    public const long MaxSequence = (1L << SequenceBits) - 1;

    /// <summary>The largest millisecond time that fits.</summary>
    public const long MaxMilliseconds = (1L << (63 - SequenceBits)) - 1;

    /// <summary>
    /// The millisecond time (2^42, in the year 2109) from which <see cref="Next"/> counts rather than encodes, so that
    /// the offsets above the exact ones never run out.
    /// </summary>
    public const long ExactMilliseconds = 1L << 42;

    /// <summary>The offset of stream id <paramref name="id"/>.</summary>
    /// <exception cref="FormatException">The id is not <c>ms-seq</c> or is beyond the limits.</exception>
    public static long ToOffset(string id)
    {
        var (ms, seq) = Parse(id);
        if (ms > MaxMilliseconds || seq > MaxSequence)
        {
            throw new FormatException(
                $"Stream id '{id}' is beyond what a StreamML offset holds (ms <= {MaxMilliseconds}, seq <= {MaxSequence}).");
        }

        return ((long)ms << SequenceBits) | (long)seq;
    }

    /// <summary>The stream id of <paramref name="offset"/>.</summary>
    public static string ToId(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return string.Create(CultureInfo.InvariantCulture, $"{offset >> SequenceBits}-{offset & MaxSequence}");
    }

    /// <summary>
    /// The offset of entry <paramref name="id"/> read right after an entry numbered <paramref name="previous"/> (-1 for
    /// the first entry of a stream read from its start); <paramref name="exact"/> tells whether it is the exact encoding,
    /// so that <see cref="ToId"/> gives the id back and a checkpoint needs no position.
    /// </summary>
    /// <exception cref="FormatException">The id is not <c>ms-seq</c> of two unsigned 64-bit numbers.</exception>
    /// <exception cref="OverflowException">The offsets ran out: 2^62 entries were numbered past the exact ones.</exception>
    public static long Next(long previous, string id, out bool exact)
    {
        var (ms, seq) = Parse(id);
        if (ms < ExactMilliseconds && seq <= MaxSequence)
        {
            var encoded = ((long)ms << SequenceBits) | (long)seq;
            if (encoded > previous)
            {
                exact = true;
                return encoded;
            }
        }

        exact = false;
        return checked(previous + 1);
    }

    /// <summary>Whether <paramref name="id"/> is a stream id: <c>ms-seq</c> of two unsigned 64-bit decimal numbers.</summary>
    public static bool IsId(string? id) => id is not null && TryParse(id, out _, out _);

    private static (ulong Ms, ulong Seq) Parse(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return TryParse(id, out var ms, out var seq) ? (ms, seq) : throw new FormatException($"'{id}' is not a Redis stream id (ms-seq).");
    }

    private static bool TryParse(string id, out ulong ms, out ulong seq)
    {
        (ms, seq) = (0, 0);
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && ulong.TryParse(id.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out ms)
            && ulong.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out seq);
    }
}
