using System.Globalization;

namespace StreamML.Transports.RedisStreams;

/// <summary>
/// Maps Redis stream entry ids (<c>ms-seq</c>) to the monotonic long offsets StreamML checkpoints, and back:
/// <c>offset = ms &lt;&lt; 20 | seq</c>.
/// </summary>
/// <remarks>
/// The order of ids is kept (a later id always has a larger offset), and the mapping is exact within its limits:
/// at most 2^20 - 1 (1,048,575) entries in one millisecond of one stream, and millisecond times below 2^43 (about
/// the year 2248). Ids outside the limits are refused with an exception, never truncated.
/// </remarks>
public static class RedisStreamOffsets
{
    /// <summary>Bits of the offset that hold the sequence number within a millisecond.</summary>
    public const int SequenceBits = 20;

    /// <summary>The largest sequence number that fits.</summary>
    public const long MaxSequence = (1L << SequenceBits) - 1;

    /// <summary>The largest millisecond time that fits.</summary>
    public const long MaxMilliseconds = (1L << (63 - SequenceBits)) - 1;

    /// <summary>The offset of stream id <paramref name="id"/>.</summary>
    /// <exception cref="FormatException">The id is not <c>ms-seq</c> or is beyond the limits.</exception>
    public static long ToOffset(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !long.TryParse(id.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !long.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            throw new FormatException($"'{id}' is not a Redis stream id (ms-seq).");
        }

        if (ms > MaxMilliseconds || seq > MaxSequence)
        {
            throw new FormatException(
                $"Stream id '{id}' is beyond what a StreamML offset holds (ms <= {MaxMilliseconds}, seq <= {MaxSequence}).");
        }

        return (ms << SequenceBits) | seq;
    }

    /// <summary>The stream id of <paramref name="offset"/>.</summary>
    public static string ToId(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return string.Create(CultureInfo.InvariantCulture, $"{offset >> SequenceBits}-{offset & MaxSequence}");
    }
}
