using System.Globalization;
using System.Numerics;
using CsCheck;
using StreamML.Transports.RedisStreams;

namespace StreamML.Transports.Tests;

/// <summary>
/// How a reader numbers Redis stream ids (<see cref="RedisStreamOffsets.Next"/>), over the whole id space (two unsigned
/// 64-bit numbers), against a model: ids compared as 128-bit numbers.
/// </summary>
[Trait("Category", "BVT")]
public sealed class RedisStreamPositionTests
{
    private const ulong Exact = 1UL << 42;

    // Every part of the space, with its edges drawn often: zero, the top of the exact encoding, the top of the id space.
    private static readonly Gen<ulong> Milliseconds = Gen.OneOf(
        Gen.ULong,
        Gen.ULong[0, 4],
        Gen.ULong[Exact - 3, Exact + 3],
        Gen.ULong[(ulong)RedisStreamOffsets.MaxMilliseconds - 2, (ulong)RedisStreamOffsets.MaxMilliseconds + 2],
        Gen.ULong[1_700_000_000_000, 1_900_000_000_000],
        Gen.ULong[ulong.MaxValue - 3, ulong.MaxValue]);

    private static readonly Gen<ulong> Sequences = Gen.OneOf(
        Gen.ULong,
        Gen.ULong[0, 8],
        Gen.ULong[(ulong)RedisStreamOffsets.MaxSequence - 3, (ulong)RedisStreamOffsets.MaxSequence + 3],
        Gen.ULong[ulong.MaxValue - 3, ulong.MaxValue]);

    /// <summary>A stream's ids: distinct, in increasing order, as Redis keeps them (0-0 is never an entry id).</summary>
    private static readonly Gen<(ulong Ms, ulong Seq)[]> Streams =
        Gen.Select(Milliseconds, Sequences).Array[1, 60].Select(ids => ids
            .Where(id => id != (0, 0))
            .Distinct()
            .OrderBy(id => Key(id))
            .ToArray())
        .Where(ids => ids.Length > 0);

    private static BigInteger Key((ulong Ms, ulong Seq) id) => ((BigInteger)id.Ms << 64) | id.Seq;

    private static string IdOf((ulong Ms, ulong Seq) id) => string.Create(CultureInfo.InvariantCulture, $"{id.Ms}-{id.Seq}");

    /// <summary>Numbers a stream's ids from a start, as a reader does: each offset and the position a checkpoint would keep.</summary>
    private static (long Offset, string? Position)[] Number(IEnumerable<(ulong Ms, ulong Seq)> ids, long previous)
    {
        var numbered = new List<(long, string?)>();
        foreach (var id in ids)
        {
            var text = IdOf(id);
            previous = RedisStreamOffsets.Next(previous, text, out var exact);
            numbered.Add((previous, exact ? null : text));
        }

        return [.. numbered];
    }

    [Fact]
    public void Next_AnyStream_OffsetsStrictlyIncrease()
    {
        Streams.Sample(ids =>
        {
            var offsets = Number(ids, -1).Select(n => n.Offset).ToArray();
            Assert.All(offsets, o => Assert.True(o >= 0));
            Assert.True(offsets.Zip(offsets.Skip(1)).All(p => p.First < p.Second));
        }, iter: 20_000);
    }

    [Fact]
    public void Next_ResumedFromAnyCheckpoint_NumbersTheRestAlikeAndResumesAfterTheCheckpointedId()
    {
        Gen.Select(Streams, Gen.Int[0, 59]).Sample((ids, cut) =>
        {
            var k = cut % ids.Length;
            var all = Number(ids, -1);
            var (offset, position) = all[k];

            // The checkpoint names the id exactly: by its position, or by the offset's exact encoding.
            Assert.Equal(IdOf(ids[k]), position ?? RedisStreamOffsets.ToId(offset));
            Assert.Equal(all.Skip(k + 1), Number(ids.Skip(k + 1), offset));
        }, iter: 20_000);
    }

    [Fact]
    public void Next_ExactOffsets_RoundTripThroughToIdAndToOffset()
    {
        Streams.Sample(ids =>
        {
            foreach (var ((offset, position), id) in Number(ids, -1).Zip(ids))
            {
                if (position is null)
                {
                    Assert.Equal(IdOf(id), RedisStreamOffsets.ToId(offset));
                    Assert.Equal(offset, RedisStreamOffsets.ToOffset(IdOf(id)));
                }
                else
                {
                    Assert.Equal(IdOf(id), position);
                    Assert.True(RedisStreamOffsets.IsId(position));
                }
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Next_IdsWithinTheExactEncodingAfterOthersLikeThem_AreTheirExactOffsets()
    {
        var inRange = Gen.Select(Gen.ULong[0, Exact - 1], Gen.ULong[0, (ulong)RedisStreamOffsets.MaxSequence]).Array[1, 40]
            .Select(ids => ids.Where(id => id != (0, 0)).Distinct().OrderBy(id => Key(id)).ToArray());
        inRange.Sample(ids =>
        {
            Assert.Equal(ids.Select(id => RedisStreamOffsets.ToOffset(IdOf(id))), Number(ids, -1).Select(n => n.Offset));
            Assert.All(Number(ids, -1), n => Assert.Null(n.Position));
        }, iter: 10_000);
    }

    [Theory]
    [InlineData("0-2000000")]
    [InlineData("8796093022208-0")]
    [InlineData("18446744073709551615-18446744073709551615")]
    [InlineData("4398046511104-0")]
    public void Next_IdsBeyondTheExactEncoding_CountOnFromThePreviousOffset(string id)
    {
        var offset = RedisStreamOffsets.Next(1_000, id, out var exact);

        Assert.False(exact);
        Assert.Equal(1_001, offset);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("12-")]
    [InlineData("12-x")]
    [InlineData("18446744073709551616-0")]
    [InlineData("1-18446744073709551616")]
    public void Next_Malformed_Throws(string id)
    {
        Assert.Throws<FormatException>(() => RedisStreamOffsets.Next(-1, id, out _));
        Assert.False(RedisStreamOffsets.IsId(id));
    }
}
